"""Pages that hold on a phone: every route pattern that a visitor, a newcomer and each demo role
reach by following links is measured at 320, 360 and 390 px wide, and none is wider than the
screen; so are the error pages, forms in their error state and the sign-up's steps. The same walk
fails on any link that leads its role to a refusal (403) or to nothing (404). Last, the server's
own list of pages is compared with what was measured: a page nobody measured fails the suite."""
import os
import re
import subprocess
from urllib.parse import urldefrag

import pytest

from test_onboarding import sign_up
from test_purchasing import signed_in

WIDTHS = (320, 360, 390)
SKIPPED = re.compile(r"^/(api|css|js|vendor)/|\.(csv|ics|atom|json|xml|png|svg|ico|pdf|txt)(\?|$)|^/deconnexion|^/compte/donnees")


def pattern(path):
    bare = path.split("?")[0]
    return "/".join(":id" if (len(part) >= 32 and "-" in part) or part.isdigit() else part for part in bare.split("/"))


# Every route pattern measured by the tests of this file, for the last one to compare.
MEASURED = set()


def too_wide_here(page, path):
    """The widths at which the page as it stands (a form's error state included) is wider than
    the screen; measured in place, so that a POST's answer is not sent again."""
    MEASURED.add(pattern(path))
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            culprit = page.evaluate("""width => {
                const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > width + 1);
                const e = wide[wide.length - 1] || document.body;
                return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '');
            }""", width)
            problems.append(f"{path} at {width}px: {scroll}px ({culprit})")
            break
    page.set_viewport_size({"width": 390, "height": 800})
    return problems


def crawl(page, base_url, dead, starts, limit=200, per_pattern=3):
    """The first pages of each route pattern reached from the starts (three of each, since one
    record may lack a link another has: a barrier to refer from, a draft to edit); the links that
    answered 403 or 404 go to `dead`."""
    queue, seen, patterns, pages = list(starts), set(), {}, []
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        if patterns.get(pattern(path), 0) >= per_pattern:
            continue
        patterns[pattern(path)] = patterns.get(pattern(path), 0) + 1
        response = page.goto(base_url + path)
        if response is not None and response.status in (403, 404):
            dead.append(f"{path} → {response.status}")
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        pages.append(path)
        for href in page.eval_on_selector_all("a[href^='/']:not([download])", "links => links.map(a => a.getAttribute('href'))"):
            href = urldefrag(href)[0]
            if href and not href.startswith("//") and not SKIPPED.search(href) and href not in seen:
                queue.append(href)
    return pages


@pytest.mark.parametrize("role", ["visitor", "structure", "acheteur", "partenaire", "facilitateur", "dreets", "admin", "entreprise"])
def test_no_page_is_wider_than_a_phone(browser, base_url, role):
    if role == "visitor":
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
    else:
        page = signed_in(browser, base_url, role)
    page.set_viewport_size({"width": 390, "height": 800})
    too_wide, dead = [], []
    # The back-office is a start for those who may open it (a visitor would be sent to log in);
    # a structure starts from someone not hired yet, a buyer from its needs (drafts among them),
    # so that the pages behind them are reached before any other of their pattern.
    # A company starts from its own offers, whose pages lead to the profiles that match them.
    firsts = {"structure": ["/parcours/personnes?etape=accueilli"], "acheteur": ["/mes-besoins?etat=brouillon"], "admin": ["/connaissances/a-relire"],
              "entreprise": ["/offres/mes-offres"]}
    starts = firsts.get(role, []) + ["/", "/mon-espace", "/compte"] + (["/admin"] if role in ("dreets", "admin") else [])
    pages = crawl(page, base_url, dead, starts)
    measured = set()
    for path in pages:
        if pattern(path) in measured:
            continue
        measured.add(pattern(path))
        page.goto(base_url + path)
        too_wide += too_wide_here(page, path)
    page.context.close()
    assert len(pages) > 10, pages
    assert not dead, dead
    assert not too_wide, too_wide


def test_a_newcomers_steps_error_pages_and_forms_in_error_fit_a_phone(browser, base_url):
    too_wide = []
    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.set_viewport_size({"width": 390, "height": 800})
    assert visitor.goto(base_url + "/nulle-part").status == 404
    too_wide += too_wide_here(visitor, "/nulle-part")
    for path, button in [("/inscription", "Créer mon compte"), ("/connexion", "Se connecter"), ("/mot-de-passe-oublie", "Recevoir un lien")]:
        visitor.goto(base_url + path)
        visitor.get_by_role("button", name=button).click()
        too_wide += too_wide_here(visitor, path)
    for path in ["/compte/verifier?jeton=faux", "/compte/adresse/confirmer?jeton=faux", "/invitation?jeton=faux", "/mot-de-passe/nouveau?jeton=faux", "/orientations/reponse?jeton=faux",
                 "/candidatures/reponse-par-lien?o=faux", "/immersions/signature?o=faux"]:
        visitor.goto(base_url + path)
        too_wide += too_wide_here(visitor, path)
    visitor.context.close()

    # A newcomer: the « Vous êtes… » step, the organisation step, its error state and the notice.
    run = os.getpid()
    newcomer = browser.new_context(locale="fr-FR").new_page()
    sign_up(newcomer, base_url, "Un prescripteur ou un partenaire", "Noa Essai", f"noa.{run}@association-essai-{run}.fr")
    too_wide += too_wide_here(newcomer, "/inscription/organisation")
    newcomer.get_by_role("button", name="Créer l’organisation").click()
    too_wide += too_wide_here(newcomer, "/inscription/organisation")
    newcomer.goto(base_url + "/inscription/organisation?changer=profil")
    too_wide += too_wide_here(newcomer, "/inscription/organisation")
    newcomer.context.close()

    # Forms sent empty, by those who may fill them.
    for role, path, button in [("acheteur", "/besoins/nouveau", "Créer le brouillon et continuer"), ("partenaire", "/services/nouveau", "Enregistrer"),
                               ("structure", "/parcours/personnes/nouvelle", "Enregistrer"), ("dreets", "/evenements/nouveau", "Annoncer l’événement")]:
        page = signed_in(browser, base_url, role)
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(base_url + path)
        page.get_by_role("button", name=button).first.click()
        assert page.locator("#erreurs").count() == 1, path
        too_wide += too_wide_here(page, path)
        if role == "structure":
            # Referring from a barrier: the first person in a journey whose record offers it.
            page.goto(base_url + "/parcours/personnes?etape=en-parcours")
            records = page.eval_on_selector_all("a[href^='/parcours/personnes/']", "links => links.map(a => a.getAttribute('href'))")
            refer = None
            for record in [href for href in records if pattern(href) == "/parcours/personnes/:id"][:20]:
                page.goto(base_url + record)
                if page.locator("a[href$='/orienter']").count():
                    refer = page.locator("a[href$='/orienter']").first.get_attribute("href")
                    break
            assert refer, "no demo person of the structure has a barrier to refer from"
            page.goto(base_url + refer)
            too_wide += too_wide_here(page, refer)
        if role == "partenaire":
            # A token, and the page that asks before revoking it.
            page.goto(base_url + "/compte")
            page.get_by_label("Nom du nouveau jeton").fill(f"mesure {run}")
            page.locator("#token_password").fill("passerelle-demo")
            page.get_by_role("button", name="Créer un jeton").click()
            revoke = page.locator("a[href$='/revoquer']").first.get_attribute("href")
            page.goto(base_url + revoke)
            too_wide += too_wide_here(page, revoke)
        page.context.close()
    assert not too_wide, too_wide


# Pages reached only by a form's button (POST-redirect-GET or a confirmation asked before an
# action) or by a link that is mailed: the walk does not follow them, and each says why.
NOT_WALKED = {
    # The author's own proposal, refused or waiting: the demo has none, and the page is the
    # proposal form (/connaissances/proposer, measured) filled with it.
    "/connaissances/:id/modifier": "the proposal form, filled",
}


def test_every_page_of_the_server_was_measured(tmp_path):
    binary = os.environ.get("PASSERELLE_BIN")
    assert binary, "PASSERELLE_BIN names the server's binary: its `routes` command lists the pages"
    listed = subprocess.run([binary, "routes"], env={**os.environ, "SQLITE_PATH": str(tmp_path / "routes.sqlite"), "LOG_LEVEL": "error"},
                            capture_output=True, text=True, check=True).stdout
    pages = set()
    for line in listed.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 2 and cells[1] == "GET" and not SKIPPED.search(cells[2]) and cells[2] not in ("/healthz", "/readyz", "/metrics"):
            pages.add("/".join(":id" if part.startswith(":") else part for part in cells[2].split("/")))
    assert len(pages) > 60, sorted(pages)
    unmeasured = sorted(pages - MEASURED - set(NOT_WALKED))
    assert not unmeasured, unmeasured
    assert not set(NOT_WALKED) - pages, "NOT_WALKED names pages the server no longer has"
