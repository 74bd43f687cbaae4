"""Every error cp14 returns, on any field or none, leaves a clear, current state: the
letter is marked out of date with Print, Copy and Download off, and deadline or plan
results are removed, with cp14's message in words.

The errors come from the real worker running the real cp14. Where cp14 itself has
no input that fails inside it any more, a fault is put into the worker's answers:
the worker's own JSON.parse (which reads every answer cp14 gives) turns an answer
into the error cp14 gives for an internal failure (field "input"). Nothing of the
page's own code is replaced.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2ekit import cp14_worker, type_into, wait_ready
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIVE = "[data-role=live-letter]"
PREVIEW = "[data-role=letter-preview]"
RESULTS = "[data-role=results]"
INTERNAL = "Something went wrong while working this out (fault put in by the test)."

# From now on, an answer of cp14 that has `key` (and, if given, whose `key` holds the
# text `holding`) becomes the error cp14 gives for an internal failure.
FAULT = """([key, holding, message]) => {
  const parse = JSON.parse;
  JSON.parse = function (text, ...rest) {
    const answer = parse.call(this, text, ...rest);
    const picked = answer && typeof answer === "object" && !Array.isArray(answer) &&
      answer[key] && (!holding || JSON.stringify(answer[key]).includes(holding));
    return picked ? {errors: [{field: "input", message}]} : answer;
  };
}"""


def put_fault(page, key: str, holding: str = "") -> None:
    cp14_worker(page).evaluate(FAULT, [key, holding, INTERNAL])


def expect_stale_letter(page, *, says: str) -> None:
    expect(page.locator(PREVIEW)).to_have_attribute("data-stale", "true")
    stale = page.locator("[data-role=stale]")
    expect(stale).to_be_visible()
    expect(stale).to_contain_text("may not match your answers")
    expect(stale).to_contain_text(says)
    for action in ("print", "copy", "download"):
        expect(page.locator(f"[data-action={action}]")).to_be_disabled()


def test_an_internal_error_leaves_no_current_looking_letter(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "tools/letter/#q-kind")
    wait_ready(page)
    type_into(page, "#f-name", "Alice Before")
    expect(page.locator(LIVE)).to_contain_text("Alice Before")
    expect(page.locator("[data-action=download]")).to_be_enabled()
    put_fault(page, "html", "Bob")
    page.locator("#f-name").fill("Bob After")
    expect_stale_letter(page, says="fault put in by the test")
    # cp14's message is in the form too, in words, and not tied to a field.
    expect(page.locator("[data-role=general-error]")).to_contain_text("fault put in by the test")
    # The letter still on screen is the old one, and it is marked so.
    expect(page.locator(LIVE)).to_contain_text("Alice Before")
    expect(page.locator("[data-role=stale] [data-action=restart]")).to_be_hidden()
    # Fixed: a current letter, and the buttons are back.
    page.locator("#f-name").fill("Carol Later")
    expect(page.locator(LIVE)).to_contain_text("Carol Later")
    expect(page.locator(PREVIEW)).to_have_attribute("data-stale", "false")
    expect(page.locator("[data-role=stale]")).to_be_hidden()
    with page.expect_download() as info:
        page.locator("[data-action=download]").click()
    assert "Carol Later" in Path(info.value.path()).read_text(encoding="utf-8")
    expect(page.locator("[data-role=general-error]")).to_be_hidden()


def test_an_error_on_a_field_the_form_does_not_have_leaves_no_current_letter(tool_page, base_url):
    """A real error from cp14: a kind of letter it does not know (here the form's
    own choice says so), whose field ("kind") is not one of the form's questions."""
    page = tool_page
    page.goto(base_url + "tools/letter/#q-kind")
    wait_ready(page)
    type_into(page, "#f-name", "Alice Before")
    expect(page.locator(LIVE)).to_contain_text("Alice Before")
    page.locator("#kind-dispute").evaluate("(el) => { el.value = 'complaint'; }")
    page.locator("#f-name").fill("Bob After")
    expect(page.locator(PREVIEW)).to_have_attribute("data-stale", "true")
    for action in ("print", "copy", "download"):
        expect(page.locator(f"[data-action={action}]")).to_be_disabled()
    expect(page.locator("[data-role=general-error]")).to_be_visible()
    expect(page.locator(LIVE)).not_to_contain_text("Bob After")


def test_an_internal_error_removes_the_dates(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "tools/deadlines/")
    wait_ready(page)
    page.locator("#f-notice_date").fill("2026-11-16")
    page.locator("#f-amount").fill("2450.17")
    results = page.locator(RESULTS)
    expect(results).to_be_visible()
    put_fault(page, "estimate")
    page.locator("#f-payment_date").fill("2027-01-15")
    expect(results).to_be_hidden()
    assert results.inner_html() == ""
    expect(page.locator("[data-role=summary]")).to_have_text("")
    expect(page.locator("[data-role=general-error]")).to_contain_text("fault put in by the test")
    expect(page.locator(".cp14-results-empty")).to_contain_text("could not be worked out")
    page.locator("#f-payment_date").fill("")
    expect(results).to_be_visible()
    expect(page.locator("[data-role=general-error]")).to_be_hidden()


def test_an_internal_error_removes_the_options(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "tools/plan/")
    wait_ready(page)
    page.locator("#f-balance").fill("12000")
    page.locator("#f-notice_date").fill("2026-11-16")
    page.locator("#f-monthly").fill("500")
    results = page.locator(RESULTS)
    expect(results).to_be_visible()
    put_fault(page, "options")
    page.locator("#f-monthly").fill("600")
    expect(results).to_be_hidden()
    assert results.inner_html() == ""
    expect(page.locator("[data-role=summary]")).to_have_text("")
    # Shown while filling in the form too (not only once the reader asks for results).
    expect(page.locator("[data-role=general-error]")).to_contain_text("fault put in by the test")


@pytest.mark.parametrize("months", ["²", "\u200b", " "])
def test_a_month_count_cp14_cannot_read_removes_the_options(tool_page, base_url, months):
    """Inputs that made cp14 fail inside: whatever cp14 answers (an internal error,
    or a message on the field), no options stay on screen and a message shows."""
    page = tool_page
    page.goto(base_url + "tools/plan/")
    wait_ready(page)
    page.locator("#f-balance").fill("12000")
    page.locator("#f-notice_date").fill("2026-11-16")
    page.locator("[name=plan_by][value=months]").check()
    page.locator("#f-months").fill("24")
    results = page.locator(RESULTS)
    expect(results).to_be_visible()
    page.locator("#f-months").fill(months)
    page.locator("#f-months").press("Tab")
    page.locator("form.cp14-form [type=submit]").click()
    expect(results).to_be_hidden()
    expect(
        page.locator("[data-role=error]:visible, [data-role=general-error]:visible")
    ).not_to_have_count(0)
