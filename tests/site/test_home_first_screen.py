"""The home page on a phone, in English and in Spanish: a button to every tool in the
first screen (360 x 640), before any scrolling, not hidden under the header."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = sorted(md.stem for md in (ROOT / "docs" / "tools").glob("*.md"))

# The plan button says who it is for, in each language.
PLAN_BUTTON = {"": "Can't pay it all?", "es/": "¿No puede pagar todo?"}

BUTTONS = """(tools) => {
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return tools.map(tool => {
    const a = document.querySelector(`article a.md-button[href$="tools/${tool}/"]`);
    if (!a) return {tool, found: false};
    const r = a.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {tool, found: true, text: a.textContent.trim(), top: r.top, bottom: r.bottom,
            header, screen: innerHeight, onTop: !!hit && (hit === a || a.contains(hit))};
  });
}"""


def test_there_are_three_tools():
    assert TOOLS == ["deadlines", "letter", "plan"]


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("home", ["", "es/"])
def test_every_tool_has_a_button_in_the_phone_first_screen(browser, base_url, mode, home):
    context = browser.new_context(viewport={"width": 360, "height": 640}, color_scheme=mode)
    try:
        page = context.new_page()
        page.goto(base_url + home)
        assert page.evaluate("scrollY") == 0
        buttons = page.evaluate(BUTTONS, TOOLS)
    finally:
        context.close()
    for b in buttons:
        assert b["found"], f"no button to tools/{b['tool']}/ on the home page"
        assert b["header"] <= b["top"] and b["bottom"] <= b["screen"], b
        assert b["onTop"], f"something covers the {b['text']!r} button: {b}"
    plan = next(b for b in buttons if b["tool"] == "plan")
    assert plan["text"].startswith(PLAN_BUTTON[home]), plan
