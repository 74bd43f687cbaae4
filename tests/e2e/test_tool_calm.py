"""A calm start on a phone's link (4 Mbit/s, serve.PROFILES["4mbit"]), in real
Chromium: the status line, a polite live region, changes only at milestones; from
the first paint it says what works before Python; answers typed meanwhile are said to
be on their way; and nothing on the page moves while the tool and the theme start
(cumulative layout shift, as Chromium measures it).

Every test waits for a state (the tool ready, the theme started), never for a time.
"""

from __future__ import annotations

import pytest
from e2ekit import LOAD_TIMEOUT_MS, hold_wasm, wait_ready
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = "[data-cp14-tool]"
STATUS = "[data-role=status]"
# Each text the status line shows, from the first paint on, and the layout shifts
# Chromium reports that no input caused (what CLS adds up).
RECORD = """
window.__said = [];
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
}).observe({ type: "layout-shift", buffered: true });
new MutationObserver(() => {
  const s = document.querySelector("[data-role=status]");
  const last = window.__said[window.__said.length - 1];
  if (s && last !== s.textContent) window.__said.push(s.textContent);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""
THEME_STARTED = "() => typeof window.document$ === 'object'"
# Two frames after the theme started: every shift it caused has been reported.
TWO_FRAMES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
# What works before Python, as each page says from its first paint.
MEANWHILE = {
    "letter": "You can print the blank letter now",
    "deadlines": "The rules below the form work without it",
    "plan": "The text below explains each option without it",
}


@pytest.mark.parametrize(
    ("tool", "width"),
    [("letter", 360), ("deadlines", 360), ("plan", 360), ("letter", 1280)],
    ids=["letter-phone", "deadlines-phone", "plan-phone", "letter-desktop"],
)
def test_a_calm_start_on_a_slow_link(browser, slow_server, tool, width):
    ctx = browser.new_context(
        service_workers="block", viewport={"width": width, "height": 800}, has_touch=width < 600
    )
    ctx.add_init_script(RECORD)
    page = ctx.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    try:
        page.goto(slow_server.url + f"tools/{tool}/", wait_until="commit")
        status = page.locator(STATUS)
        # From the first paint: loading, its size, and what works meanwhile.
        expect(status).to_contain_text(MEANWHILE[tool])
        expect(status).to_contain_text(" MB, once)")
        assert page.locator(ROOT).get_attribute("data-state") == "loading"
        # The numbers move on the bar and the line under it, not in the live region.
        expect(page.locator("[data-role=progress-text]")).to_contain_text(" MB of ")
        wait_ready(page)
        expect(status).to_contain_text("Ready")
        page.wait_for_selector(f"{ROOT}[data-settled]", state="attached")
        page.wait_for_function(THEME_STARTED)
        page.evaluate(TWO_FRAMES)
        said = page.evaluate("window.__said")
        shifts = page.evaluate("window.__shifts")
    finally:
        ctx.close()
    # The first text is the page's own; each later one is a change a screen reader
    # announces: at most five from the first paint to ready.
    assert MEANWHILE[tool] in said[0], said
    assert len(said) - 1 <= 5, said
    assert "Ready" in said[-1], said
    assert not any(" MB of " in s for s in said), said
    assert sum(shifts) <= 0.05, shifts


def test_answers_typed_while_python_loads_are_said_to_be_on_their_way(browser, base_url):
    """The WebAssembly is held back, so Python is surely still loading while the
    reader types; once it is let through, the answers are in the letter."""
    ctx = browser.new_context(service_workers="block", viewport={"width": 360, "height": 800})
    let_go = hold_wasm(ctx)
    page = ctx.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    try:
        page.goto(base_url + "tools/letter/")
        pending = page.locator("[data-role=pending]")
        expect(pending).to_be_hidden()
        page.locator("#f-name").fill("Dana Whitfield")
        expect(pending).to_be_visible()
        expect(pending).to_contain_text("once the letter writer is ready")
        assert page.locator(ROOT).get_attribute("data-state") == "loading"
        let_go()
        wait_ready(page)
        expect(page.locator("[data-role=live-letter]")).to_contain_text("Dana Whitfield")
        expect(pending).to_be_hidden()
    finally:
        let_go()
        ctx.close()
