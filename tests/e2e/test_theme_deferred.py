"""On tool pages the theme's script (Material: search, the light/dark switch, the
back-to-top button) starts once the tool has started, so that it does not take the
processor from Python while the tool loads; but it starts at once when the reader
reaches for the header, and it works in full afterwards. Guide pages load it as usual.

The tool's start is held with a Playwright route on the WebAssembly. The theme also
starts after five seconds at the latest: the tests that show it waiting stop the
page's clock (Playwright's clock), so that timer cannot fire however busy the machine
is, and the one about that timer moves the clock on instead of waiting.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from e2ekit import LOAD_TIMEOUT_MS, hold_wasm, tab_to
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = "[data-cp14-tool]"
SEARCH = "input.md-search__input"
RESULTS = ".md-search-result__item"
THEME_STARTED = "() => typeof window.document$ === 'object'"
# The page's progress bar stands part way: the page has loaded, the worker is
# downloading, and the WebAssembly is held.
PART_WAY = """() => { const bar = document.querySelector("[data-role=progress]");
  const v = bar ? Number(bar.getAttribute("aria-valuenow")) : 0; return v > 0 && v < 100; }"""


def stop_the_clock(page) -> None:
    """The page's timers (setTimeout, its clock) stand still until clock.resume()."""
    page.clock.install()
    page.clock.pause_at(datetime.now() + timedelta(seconds=1))


@pytest.fixture
def held(browser):
    """A page whose WebAssembly download waits until `let_go()` is called, and `let_go`."""
    ctx = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    let_go = hold_wasm(ctx)
    yield ctx.new_page(), let_go
    let_go()
    ctx.close()


def search_finds(page, word: str) -> None:
    # The theme says this once its search index is built.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    page.locator(SEARCH).focus()
    page.keyboard.type(word)  # the theme searches on key presses
    expect(page.locator(RESULTS).first).to_be_visible()


def test_the_theme_waits_for_the_tool_then_works(held, base_url):
    page, let_go = held
    searched = []
    page.on("request", lambda r: searched.append(r.url) if "search_index" in r.url else None)
    stop_the_clock(page)
    page.goto(base_url + "tools/letter/")
    expect(page.locator(".cp14-blank[data-blank=dispute]")).to_be_visible()
    page.wait_for_function(PART_WAY)
    assert page.locator(ROOT).get_attribute("data-state") == "loading"
    assert not page.evaluate(THEME_STARTED), "the theme started while the tool loads"
    assert not searched, "the search index was fetched while the tool loads"
    page.clock.resume()
    let_go()
    page.wait_for_selector("[data-role=letter-preview][data-live=true]", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(THEME_STARTED)
    assert page.locator(ROOT).get_attribute("data-settled") == ""
    search_finds(page, "penalty")


def test_reaching_for_the_search_box_starts_the_theme_at_once(held, base_url):
    page, _ = held
    stop_the_clock(page)
    page.goto(base_url + "tools/letter/")
    expect(page.locator(".cp14-blank[data-blank=dispute]")).to_be_visible()
    page.wait_for_function(PART_WAY)
    assert not page.evaluate(THEME_STARTED)
    tab_to(page, SEARCH)
    page.wait_for_function(THEME_STARTED)
    page.clock.resume()
    assert page.locator(ROOT).get_attribute("data-state") == "loading"
    search_finds(page, "interest")


def test_the_light_dark_switch_works_on_a_tool_page(held, base_url):
    page, _ = held
    page.goto(base_url + "tools/deadlines/")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    # Hovering the header starts the theme; the click then switches.
    page.hover(".md-header__title")
    page.wait_for_function(THEME_STARTED)
    page.locator("[data-md-component=palette] label:visible").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)


def test_a_guide_page_loads_the_theme_as_usual(browser, base_url):
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    try:
        page.goto(base_url)
        assert page.locator("script[src*='assets/javascripts/bundle.']").count() == 1
        assert page.locator("script[src*='cp14-material.js']").count() == 0
        page.wait_for_function(THEME_STARTED)
    finally:
        ctx.close()


def test_the_theme_starts_on_a_slow_link_before_the_tool(held, base_url):
    """A tool that is still loading does not keep the theme waiting for ever: five
    seconds on (the page's clock moved on, not waited for), it starts."""
    page, _ = held
    stop_the_clock(page)
    page.goto(base_url + "tools/plan/")
    page.wait_for_function(PART_WAY)
    assert not page.evaluate(THEME_STARTED)
    page.clock.run_for(5000)
    page.clock.resume()
    page.wait_for_function(THEME_STARTED)
    assert page.locator(ROOT).get_attribute("data-state") == "loading"
