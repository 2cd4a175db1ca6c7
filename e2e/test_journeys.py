"""Journeys in Chromium: a referent records a person, checks the rules, hires, and nobody else sees the record."""
import os
import re

from playwright.sync_api import expect

import sqlite3

from test_onboarding import assert_no_violation
from test_purchasing import signed_in
from test_services import referral_link


def services_with_mail():
    """The services that receive referrals by mail (their contact answers from the link)."""
    database = sqlite3.connect(os.environ["PASSERELLE_SQLITE"])
    try:
        return {row[0].lower() for row in database.execute("SELECT id FROM services WHERE email IS NOT NULL AND email <> ''")}
    finally:
        database.close()


def text(locator):
    """The text as read, the typography's narrow no-break spaces as plain ones."""
    return locator.inner_text().replace("\u202f", " ").replace("\u00a0", " ")


def test_the_public_rules_check_a_situation_and_a_contract(page, base_url):
    page.goto(base_url + "/parcours/regles")
    assert_no_violation(page)
    page.get_by_label("Structure qui embauche").select_option("ai")
    page.get_by_role("checkbox", name="Âgé de moins de 26 ans").check()
    page.get_by_role("checkbox", name=re.compile("quartier prioritaire")).check()
    page.get_by_role("button", name="Vérifier l’éligibilité").click()
    expect(page.locator("#eligibilite-verdict")).to_be_focused()
    assert text(page.locator("#eligibilite-verdict")).startswith("Éligible (AI")
    page.get_by_label("Type de contrat", exact=True).select_option("cddi")
    page.get_by_label("Début", exact=True).fill("2027-01-01")
    page.get_by_label("Fin", exact=True).fill("2027-02-28")
    page.get_by_label("Heures par semaine").fill("26")
    page.get_by_role("button", name="Vérifier le contrat").click()
    assert "Un CDDI dure au moins 4 mois" in text(page.locator("#contrat-verdict"))
    assert_no_violation(page)


def test_a_referent_records_a_person_and_hires_within_the_rules(browser, base_url):
    run = os.getpid()
    page = signed_in(browser, base_url, "structure")
    page.goto(base_url + "/parcours/personnes")
    assert_no_violation(page)
    page.get_by_role("link", name="Nouvelle personne").click()
    assert_no_violation(page)
    page.get_by_label("Prénom").fill("Alma")
    # Names hold no digits: the run number is written in letters.
    page.get_by_label("Nom", exact=True).fill("Essai " + "".join(chr(97 + int(digit)) for digit in str(run)))
    page.get_by_label("Date de naissance").fill("1998-04-02")
    page.get_by_label("Commune de résidence").fill("Lille")
    page.get_by_label("Par courriel").check()
    page.get_by_role("button", name="Enregistrer").click()
    # The agreement and the address are missing: the summary takes the focus.
    expect(page.locator("#erreurs")).to_be_focused()
    assert "Cochez l’accord" in text(page.locator("#erreurs"))
    assert_no_violation(page)
    page.get_by_label("Courriel", exact=True).fill(f"alma.{run}@example.org")
    page.get_by_label("La personne est informée").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#confirmation")).to_be_focused()
    record = page.url.split("?")[0]
    assert_no_violation(page)

    page.get_by_role("link", name="Enregistrer une embauche").click()
    assert_no_violation(page)
    page.get_by_label("Date d’embauche").fill("2026-01-05")
    page.get_by_label("Date du diagnostic").fill("2025-12-20")
    page.get_by_label("Un prescripteur habilité").check()
    page.get_by_label("Prescripteur (s’il a fait le diagnostic)").fill("Mission locale de Démoville (démo)")
    page.get_by_role("checkbox", name="Âgé de moins de 26 ans").check()
    page.get_by_label("Type de contrat", exact=True).select_option("cddi")
    page.get_by_label("Début", exact=True).fill("2026-01-05")
    page.get_by_label("Fin", exact=True).fill("2026-06-30")
    page.get_by_label("Heures par semaine").fill("26")
    page.get_by_role("button", name="Enregistrer l’embauche").click()
    # One criterion of level 2 is not enough for an ACI: refused, with the rule.
    expect(page.locator("#erreurs")).to_be_focused()
    assert "Pas éligible (ACI : 1 critère de niveau 1 ou 3 critères de niveau 2)" in text(page.locator("#erreurs"))
    assert_no_violation(page)
    page.get_by_role("checkbox", name="Âgé de moins de 26 ans").uncheck()
    page.get_by_role("checkbox", name=re.compile("revenu de solidarité active")).check()
    page.get_by_label("Justificatif vu pour « Bénéficiaire du revenu de solidarité active (RSA) »").fill("Attestation CAF de décembre")
    page.get_by_role("button", name="Enregistrer l’embauche").click()
    expect(page.locator("#confirmation")).to_be_focused()
    assert "jusqu’au 4 janvier 2028" in text(page.locator("main"))
    assert "Embauche en ACI le 5 janvier 2026" in text(page.locator("main"))
    assert_no_violation(page)

    # A mobility barrier, an action tied to it, the barrier lifted, then the exit into a job.
    page.get_by_label("Frein identifié").select_option("mobilite")
    page.get_by_role("button", name="Ajouter le frein").click()
    page.get_by_label("Intitulé").fill("Préparer le code de la route")
    page.get_by_label("Frein concerné").select_option(label="Mobilité")
    page.get_by_role("button", name="Ajouter l’action").click()
    assert page.get_by_role("link", name=re.compile("Trouver un service pour lever ce frein")).count() == 1

    # The referral from the barrier needs the person's agreement to sharing, then goes to a service near Lille.
    page.get_by_label("Recueillir un accord").select_option("partage")
    page.get_by_role("button", name="Enregistrer l’accord").click()
    page.get_by_role("link", name="Orienter vers un service pour le frein Mobilité").click()
    assert_no_violation(page)
    # A service that takes referrals by mail, so that its contact answers from the mailed link.
    radios = page.locator("input[name=service]")
    offered = [radios.nth(i).get_attribute("value") for i in range(radios.count())]
    chosen = next(value for value in offered if value.lower() in services_with_mail())
    page.locator(f"input[name=service][value='{chosen}']").check()
    page.get_by_label("Motif de l’orientation").fill("Préparer le permis B pour rejoindre les chantiers éloignés du centre.")
    page.get_by_role("button", name="Envoyer l’orientation").click()
    expect(page.locator("#confirmation")).to_be_focused()
    assert "Orientation ouverte" in text(page.locator("main"))
    assert_no_violation(page)
    referral_id = re.search(r"/orientations/([0-9a-f-]{36})", page.locator("a[href*='/orientations/']").first.get_attribute("href")).group(1)

    # The service validates the referral from its mail: the barrier it was started from moves on.
    contact = browser.new_context(locale="fr-FR").new_page()
    contact.goto(base_url + referral_link(referral_id))
    contact.get_by_label(re.compile("^Valider")).check()
    contact.get_by_role("button", name="Enregistrer la réponse").click()
    assert contact.get_by_role("heading", name="Réponse enregistrée").is_visible()
    contact.context.close()
    page.goto(record)
    assert "Mobilité — en cours" in text(page.locator("main")) and "Orientation validée" in text(page.locator("main"))

    page.get_by_label("Nouvel état du frein Mobilité").select_option("leve")
    page.get_by_role("button", name="Mettre à jour le frein Mobilité").click()
    expect(page.locator("#confirmation")).to_be_focused()
    assert "Mobilité — levé" in text(page.locator("main"))
    page.get_by_label("Date de sortie").fill("2026-05-29")
    page.get_by_label("Situation à la sortie").select_option("cdi")
    page.get_by_label("Employeur ou organisme (obligatoire pour un emploi)").fill("Transports Exemple (démo)")
    page.get_by_role("button", name="Enregistrer la sortie").click()
    expect(page.locator("#confirmation")).to_be_focused()
    assert "Sortie le 29 mai 2026 : CDI chez Transports Exemple (démo) (emploi durable)." in text(page.locator("main"))
    assert "À 12 mois (29 mai 2027) : à venir" in text(page.locator("main"))
    assert_no_violation(page)

    # Six months after the exit, the referent records the news of the person.
    page.get_by_label("Échéance", exact=True).select_option("6")
    page.get_by_label("Situation", exact=True).select_option("en-emploi")
    page.get_by_role("button", name="Enregistrer le suivi").click()
    expect(page.locator("#confirmation")).to_be_focused()
    assert "À 6 mois (29 novembre 2026) : En emploi" in text(page.locator("main"))
    assert_no_violation(page)

    page.goto(base_url + "/parcours/tableau-de-bord")
    assert "Taux de sorties dynamiques" in text(page.locator("main"))
    assert_no_violation(page)

    # The other demo structure, the platform team and a partner get the same 404 as for nobody.
    for who in ("structure2", "admin", "partenaire"):
        other = signed_in(browser, base_url, who)
        response = other.goto(record)
        assert response.status == 404, who
        other.context.close()
    page.context.close()


def test_a_member_shares_insertion_hours_and_checks_a_file_to_import(browser, base_url, tmp_path):
    page = signed_in(browser, base_url, "structure")
    page.goto(base_url + "/parcours/personnes")
    page.get_by_role("link", name="Heures d’insertion").click()
    assert "Entretien des cours et des abords" in text(page.locator("main"))
    assert_no_violation(page)
    page.get_by_label("Mois et besoin").select_option(index=1)
    page.get_by_label("Personne", exact=True).select_option(index=1)
    page.get_by_label("Heures faites ce mois").fill("9999")
    page.get_by_role("button", name="Attribuer").click()
    # More than the month leaves: refused, with what is left.
    expect(page.locator("#erreurs")).to_be_focused()
    assert "Il reste" in text(page.locator("#erreurs")) or "déjà toutes attribuées" in text(page.locator("#erreurs"))
    assert_no_violation(page)
    page.get_by_label("Heures faites ce mois").fill("1")
    page.get_by_role("button", name="Attribuer").click()
    expect(page.locator("#confirmation")).to_be_focused()
    assert_no_violation(page)

    page.goto(base_url + "/parcours/personnes")
    page.get_by_role("link", name="Importer un fichier").click()
    assert_no_violation(page)
    csv = tmp_path / "personnes.csv"
    csv.write_text("nom;prenom;date_naissance;commune;accord\nEssai;Maël;12/05/1988;59350;oui\nEssai;Jo;12/05/1988;Atlantide;oui\n", encoding="utf-8")
    page.get_by_label("Fichier CSV").set_input_files(str(csv))
    page.get_by_label("Vérifier seulement").check()
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator("#confirmation")).to_be_focused()
    report = text(page.locator("main"))
    assert "Vérification : rien n’a été écrit" in report and "Commune inconnue : « Atlantide »" in report
    assert_no_violation(page)
    page.context.close()
