"""Pages that hold on a phone: every route pattern that a visitor and each demo role reach by
following links is measured at 320, 360 and 390 px wide, and none is wider than the screen. The
same walk fails on any link that leads its role to a refusal (403) or to nothing (404)."""
import re
from urllib.parse import urldefrag

import pytest

from test_purchasing import signed_in

WIDTHS = (320, 360, 390)
SKIPPED = re.compile(r"^/(api|css|js|vendor)/|\.(csv|ics|atom|json|xml|png|svg|ico|pdf|txt)(\?|$)|^/deconnexion|^/compte/donnees")


def pattern(path):
    bare = path.split("?")[0]
    return "/".join(":id" if (len(part) >= 32 and "-" in part) or part.isdigit() else part for part in bare.split("/"))


def crawl(page, base_url, dead, starts, limit=120):
    """The first page of each route pattern reached from the home page and the workspace; the
    links that answered 403 or 404 go to `dead`."""
    queue, seen, patterns, pages = list(starts), set(), set(), []
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        if pattern(path) in patterns:
            continue
        patterns.add(pattern(path))
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


@pytest.mark.parametrize("role", ["visitor", "structure", "acheteur", "partenaire", "facilitateur", "dreets", "admin"])
def test_no_page_is_wider_than_a_phone(browser, base_url, role):
    if role == "visitor":
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
    else:
        page = signed_in(browser, base_url, role)
    page.set_viewport_size({"width": 390, "height": 800})
    too_wide, dead = [], []
    # The back-office is a start for those who may open it (a visitor would be sent to log in).
    starts = ["/", "/mon-espace", "/compte"] + (["/admin"] if role in ("dreets", "admin") else [])
    pages = crawl(page, base_url, dead, starts)
    for path in pages:
        page.goto(base_url + path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                culprit = page.evaluate("""width => {
                    const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > width + 1);
                    const e = wide[wide.length - 1] || document.body;
                    return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '');
                }""", width)
                too_wide.append(f"{path} at {width}px: {scroll}px ({culprit})")
                break
    page.context.close()
    assert len(pages) > 10, pages
    assert not dead, dead
    assert not too_wide, too_wide
