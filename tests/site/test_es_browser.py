"""The Spanish site in Chromium: the language switch, the Spanish search, and axe.

- The switch is reached from the keyboard early on the page (after the skip link),
  is at least 24 by 24 pixels, on a phone too, and Enter on it opens the same page
  in the other language; switching stores nothing (no cookie, nothing in local or
  session storage): the language is in the address, and every link keeps it.
- Searching a Spanish word on a Spanish page finds Spanish pages, and only those.
- axe-core finds no violation on the Spanish pages (but the tool pages, which the
  tools' own tests check), in light and in dark mode, as test_site_a11y.py checks
  the English pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitekit import language_pages
from test_site_a11y import AXE, RUN_AXE, SCHEMES, STILL, TAGS

pytestmark = pytest.mark.browser

# What the site keeps, but the theme's own light or dark scheme, which it writes for
# each build's folder ("/cp14/.__palette", "/cp14/es/.__palette") on every page.
STORAGE = """() => JSON.stringify([document.cookie,
  Object.entries(localStorage).filter(([k]) => !k.endsWith(".__palette")),
  Object.entries(sessionStorage)])"""
FOCUSED_SWITCH = """() => {
  const a = document.activeElement;
  return a && a.classList.contains("cp14-lang__link") ? a.getAttribute("lang") : null;
}"""


def _tab_to_switch(page, most: int = 4) -> str | None:
    for _ in range(most):
        page.keyboard.press("Tab")
        lang = page.evaluate(FOCUSED_SWITCH)
        if lang:
            return lang
    return None


@pytest.mark.parametrize(
    ("start", "lang", "goes_to", "name"),
    [("es/pay/", "en", "pay/", "English"), ("cant-pay/", "es", "es/cant-pay/", "Español")],
)
def test_the_switch_opens_the_same_page_in_the_other_language(
    context, base_url, start, lang, goes_to, name
):
    page = context.new_page()
    page.goto(base_url + start)
    before = page.evaluate(STORAGE)
    assert _tab_to_switch(page) == lang, "the language switch is not among the first stops"
    focused = page.locator(".cp14-lang__link:focus")
    assert focused.inner_text().strip() == name
    box = focused.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24, box
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + goes_to)
    assert page.evaluate("document.documentElement.lang") == lang
    # Nothing is stored to remember the choice: the address says the language.
    assert page.evaluate(STORAGE) == before == '["",[],[]]'

    assert context.cookies() == []


def test_the_switch_is_big_enough_on_a_phone(browser, base_url):
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = ctx.new_page()
        for start in ("es/", "es/help/", "ignore/"):
            page.goto(base_url + start)
            link = page.locator(".cp14-lang__link")
            assert link.is_visible(), start
            box = link.bounding_box()
            assert box and box["width"] >= 24 and box["height"] >= 24, (start, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (start, box)
    finally:
        ctx.close()


@pytest.mark.parametrize("word", ["multa", "embargo", "pagos"])
def test_searching_a_spanish_page_finds_spanish_pages(context, base_url, word):
    page = context.new_page()
    page.goto(base_url + "es/")
    box = page.locator("input.md-search__input")  # in the header, on a wide screen
    box.click()
    box.press_sequentially(word)
    results = page.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for()
    hrefs = [a.get_attribute("href") or "" for a in results.all()]
    urls = [page.evaluate("(h) => new URL(h, document.baseURI).pathname", h) for h in hrefs]
    assert urls and all(u.startswith("/cp14/es/") for u in urls), urls
    meta = page.locator(".md-search-result__meta").inner_text()
    assert "resultado" in meta.lower() or "documento" in meta.lower(), meta  # the theme's Spanish


@pytest.mark.parametrize("mode", list(SCHEMES))
def test_axe_finds_no_violations_on_the_spanish_pages(browser, base_url, site_dir: Path, mode):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is pinned in package.json).")
    pages = [p for p in language_pages(site_dir, "es") if not p.bare.startswith("tools/")]
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
        color_scheme=mode,
        reduced_motion="reduce",
    )
    timeout = float(os.environ.get("CP14_PAGE_TIMEOUT_MS", "30000"))
    found: dict[tuple[str, str, str], list[str]] = {}
    checked = 0
    try:
        page = context.new_page()
        origin = base_url.rstrip("/")[: -len("/cp14")]
        for site_page in pages:
            response = page.goto(origin + site_page.path, wait_until="load", timeout=timeout)
            assert response is not None and response.ok, site_page.path
            scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert scheme == SCHEMES[mode], (site_page.path, scheme)
            page.wait_for_function(STILL)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(RUN_AXE, TAGS)
            checked += 1
            for v in result["violations"]:
                for node in v["nodes"]:
                    key = (v["id"], v["help"], node["target"] + " " + node["summary"])
                    found.setdefault(key, []).append(site_page.path)
    finally:
        context.close()
    problems = [
        f"[{mode}] {rule}: {help_}\n    {where}\n    on {', '.join(on)}"
        for (rule, help_, where), on in found.items()
    ]
    assert problems == [], "\n".join(problems)
    assert checked == len(pages) >= 12
