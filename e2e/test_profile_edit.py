"""A structure keeps its own profile, in a real browser: someone signs up with an address of the
structure's domain, confirms it from the mail, claims the structure (accepted at once), widens an
activity's reach with the zone suggestions, and finds the structure in a search of that zone."""
import os
import re
import sqlite3
from urllib.parse import urlencode, urlparse

from test_accounts import PASSWORD, assert_accessible, outbox_link


def claimable_structure():
    """A demo structure with a website of its own, no manager yet, and no national activity."""
    database = sqlite3.connect(os.environ["PASSERELLE_SQLITE"])
    try:
        rows = database.execute(
            """SELECT id, name, website FROM structures s WHERE website LIKE 'http%'
               AND NOT EXISTS (SELECT 1 FROM organisations o WHERE o.structure_id = s.id)
               AND NOT EXISTS (SELECT 1 FROM structure_activities a WHERE a.structure_id = s.id AND a.reach_kind = 'national')
               AND EXISTS (SELECT 1 FROM structure_activities a WHERE a.structure_id = s.id)
               ORDER BY name"""
        ).fetchall()
    finally:
        database.close()
    for identifier, name, website in rows:
        host = urlparse(website).hostname or ""
        if host.startswith("www."):
            host = host[4:]
        if "." in host and not host.endswith(("gmail.com", "orange.fr", "wanadoo.fr", "free.fr")):
            return identifier, name, host
    raise AssertionError("no claimable demo structure")


def found_in_search(page, base_url, name):
    """Whether a search of the structure's name, among those working in Ajaccio, finds it."""
    page.goto(base_url + "/structures?" + urlencode({"q": name, "commune_q": "Ajaccio"}))
    return page.get_by_role("link", name=name, exact=True).count() > 0


def test_claim_then_widen_a_reach_and_find_it_in_search(page, base_url):
    identifier, name, domain = claimable_structure()
    email = f"direction.{os.getpid()}@{domain}"
    assert not found_in_search(page, base_url, name)

    page.goto(base_url + "/inscription")
    page.get_by_label("Une structure inclusive").check()
    page.get_by_label("Nom et prénom").fill("Dominique Lefort")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe, une seconde fois").fill(PASSWORD)
    page.get_by_label(re.compile("J’accepte les")).check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.goto(base_url + outbox_link(email))
    page.goto(base_url + "/connexion?next=/structures/" + identifier)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("button", name="Demander à gérer cette fiche").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vous gérez cette fiche"
    page.get_by_role("link", name="Revenir à la fiche").click()

    page.get_by_role("link", name=re.compile("^Modifier l’activité")).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Modifier l’activité 1"
    assert_accessible(page)
    # The zone suggestions: type, pick with the keyboard; the zone joins the list.
    page.get_by_label("Ajouter une zone").fill("corse-du")
    page.get_by_role("option", name=re.compile("^Corse-du-Sud \\(2A\\)")).wait_for()
    page.get_by_label("Ajouter une zone").press("ArrowDown")
    page.get_by_label("Ajouter une zone").press("Enter")
    assert page.get_by_label("Dans une liste de communes").is_checked()
    assert page.get_by_label("Zones", exact=True).input_value().endswith("Corse-du-Sud (2A)")
    page.get_by_role("button", name="Enregistrer l’activité").click()

    assert "Modifications enregistrées" in page.content()
    assert "Corse-du-Sud (2A)" in page.locator("section[aria-labelledby=activities]").inner_text()
    assert "Dominique Lefort (Membre de la structure)" in page.content()
    assert found_in_search(page, base_url, name)


def test_edit_forms_explain_mistakes_accessibly(page, base_url):
    page.goto(base_url + "/connexion")
    page.get_by_label("Adresse électronique").fill("structure@demo.passerelle.test")
    page.get_by_label("Mot de passe").fill("passerelle-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(base_url + "/compte")
    page.locator("a[href^='/structures/']").first.click()
    page.get_by_role("link", name="Modifier la fiche").click()
    assert_accessible(page)
    page.get_by_label("Courriel de contact").fill("pas une adresse")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    assert "Le formulaire contient 1 erreur" in page.content()
    assert page.get_by_label("Courriel de contact").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    page.get_by_role("link", name="Annuler").click()
    page.get_by_role("link", name="Ajouter une activité").click()
    page.get_by_role("button", name="Enregistrer l’activité").click()
    assert "Choisissez le secteur de l’activité." in page.content()
    assert_accessible(page)
