"""From sign-up to work, in a real browser. A new public buyer says who they are, creates the
organisation by its SIRET, is verified by the territory's steward, lands on the workspace, sizes
the inclusive offer of a purchase and posts the need the sizing filled in. A new job coach finds
an inclusive structure in the directory, asks to join its team and is accepted by its admin.
Every sign-up step and workspace passes axe-core without any violation, whatever its impact."""
import os
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from test_accounts import PASSWORD, outbox_link
from test_purchasing import demo_structure, signed_in


def assert_no_violation(page):
    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"]) for v in violations]


def valid_siret(seed):
    """A SIRET whose Luhn key is right, different for each run."""
    body = f"{seed % 10**13:013d}"
    for key in range(10):
        digits = body + str(key)
        total = 0
        for offset, character in enumerate(reversed(digits)):
            value = int(character) * (2 if offset % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return digits
    raise AssertionError("no key")


def sign_up(page, base_url, profile, name, email):
    page.goto(base_url + "/")
    page.get_by_role("link", name="S’inscrire").first.click()
    assert_no_violation(page)
    page.get_by_label(profile).check()
    page.get_by_label("Nom et prénom").fill(name)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe, une seconde fois").fill(PASSWORD)
    page.get_by_label(re.compile("J’accepte les")).check()
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vérifiez votre messagerie"
    assert_no_violation(page)
    page.goto(base_url + outbox_link(email))
    page.goto(base_url + "/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_new_buyer_is_verified_then_posts_the_need_it_sized(browser, base_url, page):
    run = os.getpid()
    email = f"commande.publique.{run}@ville-essai-{run}.fr"
    organisation = f"Ville d’Essai {run}"
    siret = valid_siret(run * 7919)
    sign_up(page, base_url, "Un acheteur public", "Claire Essai", email)

    # The log-in goes on with the sign-up's next step: the organisation.
    assert page.get_by_role("heading", level=1).inner_text() == "Votre organisation"
    assert page.locator("[aria-current=step]").inner_text() == "Votre organisation"
    assert_no_violation(page)
    # « Vous êtes… » can be answered again; sent empty, its error leads to the first choice.
    page.goto(base_url + "/inscription/organisation?changer=profil")
    assert page.get_by_role("group", name="Vous êtes…").is_visible()
    assert_no_violation(page)
    page.get_by_label("Un acheteur public").check()
    page.get_by_role("button", name="Continuer").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Votre organisation"
    page.get_by_label("Nᵒ SIRET ou nom").fill(siret)
    page.get_by_role("button", name="Chercher").click()
    assert "Aucune organisation ne correspond" in page.content()
    page.get_by_label("Nom de l’organisation").fill(organisation)
    page.get_by_label("Nᵒ SIRET", exact=True).fill(siret[:-1] + str((int(siret[-1]) + 1) % 10))
    page.get_by_label("Commune du siège").fill("Lille")
    page.get_by_role("button", name="Créer l’organisation").click()
    # A wrong key: the summary takes the focus and links to the field.
    # Autofocus lands during the next rendering update: wait for it rather than read at once.
    expect(page.locator("#erreurs")).to_be_focused()
    assert "sa clé de contrôle est fausse" in page.content()
    assert_no_violation(page)
    page.get_by_label("Nᵒ SIRET", exact=True).fill(siret)
    page.get_by_role("button", name="Créer l’organisation").click()
    assert "attend sa vérification" in page.content()
    assert_no_violation(page)
    page.get_by_role("link", name="Ouvrir mon espace").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mon espace"
    assert "attend sa vérification" in page.content()

    # The steward of the Hauts-de-France verifies it from its workspace.
    steward = signed_in(browser, base_url, "dreets")
    steward.goto(base_url + "/mon-espace")
    assert_no_violation(steward)
    steward.get_by_role("link", name=re.compile("^Vérifier")).click()
    entry = steward.locator("li.result", has_text=organisation)
    assert siret in entry.inner_text()
    entry.get_by_role("button", name=re.compile("^Vérifier")).click()
    assert "est vérifiée" in steward.content()
    steward.context.close()

    page.reload()
    assert "attend sa vérification" not in page.content()
    assert_no_violation(page)

    # Sizing the offer, then the need it filled in.
    page.goto(base_url + "/besoins/potentiel")
    page.get_by_label("Secteur").select_option("nettoyage-de-locaux-16")
    page.get_by_label("Lieu d’exécution (commune)").fill("Lille")
    page.get_by_label("Montant estimé").select_option("40k-100k")
    page.get_by_role("button", name="Mesurer").click()
    assert "Recommandation" in page.content()
    page.get_by_role("link", name="Déposer ce besoin").click()
    assert "Repris de l’estimation du potentiel" in page.content()
    page.get_by_label("Appel d’offres").check()
    title = f"Nettoyage des écoles {run}"
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Description").fill("Entretien quotidien de quatre écoles, deux passages par jour.")
    page.get_by_role("button", name="Créer le brouillon et continuer").click()
    assert page.get_by_label("Nettoyage de locaux").is_checked()
    assert page.get_by_label("Commune", exact=True).input_value().startswith("Lille")
    page.get_by_role("button", name="Enregistrer et continuer").last.click()
    page.get_by_role("button", name="Enregistrer et continuer").last.click()
    assert page.get_by_label("Montant estimé").input_value() == "40k-100k"
    page.get_by_label("Date limite de réponse").fill("2099-06-30")
    page.get_by_label("Nom ou service").fill("Service de la commande publique")
    page.get_by_label("Par courriel").check()
    page.get_by_label("Adresse, numéro ou lien où répondre").fill(email)
    page.get_by_role("button", name="Enregistrer et continuer").last.click()
    page.get_by_role("button", name="Soumettre le besoin").click()
    assert "Soumis à validation" in page.content()


def test_a_job_coach_joins_an_inclusive_structure(browser, base_url, page):
    run = os.getpid()
    email = f"conseillere.{run}@exemple.fr"
    _, structure = demo_structure("structure")
    sign_up(page, base_url, "Une structure inclusive", "Inès Conseillère", email)
    assert page.get_by_role("heading", level=1).inner_text() == "Votre organisation"
    assert "Créer votre organisation" not in page.content()
    page.get_by_label("Nᵒ SIRET ou nom").fill(structure)
    page.get_by_role("button", name="Chercher").click()
    result = page.locator("li.result", has_text=structure).first
    result.get_by_label("Un mot pour ceux qui décident (facultatif)").fill("Conseillère en insertion depuis septembre")
    result.get_by_role("button", name=re.compile("^Demander à rejoindre l’équipe")).click()
    assert "Demande envoyée" in page.content()
    page.goto(base_url + "/mon-espace")
    assert page.get_by_role("heading", level=1).inner_text() == "Votre demande est envoyée"
    assert_no_violation(page)

    admin = signed_in(browser, base_url, "structure")
    admin.goto(base_url + "/mon-espace")
    assert_no_violation(admin)
    admin.get_by_role("link", name=re.compile("^Répondre")).first.click()
    admin.locator("li", has_text="Inès Conseillère").get_by_role("button", name=re.compile("^Accepter")).click()
    assert "la personne fait partie de l’équipe" in admin.content()
    admin.context.close()

    page.goto(base_url + "/mon-espace")
    assert page.get_by_role("heading", level=1).inner_text() == "Mon espace"
    assert page.get_by_role("heading", name=structure).is_visible()
    assert_no_violation(page)


def test_every_roles_workspace_passes_axe_core(browser, base_url):
    for role in ("admin", "structure", "structure2", "acheteur", "partenaire", "facilitateur", "dreets", "entreprise"):
        page = signed_in(browser, base_url, role)
        page.goto(base_url + "/mon-espace")
        assert page.get_by_role("heading", level=1).inner_text() == "Mon espace", role
        assert_no_violation(page)
        page.context.close()
