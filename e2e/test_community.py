"""The community's agenda in a real browser: the Nord's facilitator registers to two workshops of
the demo day in Arras, is refused two at the same time, joins the waiting list of the full one,
and gets its seat when the partner cancels theirs; the organiser sees the lists."""
import re

from test_accounts import assert_accessible
from test_purchasing import signed_in

MEETING = "Rencontre de l’inclusion du Pas-de-Calais (démo)"
FULL = "Répondre en groupement momentané d’entreprises"


def open_meeting(page, base_url):
    page.goto(base_url + "/evenements")
    page.get_by_role("link", name=MEETING).click()
    page.wait_for_url(re.compile(r"/evenements/[0-9a-f-]{36}$"))


def session(page, title):
    return page.locator("li.session", has=page.get_by_role("heading", name=title))


def test_register_wait_for_a_full_workshop_and_move_up(browser, base_url):
    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.goto(base_url + "/evenements")
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Passés").click()
    assert visitor.get_by_role("link", name="Rencontres régionales de l’inclusion dans l’emploi 2023").is_visible()
    visitor.get_by_role("link", name="Rencontres régionales de l’inclusion dans l’emploi 2023").click()
    assert visitor.get_by_text("Cet événement est passé.").is_visible()
    assert visitor.locator("li.session").count() == 12
    assert_accessible(visitor)

    facilitator = signed_in(browser, base_url, "facilitateur")
    open_meeting(facilitator, base_url)
    assert_accessible(facilitator)

    # Two workshops at the same hour are refused, with the reason.
    facilitator.get_by_label(re.compile(r"Réemploi\s:\ssécuriser ses gisements")).check()
    facilitator.get_by_label(re.compile(r"Mobilité\s:\slever le frein du permis")).check()
    facilitator.get_by_role("button", name="M’inscrire").click()
    assert facilitator.get_by_role("alert").filter(has_text="ont lieu en même temps").is_visible()

    # Two workshops at different hours.
    facilitator.get_by_label(re.compile(r"Réemploi\s:\ssécuriser ses gisements")).check()
    facilitator.get_by_label(re.compile("Recruter sur les compétences")).check()
    facilitator.get_by_role("button", name="M’inscrire").click()
    assert facilitator.get_by_role("status").filter(has_text="Votre inscription est enregistrée").is_visible()
    assert session(facilitator, "Réemploi : sécuriser ses gisements").get_by_text("Vous : Inscrit").is_visible()
    assert session(facilitator, "Recruter sur les compétences plutôt que sur le CV").get_by_text("Vous : Inscrit").is_visible()

    # The full one: on its waiting list.
    assert session(facilitator, FULL).get_by_text("Complet — liste d’attente ouverte").is_visible()
    facilitator.get_by_label(re.compile(FULL)).check()
    facilitator.get_by_role("button", name="Ajouter ces sessions").click()
    assert facilitator.get_by_role("status").filter(has_text="Dès qu’une place se libère, elle vous revient").is_visible()
    assert session(facilitator, FULL).get_by_text("Vous : Sur liste d’attente").is_visible()
    assert session(facilitator, FULL).get_by_text("(position 1)").is_visible()
    assert_accessible(facilitator)

    # The partner cancels their seat, after confirming.
    partner = signed_in(browser, base_url, "partenaire")
    open_meeting(partner, base_url)
    session(partner, FULL).get_by_role("link", name=re.compile("Annuler cette session")).click()
    assert_accessible(partner)
    partner.get_by_role("button", name="Annuler cette session").click()
    assert partner.get_by_role("status").filter(has_text="Votre annulation est enregistrée").is_visible()

    # The facilitator moved up.
    facilitator.reload()
    assert session(facilitator, FULL).get_by_text("Vous : Inscrit").is_visible()
    facilitator.goto(base_url + "/evenements/mes-inscriptions")
    assert facilitator.get_by_text(f"{FULL} — inscrit").is_visible()
    assert_accessible(facilitator)

    # The organiser sees them on the workshop's list.
    steward = signed_in(browser, base_url, "dreets")
    open_meeting(steward, base_url)
    steward.get_by_role("link", name="Gérer les inscriptions").click()
    workshop = steward.get_by_role("region", name=FULL)
    assert workshop.get_by_role("rowheader", name="Fanny Facilitatrice (démo)").is_visible()
    assert workshop.get_by_role("rowheader", name="Paul Partenaire (démo)").count() == 0
    assert_accessible(steward)


def test_find_the_report_on_reused_pallets(browser, base_url):
    page = browser.new_context(locale="fr-FR").new_page()
    page.goto(base_url + "/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Ce qui marche").click()
    assert_accessible(page)
    page.get_by_label("Mots-clés").fill("palette")
    page.get_by_role("button", name="Chercher").click()
    assert page.get_by_role("status").filter(has_text="1 résultat").is_visible()
    page.get_by_role("link", name="Le réemploi de palettes en bois, support d’insertion").click()
    assert page.get_by_role("heading", name="Constat initial").is_visible()
    assert page.get_by_text("Fibr’&Co").is_visible()
    assert_accessible(page)
    # Back to the workshop where it was told.
    page.get_by_role("link", name=re.compile("S’inscrire dans une filière de réemploi")).click()
    assert page.get_by_role("heading", name="S’inscrire dans une filière de réemploi pour des coopérations inclusives").is_visible()

    # What worked near Amiens, and the good practices by theme.
    page.goto(base_url + "/connaissances")
    page.get_by_label("Ma commune").fill("Amiens")
    page.get_by_role("button", name="Chercher").click()
    assert page.get_by_role("link", name=re.compile("Les Astelles")).is_visible()
    page.goto(base_url + "/connaissances/pratiques")
    assert page.get_by_role("heading", name="Filières du réemploi").is_visible()
    assert_accessible(page)


def test_the_organiser_changes_the_programme_and_an_administrator_removes_a_theme(browser, base_url):
    steward = signed_in(browser, base_url, "dreets")
    open_meeting(steward, base_url)
    steward.get_by_role("link", name="Gérer les inscriptions").click()

    # A session more, then out of the programme again, after confirming.
    steward.get_by_label("Type de session").select_option(label="Plénière")
    steward.get_by_label("Titre de la session").fill("Café de clôture")
    steward.get_by_label("Début").fill("16:30")
    steward.get_by_label("Fin").fill("17:00")
    steward.get_by_role("button", name="Ajouter la session").click()
    assert steward.get_by_role("status").filter(has_text="La session est ajoutée au programme.").is_visible()
    steward.get_by_role("link", name="Retirer du programme : Café de clôture").click()
    assert steward.get_by_role("heading", name="Retirer « Café de clôture » du programme ?").is_visible()
    assert steward.get_by_text("Personne n’y est inscrit.").is_visible()
    assert_accessible(steward)
    steward.get_by_role("button", name="Retirer la session").click()
    assert steward.get_by_role("status").filter(has_text="La session est retirée du programme ; 0 personne prévenue.").is_visible()
    assert steward.get_by_role("region", name="Café de clôture").count() == 0

    # The opening plenary changes room; the form comes back filled in.
    steward.get_by_role("link", name="Modifier la session Plénière d’ouverture").click()
    assert steward.get_by_label("Titre de la session").input_value() == "Plénière d’ouverture"
    assert_accessible(steward)
    steward.get_by_label("Salle (facultatif)").fill("Amphithéâtre")
    steward.get_by_role("button", name="Enregistrer la session").click()
    assert steward.get_by_role("status").filter(has_text="La session est modifiée").is_visible()
    open_meeting(steward, base_url)
    assert session(steward, "Plénière d’ouverture").get_by_text("Amphithéâtre").is_visible()

    # The event itself: the audience is told more precisely; the form comes back filled in.
    steward.get_by_role("link", name="Gérer les inscriptions").click()
    steward.get_by_role("link", name="Modifier l’événement").click()
    assert steward.get_by_label("Titre").input_value() == MEETING
    assert_accessible(steward)
    steward.get_by_label("Pour qui (facultatif)").fill("Structures, partenaires et acheteurs du Pas-de-Calais")
    steward.get_by_role("button", name="Enregistrer l’événement").click()
    assert steward.get_by_role("status").filter(has_text="L’événement est modifié").is_visible()

    # A theme added by mistake goes; nothing used it.
    admin = signed_in(browser, base_url, "admin")
    admin.goto(base_url + "/admin/themes")
    admin.get_by_label("Nom", exact=True).fill("Tiers-lieux")
    admin.get_by_role("button", name="Ajouter").click()
    admin.get_by_role("link", name="Supprimer le thème Tiers-lieux").click()
    assert admin.get_by_text("Aucun événement, aucune session ni aucun contenu ne l’utilise.").is_visible()
    assert_accessible(admin)
    admin.get_by_role("button", name="Supprimer le thème").click()
    assert admin.get_by_role("status").filter(has_text="Le thème est supprimé").is_visible()
    assert admin.get_by_role("link", name="Supprimer le thème Tiers-lieux").count() == 0

    # A used one asks which theme takes its place.
    admin.get_by_role("link", name="Supprimer le thème Économie du vieillissement").click()
    assert admin.get_by_label("Thème qui le remplace").is_visible()
    assert_accessible(admin)
