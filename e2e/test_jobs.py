"""Jobs and bridges in a real browser: a company posts an offer, picking its job among the titles
of the ROME that start with the words typed; a job coach finds it around the commune where the
person lives and applies for a person the structure follows; the company answers from the mailed
link, without signing in; every page of the module passes axe-core without any violation."""
import os
import re
import sqlite3

from playwright.sync_api import expect

from test_onboarding import assert_no_violation
from test_purchasing import signed_in


def text(locator):
    return re.sub(r"[\u202f\u00a0]", " ", locator.inner_text())


def test_a_company_posts_an_offer_that_a_job_coach_finds(browser, base_url):
    run = os.getpid()
    company = signed_in(browser, base_url, "entreprise")
    company.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Offres d’emploi").click()
    assert_no_violation(company)
    company.get_by_role("link", name="Publier une offre").first.click()
    assert_no_violation(company)
    title = f"Menuisier poseur {run}"
    company.get_by_label("Intitulé").fill(title)
    company.get_by_label("Métier (ROME)").fill("menuisier")
    company.get_by_label("Description du poste").fill("Pose de menuiseries chez nos clients de la métropole, en équipe de deux.")
    company.get_by_label("Compétences attendues").fill("Lecture de plans\nPose de menuiseries")
    company.get_by_label("Contrat", exact=True).select_option("cdi")
    company.get_by_label("Commune du poste").fill("Lille")
    company.get_by_role("button", name="Publier").click()
    # Several titles start with « menuisier »: the form offers them, and the summary takes the focus.
    expect(company.locator("#erreurs")).to_be_focused()
    assert_no_violation(company)
    choices = company.get_by_label("Métiers du ROME qui commencent ainsi")
    choices.select_option(label="Menuisier / Menuisière (H2206)")
    company.get_by_role("button", name="Publier").click()
    expect(company.locator("#confirmation")).to_be_focused()
    assert "Offre publiée" in text(company.locator("main"))
    assert "H2206" in text(company.locator("main"))
    assert_no_violation(company)
    company.get_by_role("link", name="Offres du même métier autour de cette commune").click()
    assert title in text(company.locator("main"))
    company.goto(base_url + "/offres/mes-offres")
    assert title in text(company.locator("main"))
    assert_no_violation(company)
    company.context.close()

    coach = signed_in(browser, base_url, "structure")
    coach.goto(base_url + "/offres")
    coach.get_by_label("Autour de la commune").fill("Roubaix")
    coach.get_by_label("Rayon").select_option("20")
    coach.get_by_label("Métier ou mots-clés").fill("menuisier poseur")
    coach.get_by_role("button", name="Chercher").click()
    result = coach.locator("li.result", has_text=title)
    assert "à 11 km" in text(result)
    assert_no_violation(coach)
    result.get_by_role("link", name=title).click()
    assert coach.get_by_role("heading", level=1).inner_text() == title
    assert coach.get_by_role("link", name="Modifier").count() == 0
    assert_no_violation(coach)

    # The coach proposes a person the structure follows; nothing leaves without the person's agreement.
    coach.get_by_role("link", name="Proposer une candidature").click()
    assert_no_violation(coach)
    person = coach.get_by_label("Une personne que votre structure accompagne")
    chosen = person.locator("option").nth(1).inner_text()
    person.select_option(index=1)
    coach.get_by_label("Message à l’employeur (facultatif)").fill("Un an de pose en chantier d’insertion ; disponible dès lundi.")
    coach.get_by_role("button", name="Envoyer la candidature").click()
    expect(coach.locator("#erreurs")).to_be_focused()
    assert "Cochez l’accord" in text(coach.locator("#erreurs"))
    assert_no_violation(coach)
    coach.get_by_label("Une personne que votre structure accompagne").select_option(index=1)
    coach.get_by_label(re.compile("^La personne sait que sa candidature")).check()
    coach.get_by_role("button", name="Envoyer la candidature").click()
    coach.wait_for_url(re.compile(r"/candidatures/[0-9a-f-]{36}\?fait=envoyee$"))
    expect(coach.locator("#confirmation")).to_be_focused()
    assert chosen in text(coach.locator("main"))
    assert_no_violation(coach)
    application_id = re.search(r"/candidatures/([0-9a-f-]{36})", coach.url).group(1)

    # The company's contact answers from the mailed link, without signing in.
    contact = browser.new_context(locale="fr-FR").new_page()
    link = application_link(application_id)
    contact.goto(base_url + link)
    assert chosen in text(contact.locator("main"))
    assert_no_violation(contact)
    contact.get_by_label("Un mot pour l’équipe (facultatif)").fill("Entretien mardi à 10 h à l’atelier.")
    contact.get_by_role("button", name="Proposer un entretien").click()
    expect(contact.locator("#confirmation")).to_be_focused()
    assert "« entretien prévu »" in text(contact.locator("#confirmation"))
    contact.get_by_role("button", name="Accepter").click()
    assert contact.get_by_role("heading", name="Réponse enregistrée").is_visible()
    assert chosen not in contact.content()
    assert_no_violation(contact)
    contact.goto(base_url + link.replace("&s=", "&s=x"))
    assert contact.get_by_role("heading", name="Lien invalide").is_visible()
    contact.context.close()

    coach.reload()
    assert "Acceptée" in text(coach.locator("main")) and "Entretien mardi à 10 h" in text(coach.locator("main"))

    # Signed in, the company confirms the hiring; a day before the application is refused first.
    employer = signed_in(browser, base_url, "entreprise")
    employer.goto(base_url + f"/candidatures/{application_id}")
    employer.get_by_label("Date d’embauche").fill("2020-01-06")
    employer.get_by_role("button", name="Confirmer l’embauche").click()
    expect(employer.locator("#erreurs")).to_be_focused()
    assert "L’embauche ne peut précéder la candidature" in text(employer.locator("main"))
    assert_no_violation(employer)
    from datetime import date
    employer.get_by_label("Date d’embauche").fill(date.today().isoformat())
    employer.get_by_role("button", name="Confirmer l’embauche").click()
    expect(employer.locator("#confirmation")).to_be_focused()
    assert "Embauche confirmée" in text(employer.locator("main"))
    assert_no_violation(employer)
    employer.context.close()
    coach.reload()
    assert "Embauche confirmée" in text(coach.locator("main")) and "Parcours" in text(coach.locator("main"))
    coach.goto(base_url + "/candidatures?vue=envoyees")
    assert coach.get_by_role("link", name=chosen).first.is_visible()
    assert_no_violation(coach)
    coach.context.close()


def application_link(application_id):
    """The answer link mailed to the employer about the application, from the outbox."""
    database = sqlite3.connect(os.environ["PASSERELLE_SQLITE"])
    try:
        rows = database.execute("SELECT text_body FROM outbox WHERE text_body LIKE ? AND text_body LIKE '%/candidatures/reponse-par-lien?%' ORDER BY created_at DESC",
                                (f"%{application_id}%",)).fetchall()
    finally:
        database.close()
    assert rows, f"no mail about {application_id}"
    return re.search(r"(/candidatures/reponse-par-lien\?\S+)", rows[0][0]).group(1)


def signature_link(address, agreement_id):
    """The newest signature link mailed to `address` about the agreement, from the outbox."""
    database = sqlite3.connect(os.environ["PASSERELLE_SQLITE"])
    try:
        rows = database.execute("SELECT text_body FROM outbox WHERE recipient = ? AND text_body LIKE ? ORDER BY created_at DESC", (address, f"%{agreement_id}%")).fetchall()
    finally:
        database.close()
    assert rows, f"no signature mail to {address}"
    return re.search(r"(/immersions/signature\?\S+)", rows[0][0]).group(1)


def test_an_immersion_is_signed_by_its_three_parties_and_validated(browser, base_url):
    from datetime import date, timedelta
    run = os.getpid()
    team = signed_in(browser, base_url, "structure")
    team.goto(base_url + "/offres")
    team.get_by_role("link", name="Immersions", exact=True).click()
    assert_no_violation(team)
    team.get_by_role("link", name="Écrire une convention").click()
    team.get_by_label("Une personne que votre structure accompagne").select_option(index=1)
    person = team.get_by_label("Une personne que votre structure accompagne").locator("option:checked").inner_text()
    team.get_by_label("Courriel de la personne").fill(f"immersion.{run}@example.org")
    team.get_by_label("Entreprise d’accueil").fill(f"Menuiserie d’essai {run}")
    team.get_by_label("Signataire pour l’entreprise").fill("Camille Accueil")
    team.get_by_label("Courriel du signataire").fill(f"accueil.{run}@example.org")
    team.get_by_label("Tuteur ou tutrice").fill("Dominique Tuteur")
    team.get_by_label("Métier (ROME)").fill("Menuisier / Menuisière")
    team.get_by_label("Objectif", exact=True).select_option("decouvrir")
    team.get_by_label("Lieu de l’immersion").fill("Lille")
    team.get_by_label("Premier jour").fill((date.today() + timedelta(days=10)).isoformat())
    team.get_by_label("Dernier jour").fill((date.today() + timedelta(days=21)).isoformat())
    team.get_by_label("Heures par semaine").fill("50")
    team.get_by_label("Horaires", exact=True).fill("Du lundi au vendredi, 8 h – 12 h et 13 h – 17 h")
    team.get_by_role("button", name="Enregistrer").click()
    # Over the weekly bound: refused with its article, the summary takes the focus.
    expect(team.locator("#erreurs")).to_be_focused()
    assert "L3121-20" in text(team.locator("#erreurs"))
    assert_no_violation(team)
    team.get_by_label("Heures par semaine").fill("35")
    team.get_by_role("button", name="Enregistrer").click()
    expect(team.locator("#confirmation")).to_be_focused()
    assert_no_violation(team)
    agreement_id = re.search(r"/immersions/([0-9a-f-]{36})", team.url).group(1)
    team.get_by_role("button", name="Envoyer pour signature").click()
    assert "À signer" in text(team.locator("main"))

    # The person and the host sign from their links, without an account.
    for address in (f"immersion.{run}@example.org", f"accueil.{run}@example.org"):
        party = browser.new_context(locale="fr-FR").new_page()
        party.goto(base_url + signature_link(address, agreement_id))
        assert f"Menuiserie d’essai {run}" in text(party.locator("main"))
        assert_no_violation(party)
        party.get_by_label("J’ai lu la convention, et je la signe").check()
        party.get_by_role("button", name="Signer la convention").click()
        assert party.get_by_role("heading", name="Convention signée").is_visible()
        party.context.close()

    team.reload()
    team.get_by_role("button", name="Signer pour la structure").click()
    team.get_by_role("button", name="Valider la convention").click()
    expect(team.locator("#confirmation")).to_be_focused()
    assert "Validée" in text(team.locator("main"))
    assert person in text(team.locator("main"))
    team.get_by_role("link", name="Version imprimable").click()
    assert text(team.locator("main")).count("signée le") == 3
    assert_no_violation(team)
    team.context.close()


def test_profiles_prospection_and_lists_pass_axe(browser, base_url):
    """The module's other pages, each as its users see it, without any axe-core violation."""
    structure = signed_in(browser, base_url, "structure")
    for path in ("/profils", "/prospection", "/immersions", "/candidatures"):
        structure.goto(base_url + path)
        assert_no_violation(structure)
    structure.goto(base_url + "/profils")
    structure.locator("table a").first.click()
    assert "Offres qui correspondent" in text(structure.locator("main"))
    assert_no_violation(structure)
    structure.get_by_role("link", name="Modifier le profil").click()
    assert_no_violation(structure)
    structure.goto(base_url + "/prospection")
    structure.get_by_role("link", name="Ajouter une entreprise").click()
    structure.get_by_role("button", name="Enregistrer").click()
    expect(structure.locator("#erreurs")).to_be_focused()
    assert_no_violation(structure)
    structure.context.close()

    company = signed_in(browser, base_url, "entreprise")
    company.goto(base_url + "/profils/demandes")
    assert "Acceptée" in text(company.locator("main"))
    assert_no_violation(company)
    company.goto(base_url + "/offres/mes-offres")
    company.locator("table a").first.click()
    company.get_by_role("link", name="Profils qui correspondent").click()
    assert_no_violation(company)
    company.context.close()


def test_a_company_presents_its_bridges_and_a_steward_reads_the_figures(browser, base_url):
    """A company writes its page and makes it public; a visitor finds it among the immersion
    hosts; a prescriber proposes an immersion from it, the host filled in; a steward reads the
    figures of its territory. Every page passes axe-core."""
    company = signed_in(browser, base_url, "entreprise")
    company.goto(base_url + "/offres/mes-offres")
    company.get_by_role("link", name="La page de l’entreprise").click()
    assert_no_violation(company)
    company.get_by_role("link", name="Modifier la page").click()
    assert_no_violation(company)
    company.get_by_label(re.compile("^Activité principale")).fill("99999")
    company.get_by_label("Métiers ouverts aux immersions").fill("menuisier zzz")
    company.get_by_role("button", name="Enregistrer").click()
    expect(company.locator("#erreurs")).to_be_focused()
    assert "Code NAF inconnu" in text(company.locator("#erreurs")) and "n’est pas un métier du ROME" in text(company.locator("#erreurs"))
    assert_no_violation(company)
    company.get_by_label(re.compile("^Activité principale")).fill("16.23Z")
    company.get_by_label("Métiers ouverts aux immersions").fill("Menuisier / Menuisière")
    company.get_by_label("Accueille des immersions (PMSMP)").check()
    company.get_by_label("Rendre la page publique").check()
    company.get_by_role("button", name="Enregistrer").click()
    expect(company.locator("#confirmation")).to_be_focused()
    assert "Menuisier / Menuisière" in text(company.locator("main"))
    company_url = company.url.split("?")[0]
    company.context.close()

    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.goto(base_url + "/offres")
    visitor.get_by_role("link", name="entreprises qui ouvrent leurs portes").click()
    visitor.get_by_label("Accueille des immersions (PMSMP)").check()
    visitor.get_by_role("button", name="Chercher").click()
    assert_no_violation(visitor)
    visitor.get_by_role("link", name="Menuiserie du Val de Deûle (démo)").click()
    assert visitor.url.split("?")[0] == company_url
    assert "Accueille des immersions (PMSMP)" in text(visitor.locator("main"))
    assert visitor.get_by_role("link", name="Proposer une immersion").count() == 0
    assert_no_violation(visitor)
    visitor.context.close()

    partner = signed_in(browser, base_url, "partenaire")
    partner.goto(company_url)
    partner.get_by_role("link", name="Proposer une immersion").click()
    assert partner.get_by_label("Entreprise d’accueil", exact=True).input_value() == "Menuiserie du Val de Deûle (démo)"
    partner.context.close()

    steward = signed_in(browser, base_url, "dreets")
    steward.goto(base_url + "/offres")
    steward.get_by_role("link", name=re.compile("^Pilotage")).click()
    assert "Pilotage des emplois et passerelles" in text(steward.locator("h1"))
    assert "Hauts-de-France" in text(steward.locator("main"))
    assert_no_violation(steward)
    steward.context.close()
