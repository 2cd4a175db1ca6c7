"""Partner services in a real browser: a partner looks for French lessons for a person who lives
in Roubaix, opens the nearest one and sees its contacts; a visitor does not. A structure refers a
person to such a service; the service's contact answers from the mailed link, without an account,
and the structure sees the referral validated."""
import os
import re
import sqlite3

from test_accounts import assert_accessible
from test_purchasing import signed_in


def test_find_french_lessons_near_roubaix(browser, base_url):
    page = signed_in(browser, base_url, "partenaire")
    page.goto(base_url + "/services")
    assert_accessible(page)
    commune = page.get_by_role("combobox", name="Commune de la personne")
    commune.fill("Roubaix")
    page.get_by_role("option", name=re.compile(r"^Roubaix \(59")).first.click()
    page.get_by_label("Lecture, écriture, calcul").check()
    page.get_by_label("En présentiel").check()
    page.get_by_role("button", name="Chercher").click()
    summary = page.locator("p.summary").inner_text()
    assert re.search(r"\d+ services? pour une personne qui habite Roubaix", summary), summary
    results = page.locator("ol.result-list > li")
    assert results.count() > 0
    # The ones within reach give their distance, nearest first.
    distances = [int(m.group(1)) for m in (re.search(r"à (\d+) km", results.nth(i).inner_text()) for i in range(results.count())) if m]
    assert distances and distances == sorted(distances) and max(distances) <= 50
    assert_accessible(page)

    results.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/services/[0-9a-f-]{36}$"))
    assert page.get_by_role("heading", name="Contact").is_visible()
    assert "Connectez-vous" not in page.locator("article").inner_text()
    assert_accessible(page)

    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.goto(page.url)
    assert visitor.get_by_role("link", name="Connectez-vous", exact=True).is_visible()
    assert visitor.get_by_role("link", name="Connectez-vous pour orienter une personne").is_visible()


def referral_link(referral_id):
    """The answer link mailed to the service's contact about the referral, from the outbox."""
    database = sqlite3.connect(os.environ["PASSERELLE_SQLITE"])
    try:
        rows = database.execute("SELECT text_body FROM outbox WHERE text_body LIKE ? AND text_body LIKE '%/orientations/reponse?%' ORDER BY created_at DESC",
                                (f"%{referral_id}%",)).fetchall()
    finally:
        database.close()
    assert rows, f"no mail about {referral_id}"
    return re.search(r"(/orientations/reponse\?\S+)", rows[0][0]).group(1)


def test_refer_a_person_and_get_the_answer_from_the_mailed_link(browser, base_url):
    page = signed_in(browser, base_url, "structure")
    page.goto(base_url + "/services?commune=59512&thematique=lecture-ecriture-calcul&mode_accueil=en-presentiel")
    links = [page.locator("ol.result-list > li h3 a").nth(i).get_attribute("href") for i in range(page.locator("ol.result-list > li").count())]
    # A service that gives an address receives the link by mail.
    for href in links:
        page.goto(base_url + href)
        if page.locator("dt", has_text="Courriel").count():
            break
    else:
        raise AssertionError("no French lessons near Roubaix with a contact address")
    page.get_by_role("link", name="Orienter une personne vers ce service").click()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer l’orientation").click()
    assert page.get_by_role("alert").first.is_visible()
    assert "Cochez l’engagement" in page.content()
    page.get_by_label("Prénom").fill("Awa")
    page.get_by_label("Nom", exact=True).fill("Démonstration")
    page.get_by_label("Personnes exilées").check()
    page.get_by_label("Par courriel").check()
    page.get_by_label("Courriel de la personne").fill("awa.demo@example.org")
    page.get_by_label("Motif de l’orientation").fill("Souhaite progresser en français écrit pour passer le titre professionnel.")
    page.get_by_label(re.compile("^Je m’engage")).check()
    page.get_by_role("button", name="Envoyer l’orientation").click()
    page.wait_for_url(re.compile(r"/orientations/[0-9a-f-]{36}\?fait=envoi$"))
    assert "Ouverte" in page.locator("article").inner_text()
    assert_accessible(page)
    referral_id = re.search(r"/orientations/([0-9a-f-]{36})", page.url).group(1)

    # The service's contact, without an account, answers from the mailed link.
    contact = browser.new_context(locale="fr-FR").new_page()
    contact.goto(base_url + referral_link(referral_id))
    assert "Awa Démonstration" in contact.locator("article").inner_text()
    assert_accessible(contact)
    contact.get_by_label(re.compile("^Valider")).check()
    contact.get_by_role("button", name="Enregistrer la réponse").click()
    assert contact.get_by_role("heading", name="Réponse enregistrée").is_visible()
    assert "Awa" not in contact.content()
    assert_accessible(contact)
    # Once answered, the link shows the referral's state, not the person.
    contact.goto(base_url + referral_link(referral_id))
    assert contact.get_by_role("heading", name="Orientation close").is_visible()
    assert "Awa" not in contact.content() and "awa.demo" not in contact.content()
    # The link, altered, changes nothing and says so.
    contact.goto(base_url + referral_link(referral_id).replace("&s=", "&s=x"))
    assert contact.get_by_role("heading", name="Lien invalide").is_visible()

    page.reload()
    assert "Validée le" in page.locator("article").inner_text()
    page.goto(base_url + "/orientations?vue=envoyees")
    assert page.get_by_role("link", name="Awa Démonstration").first.is_visible()
    assert_accessible(page)


def test_a_partner_reviews_its_services_with_the_quality_checklist(browser, base_url):
    page = signed_in(browser, base_url, "partenaire")
    page.goto(base_url + "/services/gestion")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Modifier")).first.click()
    assert page.get_by_role("heading", name=re.compile(r"^Qualité\s:\s\d+ %")).is_visible()
    assert_accessible(page)
    page.get_by_label("Nom du service").fill("")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page)


def test_the_barriers_map_of_a_commune(page, base_url):
    page.goto(base_url + "/services/freins")
    assert_accessible(page)
    page.get_by_role("combobox", name="Commune").fill("Amiens")
    page.get_by_role("option", name=re.compile(r"^Amiens \(80")).first.click()
    page.get_by_role("button", name="Voir la carte").click()
    assert page.get_by_role("heading", name="Autour d’Amiens (80)").is_visible()
    assert page.get_by_role("table", name="Couverture par besoin").locator("tbody tr").count() == 16
    assert_accessible(page)
