"""axe-core finds nothing on the tool pages, before and after they show results,
in light and in dark mode (with a field error on screen, too).

axe-core is pinned in package.json (node_modules/axe-core); the page's CSP would block
it, so only these contexts bypass CSP. They ask for reduced motion (the theme then
moves nothing), and axe runs once nothing moves (e2ekit.axe), so no colour is
measured half-way through a fade.
"""

from __future__ import annotations

import pytest
from e2ekit import AXE, LOAD_TIMEOUT_MS, axe, wait_ready
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def fill_letter(page) -> None:
    page.fill("#f-name", "Maria Example")
    page.check("#f-reasons-0")
    page.fill("#f-paid_amount", "100.00")
    page.fill("#f-ssn_last4", "12")
    page.locator("#f-ssn_last4").press("Tab")
    expect(page.locator("[data-role=live-letter]")).to_contain_text(
        "Maria Example", timeout=LOAD_TIMEOUT_MS
    )
    expect(page.locator("#f-ssn_last4-error")).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def call_sheet(page) -> None:
    """The call sheet beside the letter, with the number from the notice."""
    page.fill("#f-irs_phone", "(555) 555-0100")
    expect(page.locator("[data-role=live-call]")).to_contain_text(
        "Call: (555) 555-0100", timeout=LOAD_TIMEOUT_MS
    )


def deadline_results(page) -> None:
    page.fill("#f-notice_date", "2026-03-16")
    page.fill("#f-payment_date", "2026-06-01")
    page.fill("#f-amount", "2450.17")
    expect(page.locator("[data-role=results]")).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def deadline_error(page) -> None:
    """A wrong answer takes the results away, so its message is checked on its own."""
    page.fill("#f-amount", "12abc")
    page.locator("#f-amount").press("Tab")
    expect(page.locator("#f-amount-error")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(page.locator("[data-role=results]")).to_be_hidden()


def plan_results(page) -> None:
    page.fill("#f-balance", "12000")
    page.fill("#f-notice_date", "2026-11-16")
    page.fill("#f-tax", "10000")
    page.fill("#f-monthly", "500")
    expect(page.locator("[data-role=results]")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    page.locator(".cp14-schedule").evaluate_all("all => all.forEach((d) => { d.open = true; })")


def plan_error(page) -> None:
    """A wrong answer takes the results away, so its message is checked on its own."""
    page.fill("#f-monthly", "12abc")
    page.locator("#f-monthly").press("Tab")
    expect(page.locator("#f-monthly-error")).to_be_visible(timeout=LOAD_TIMEOUT_MS)


# What each tool page is filled with; axe runs after each step.
STEPS = {
    "letter": [fill_letter, call_sheet],
    "deadlines": [deadline_results, deadline_error],
    "plan": [plan_results, plan_error],
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("tool", "width"),
    # The plan page on a phone too: its month-by-month table becomes blocks there.
    [("letter", 1280), ("deadlines", 1280), ("plan", 1280), ("plan", 360)],
    ids=["letter", "deadlines", "plan", "plan-phone"],
)
def test_no_axe_violations(browser, base_url, tool, width, scheme):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci`")
    ctx = browser.new_context(
        viewport={"width": width, "height": 900},
        bypass_csp=True,
        color_scheme=scheme,
        reduced_motion="reduce",
    )
    page = ctx.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    try:
        page.goto(base_url + f"tools/{tool}/")
        want = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == want
        # The whole page, its header too (on a phone: the site menu button).
        scope = None
        before = axe(page, scope)
        wait_ready(page)
        after = []
        for step in STEPS[tool]:
            step(page)
            after += axe(page, scope)
    finally:
        ctx.close()
    assert before == [], "\n".join(before)
    assert after == [], "\n".join(after)
