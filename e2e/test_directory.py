"""What a buyer does in the directory, in a real browser: search, open a profile, download."""
import csv
import io
import re

from axe_playwright_python.sync_playwright import Axe

SEARCH = "/structures?q=nettoyage&commune_q=Lille&mode=near&radius_km=20"


def test_search_cleaning_around_lille_open_profile_download_csv(page, base_url):
    page.goto(base_url + "/structures")
    page.get_by_label("Que cherchez-vous ?").fill("nettoyage")
    commune = page.get_by_role("combobox", name="Commune")
    commune.fill("Lille")
    page.get_by_role("option", name=re.compile(r"^Lille \(59")).first.wait_for()
    commune.press("ArrowDown")
    commune.press("Enter")
    assert page.locator("input[name=commune]").input_value() == "59350"
    page.get_by_label("Structures situées à moins de").check()
    page.get_by_label("Distance maximale").select_option("20")
    page.get_by_role("button", name="Rechercher").click()

    summary = page.locator("p.summary").inner_text()
    assert re.search(r"\d+ structures? correspond", summary), summary
    results = page.locator("ol.result-list > li")
    assert results.count() > 0
    for index in range(results.count()):
        text = results.nth(index).inner_text()
        assert "nettoyage" in text.lower()
        distance = re.search(r"à ([\d,]+) km", text)
        if distance:
            assert float(distance.group(1).replace(",", ".")) <= 20

    first_name = results.first.locator("h3 a").inner_text()
    results.first.locator("h3 a").click()
    assert page.get_by_role("heading", level=1).inner_text() == first_name
    assert page.get_by_role("heading", name="Activités et zones d’intervention").is_visible()
    page.go_back()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger ces résultats (CSV)").click()
    download = download_info.value
    data = open(download.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte order mark"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Identifiant", "Nᵒ SIRET", "Source", "Identifiant source", "Nom"]
    assert first_name in [row[4] for row in rows[1:]]


def test_search_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + SEARCH)
    assert page.get_by_text("Commune retenue : Lille (59)").first.is_visible()
    assert page.locator("ol.result-list > li").count() > 0
    assert page.locator("#map").is_hidden()
    context.close()


def test_map_shows_the_page_results(page, base_url):
    page.goto(base_url + SEARCH)
    page.locator("#map.leaflet-container").wait_for()
    markers = page.locator("#map path.leaflet-interactive")
    assert markers.count() == page.locator("ol.result-list > li[data-lat]").count()


def test_layout_holds_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in [SEARCH, "/"]:
        page.goto(base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways ({width}px)"
    context.close()


def test_the_menu_folds_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(base_url + "/")
    menu = page.get_by_role("navigation", name="Menu principal")
    directory = menu.get_by_role("link", name="Annuaire", exact=True)
    # Folded, the header is one row: the brand and « Menu ».
    assert not directory.is_visible()
    assert page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height") < 90
    page.locator("label.menu-button").click()
    assert directory.is_visible() and menu.get_by_role("link", name="S’inscrire").is_visible()
    # The keyboard folds it again: the box behind « Menu » takes the focus and the space bar.
    page.locator("#menu-toggle").focus()
    page.keyboard.press("Space")
    assert not directory.is_visible()
    context.close()


def test_keyboard_reaches_the_content_first(page, base_url):
    page.goto(base_url + "/structures")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Aller au contenu"


def _audit(page):
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    return blocking


def test_accessibility_of_search_and_profile(page, base_url):
    page.goto(base_url + SEARCH)
    blocking = _audit(page)
    assert blocking == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in blocking]
    page.locator("ol.result-list > li h3 a").first.click()
    page.get_by_role("heading", level=1).wait_for()
    blocking = _audit(page)
    assert blocking == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in blocking]


def test_accessibility_of_home_and_errors(page, base_url):
    for path in ["/", "/structures?kind=xyz", "/structures/inconnue"]:
        page.goto(base_url + path)
        blocking = _audit(page)
        assert blocking == [], (path, [(v["id"], v["help"]) for v in blocking])
