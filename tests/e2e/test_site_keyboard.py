"""The site's header by keyboard, in headless Chromium, at every width.

On a phone (360 px) and at 200 % zoom on a laptop (1280 px wide at 200 % is a
640 px viewport), the site menu is Material's drawer: while it is closed its links
must not be in the Tab order, its button must open it with Enter or Space, and
Escape must close it. The light/dark switch works with Space and with Enter. At
desktop width the tool pages show the site menu like every other page.
"""

from __future__ import annotations

import pytest
from e2ekit import tab_to
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DRAWER_BUTTON = "button.cp14-menu-button"
MENU = ".md-sidebar--primary"
# Phone, and a 1280 px laptop at 200 % zoom.
NARROW = [
    pytest.param(({"width": 360, "height": 740}, 1), id="phone-360"),
    pytest.param(({"width": 640, "height": 450}, 2), id="zoom-200"),
]
PAGES = ["", "tools/letter/", "tools/deadlines/"]


@pytest.fixture
def narrow_page(browser, request):
    viewport, scale = request.param

    ctx = browser.new_context(
        viewport=viewport, device_scale_factor=scale, service_workers="block", locale="en-US"
    )
    page = ctx.new_page()
    yield page
    ctx.close()


def focus_in(page, selector: str) -> bool:
    return page.evaluate(
        "(s) => !!document.activeElement && !!document.activeElement.closest(s)", selector
    )


@pytest.mark.parametrize("narrow_page", NARROW, indirect=True)
@pytest.mark.parametrize("path", PAGES)
def test_tab_reaches_the_content_before_the_closed_menu(narrow_page, base_url, path):
    page = narrow_page
    page.goto(base_url + path)
    expect(page.locator(DRAWER_BUTTON)).to_be_visible()
    assert page.locator(f"{MENU} a[href]").count() > 10  # the menu is there, only closed
    walked = []
    for _ in range(40):
        page.keyboard.press("Tab")
        assert not focus_in(page, MENU), f"a closed menu's link has focus after {walked}"
        walked.append(page.evaluate("document.activeElement.outerHTML.slice(0, 60)"))
        if focus_in(page, ".md-content"):
            break
    else:
        raise AssertionError(f"Tab never reached the page's content: {walked}")
    assert len(walked) < 15, walked


@pytest.mark.parametrize("narrow_page", NARROW, indirect=True)
@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_the_menu_opens_by_keyboard_and_escape_closes_it(narrow_page, base_url, key):
    page = narrow_page
    page.goto(base_url + "tools/deadlines/")
    tab_to(page, DRAWER_BUTTON)
    button = page.locator(DRAWER_BUTTON)
    expect(button).to_have_attribute("aria-expanded", "false")
    assert button.evaluate("b => b.tagName") == "BUTTON"
    page.keyboard.press(key)
    expect(page.locator("#__drawer")).to_be_checked()
    expect(button).to_have_attribute("aria-expanded", "true")
    # Focus moves into the menu, and its links are reached with Tab.
    page.wait_for_function("(s) => document.activeElement.closest(s)", arg=MENU)
    expect(page.locator(MENU)).to_be_visible()
    seen = set()
    for _ in range(4):
        page.keyboard.press("Tab")
        assert focus_in(page, MENU)
        seen.add(page.evaluate("document.activeElement.getAttribute('href')"))
    assert seen - {None}, seen
    expect(page.locator(MENU).get_by_role("link", name="Write my letter")).to_be_visible()

    page.keyboard.press("Escape")
    expect(page.locator("#__drawer")).not_to_be_checked()
    expect(button).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("(s) => document.activeElement.matches(s)", DRAWER_BUTTON)
    # Once it has slid away its links are out of the Tab order again.
    page.wait_for_function(
        "(s) => getComputedStyle(document.querySelector(s)).visibility === 'hidden'", arg=MENU
    )
    page.keyboard.press("Tab")
    assert not focus_in(page, MENU)


def scheme(page) -> str:
    return page.evaluate("document.body.dataset.mdColorScheme")


@pytest.mark.parametrize("width", [360, 1280])
def test_the_palette_switch_works_with_space_and_enter(browser, base_url, width):
    ctx = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme="light", service_workers="block"
    )
    page = ctx.new_page()
    try:
        page.goto(base_url)
        assert scheme(page) == "default"
        # The radio of the scheme shown: the one whose label (the switch) is visible.
        tab_to(page, '[data-md-component="palette"] input:has(+ label:not([hidden]))')
        page.keyboard.press("Space")
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
        # Focus stays on the switch, which now offers the way back.
        assert page.evaluate("document.activeElement.matches('[data-md-component=palette] input')")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
        page.keyboard.press("Space")
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    finally:
        ctx.close()


@pytest.mark.parametrize("path", ["tools/letter/", "tools/deadlines/", "tools/plan/"])
def test_tool_pages_show_the_site_menu_on_a_wide_screen(browser, base_url, path):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = ctx.new_page()
    try:
        page.goto(base_url + path)
        menu = page.locator(MENU)
        expect(menu).to_be_visible()
        expect(page.locator(DRAWER_BUTTON)).to_be_hidden()  # the menu is not behind a button
        for name in ("Write my letter", "My deadlines", "Compare my options"):
            expect(menu.get_by_role("link", name=name).first).to_be_visible()
        # ... and reached from the keyboard.
        tab_to(page, f"{MENU} a[href]")
    finally:
        ctx.close()
