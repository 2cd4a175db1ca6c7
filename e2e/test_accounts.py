"""What someone who joins Passerelle does, in a real browser: sign up, confirm the address from
the mail, log in, see the account, log out. The mail is read from the server's outbox."""
import os
import re
import sqlite3

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PASSWORD = "un jardin partagé à Lens"


def outbox_link(email):
    database = sqlite3.connect(os.environ["PASSERELLE_SQLITE"])
    try:
        rows = database.execute(
            "SELECT text_body FROM outbox WHERE recipient = ? ORDER BY created_at DESC", (email,)
        ).fetchall()
    finally:
        database.close()
    assert rows, f"no mail to {email}"
    return re.search(r"(/compte/verifier\?jeton=\S+)", rows[0][0]).group(1)


def assert_accessible(page):
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"]) for v in serious]


def test_sign_up_confirm_log_in_and_out(page, base_url):
    email = f"camille.{os.getpid()}@exemple.fr"
    page.goto(base_url + "/")
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_role("link", name="Créez-en un").click()

    # A first try with mistakes: each one is said next to its field, the form is kept.
    page.get_by_label("Nom et prénom").fill("Camille Martin")
    page.get_by_label("Adresse électronique").fill("camille-sans-arobase")
    page.get_by_label("Mot de passe", exact=True).fill("court")
    page.get_by_role("button", name="Créer mon compte").click()
    assert "Le formulaire contient 4 erreurs" in page.content()
    # Autofocus lands during the next rendering update: wait for it rather than read at once.
    expect(page.locator("#erreurs")).to_be_focused()
    assert page.get_by_label("Nom et prénom").input_value() == "Camille Martin"
    assert page.get_by_label("Adresse électronique").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.get_by_label("Un prescripteur ou un partenaire").check()
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe, une seconde fois").fill(PASSWORD)
    page.get_by_label(re.compile("J’accepte les")).check()
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vérifiez votre messagerie"

    page.goto(base_url + outbox_link(email))
    assert page.get_by_role("heading", level=1).inner_text() == "Adresse confirmée"
    page.get_by_role("link", name="Se connecter").last.click()
    assert_accessible(page)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    # The log-in goes on with the sign-up: the organisation comes next (test_onboarding follows
    # it); the account's settings are there already.
    assert page.get_by_role("heading", level=1).inner_text() == "Votre organisation"
    assert_accessible(page)
    page.goto(base_url + "/compte")
    assert page.get_by_role("heading", level=1).inner_text() == "Mon compte"
    assert email in page.content()
    assert_accessible(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == "passerelle_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    page.locator("summary", has_text="Compte").click()
    page.get_by_role("button", name="Se déconnecter").click()
    assert page.get_by_role("link", name="Se connecter").is_visible()
    page.goto(base_url + "/compte")
    assert page.get_by_role("heading", level=1).inner_text() == "Se connecter"


def test_pages_run_under_the_content_security_policy(page, base_url):
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(base_url + "/structures?q=nettoyage&commune_q=Lille&mode=near&radius_km=20")
    page.locator("#map .leaflet-marker-icon, #map .leaflet-interactive").first.wait_for()
    page.goto(base_url + "/inscription")
    assert not violations, violations
