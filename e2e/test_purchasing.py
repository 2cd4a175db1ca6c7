"""Responsible purchasing in a real browser: a buyer writes a need with a lot reserved to SIAE,
the territory's steward publishes it, the demo ACI finds it in its opportunities, answers « en
groupement » and invites the demo EI, which accepts; the buyer awards the need to the group, and
the steward's territory dashboard counts it."""
import datetime
import os
import re
import sqlite3
import time

from test_accounts import assert_accessible

DEMO_PASSWORD = "passerelle-demo"


def signed_in(browser, base_url, who):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(base_url + "/connexion")
    page.get_by_label("Adresse électronique").fill(f"{who}@demo.passerelle.test")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    return page


def demo_structure(who):
    """The id and name of the structure a demo structure account runs."""
    database = sqlite3.connect(os.environ["PASSERELLE_SQLITE"])
    try:
        return database.execute(
            """SELECT lower(s.id), s.name FROM structures s JOIN organisations o ON o.structure_id = s.id
               JOIN memberships m ON m.organisation_id = o.id JOIN users u ON u.id = m.user_id WHERE u.email = ?""",
            (f"{who}@demo.passerelle.test",),
        ).fetchone()
    finally:
        database.close()


def test_a_need_goes_from_the_buyer_to_a_group_and_is_awarded(browser, base_url):
    title = f"Nettoyage et déménagement de la maison des associations {os.getpid()}"
    deadline = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()

    # The buyer writes the need step by step.
    buyer = signed_in(browser, base_url, "acheteur")
    buyer.goto(base_url + "/mes-besoins")
    buyer.get_by_role("link", name="Déposer un besoin").click()
    assert_accessible(buyer)
    buyer.get_by_label("Appel d’offres").check()
    buyer.get_by_label("Titre").fill(title)
    buyer.get_by_label("Description").fill("Nettoyage quotidien de 1 200 m² de bureaux, puis déménagement des archives au printemps.")
    buyer.get_by_role("button", name="Créer le brouillon et continuer").click()

    buyer.get_by_text("Hygiène et Propreté").click()
    buyer.get_by_label("Nettoyage de locaux").check()
    buyer.get_by_label("Commune", exact=True).fill("Lille")
    buyer.get_by_role("button", name="Enregistrer et continuer").last.click()

    buyer.get_by_label("Titre du lot 1").fill("Nettoyage des bureaux")
    buyer.get_by_label("Secteur du lot 1").select_option("nettoyage-de-locaux-16")
    buyer.get_by_label("Lot réservé aux SIAE").check()
    buyer.get_by_role("button", name="Ajouter un lot").click()
    buyer.get_by_label("Titre du lot 2").fill("Déménagement des archives")
    buyer.get_by_label("Secteur du lot 2").select_option("logistique-conditionnement")
    assert_accessible(buyer)
    buyer.get_by_role("button", name="Enregistrer et continuer").last.click()

    buyer.get_by_label("Montant estimé").select_option("40k-100k")
    buyer.get_by_label("Date limite de réponse").fill(deadline)
    buyer.get_by_label("Nom ou service").fill("Service des moyens généraux (démo)")
    buyer.get_by_label("Par courriel").check()
    buyer.get_by_label("Adresse, numéro ou lien où répondre").fill("moyens@demo.passerelle.test")
    buyer.get_by_label("Questions aux structures (facultatif, une par ligne)").fill("Combien de salariés en parcours pouvez-vous mobiliser ?")
    buyer.get_by_role("button", name="Enregistrer et continuer").last.click()

    assert re.search(r"structures? inclusives? correspond", buyer.content())
    buyer.get_by_role("button", name="Soumettre le besoin").click()
    assert "Soumis à validation" in buyer.content()
    need_url = buyer.url.split("?")[0]

    # The steward of the région publishes it from the moderation queue.
    steward = signed_in(browser, base_url, "dreets")
    steward.goto(base_url + "/besoins/a-valider")
    steward.get_by_role("link", name=title).click()
    steward.get_by_role("button", name="Publier le besoin").click()
    assert "Publié" in steward.content()

    # The ACI finds it among its opportunities (the dissemination runs in the background).
    aci_id, _ = demo_structure("structure")
    ei_id, ei_name = demo_structure("structure2")
    lead = signed_in(browser, base_url, "structure")
    for _ in range(40):
        lead.goto(f"{base_url}/structures/{aci_id}/opportunites")
        if lead.get_by_role("link", name=title).count():
            break
        time.sleep(0.5)
    lead.get_by_role("link", name=title).click()
    assert_accessible(lead)
    lead.get_by_label("Répondre en groupement").check()
    lead.get_by_label(re.compile("Question 1")).fill("Six salariés en parcours et un encadrant.")
    lead.get_by_role("button", name="Envoyer la réponse").click()
    assert "Votre réponse est enregistrée" in lead.content()
    suggested = lead.get_by_role("button", name=f"Inviter {ei_name}")
    if suggested.count():
        suggested.click()
    else:
        lead.get_by_label("Inviter une structure que vous connaissez (nom de sa fiche)").fill(ei_name)
        lead.get_by_role("button", name="Inviter", exact=True).click()
    assert "Invitée" in lead.content()

    # The EI accepts.
    partner = signed_in(browser, base_url, "structure2")
    partner.goto(f"{base_url}/structures/{ei_id}/opportunites")
    assert "Invitations à répondre en groupement" in partner.content()
    partner.goto(need_url)
    partner.get_by_role("button", name="Accepter de répondre ensemble").click()
    assert "Le groupement est à jour" in partner.content()

    # The buyer sees the group and awards the need to it.
    buyer.goto(need_url)
    assert "Groupements qui répondent" in buyer.content()
    buyer.get_by_label("Clore le besoin").select_option("attribue")
    group_option = buyer.locator("#winner option", has_text="Groupement").first.get_attribute("value")
    buyer.get_by_label("Titulaire (si attribué)").select_option(group_option)
    buyer.get_by_label("Montant attribué en euros (facultatif)").fill("72000")
    buyer.get_by_role("button", name="Clore").click()
    assert buyer.get_by_text("Clos : attribué").first.is_visible()
    assert "Attribué au Groupement" in buyer.content()

    buyer.goto(base_url + "/besoins/attribues")
    assert title in buyer.content()
    assert_accessible(buyer)

    # The steward's territory dashboard counts the award among those to inclusive suppliers.
    steward.goto(base_url + "/besoins/tableau-de-bord")
    row = steward.get_by_role("row", name=re.compile("Montant attribué aux structures inclusives"))
    assert int(re.sub(r"\D", "", row.inner_text())) >= 72000
    assert_accessible(steward)
    for page in (buyer, steward, lead, partner):
        page.context.close()
