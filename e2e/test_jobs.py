"""Jobs and bridges in a real browser: a company posts an offer, picking its job among the titles
of the ROME that start with the words typed; a job coach finds it around the commune where the
person lives; every page of the module passes axe-core without any violation."""
import os
import re

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
    coach.context.close()
