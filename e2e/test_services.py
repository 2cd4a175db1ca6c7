"""Partner services in a real browser: a partner looks for French lessons for a person who lives
in Roubaix, opens the nearest one and sees its contacts; a visitor does not."""
import re

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
    assert visitor.get_by_role("link", name="Connectez-vous").is_visible()
