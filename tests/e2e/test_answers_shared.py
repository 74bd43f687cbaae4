"""Answers typed once, in real Chromium: a notice date (and the other questions the
tools share) typed on one tool page is filled in on the others in the same tab, each
such field says where it came from, and "Clear these answers" empties them here.
Nothing that identifies the reader travels this way (test_privacy.py checks storage).
"""

from __future__ import annotations

import re

import pytest
from e2ekit import LOAD_TIMEOUT_MS, axe, tab_to, type_date, type_into, wait_ready
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NOTE = "[data-role=borrowed]"
BOX = "[data-role=borrowed-box]"
FROM_DEADLINES = "From your answers on My deadlines."


@pytest.fixture
def page(browser):
    ctx = browser.new_context(
        service_workers="block",
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,  # for axe-core
        reduced_motion="reduce",
    )
    p = ctx.new_page()
    p.set_default_timeout(LOAD_TIMEOUT_MS)
    yield p
    ctx.close()


def kept(page) -> str:
    return page.evaluate("sessionStorage.getItem('cp14:answers') || ''")


def test_a_notice_date_typed_once_is_offered_in_the_other_tools(page, base_url):
    page.goto(base_url + "tools/deadlines/")
    wait_ready(page)
    type_date(page, "#f-notice_date", "2026-11-16")
    type_into(page, "#f-amount", "2450.17")
    expect(page.locator("[data-role=results]")).to_be_visible()
    # Nothing is offered on the page where it was typed.
    assert page.locator(NOTE).count() == 0

    page.goto(base_url + "tools/plan/")
    wait_ready(page)
    assert page.locator("#f-notice_date").input_value() == "2026-11-16"
    assert page.locator("#f-balance").input_value() == "2450.17"
    for field in ("notice_date", "balance"):
        note = page.locator(f"[data-field={field}] {NOTE}")
        expect(note).to_have_text(f"{FROM_DEADLINES} Check it against your notice.")
    expect(page.locator(BOX)).to_contain_text("come from your other answers in this tab")
    assert axe(page) == []

    page.goto(base_url + "tools/letter/")
    wait_ready(page)
    assert page.locator("#f-notice_date").input_value() == "2026-11-16"
    assert page.locator("#f-amount_due").input_value() == "2450.17"
    expect(page.locator(f"[data-field=notice_date] {NOTE}")).to_contain_text("My deadlines")
    # The letter uses it at once.
    expect(page.locator("[data-role=live-letter]")).to_contain_text("2,450.17")


def test_an_answer_you_change_is_yours_and_clear_empties_the_rest(page, base_url):
    page.goto(base_url + "tools/deadlines/")
    wait_ready(page)
    type_date(page, "#f-notice_date", "2026-11-16")
    type_into(page, "#f-amount", "2450.17")
    page.locator("summary", has_text="More details").click()
    type_into(page, "#f-tax_year", "2025")
    expect(page.locator("[data-role=results]")).to_be_visible()

    page.goto(base_url + "tools/plan/")
    wait_ready(page)
    expect(page.locator(f"[data-field=tax_year] {NOTE}")).to_be_visible()
    # Typing over one makes it this page's own: its note goes.
    page.locator("#f-balance").fill("3000")
    expect(page.locator(f"[data-field=balance] {NOTE}")).to_have_count(0)
    # "Clear these answers", by keyboard: the others empty, focus goes to the form.
    tab_to(page, "[data-action=clear-borrowed]")
    page.keyboard.press("Enter")
    expect(page.locator(BOX)).to_have_count(0)
    expect(page.locator(NOTE)).to_have_count(0)
    assert page.locator("#f-notice_date").input_value() == ""
    assert page.locator("#f-balance").input_value() == "3000"
    assert page.evaluate("document.activeElement.id") == "cp14-form-title"
    # Cleared here only: the plan page does not fill them in again, and the
    # deadlines page keeps its own.
    page.reload()
    wait_ready(page)
    assert page.locator("#f-notice_date").input_value() == ""
    assert page.locator(NOTE).count() == 0
    page.goto(base_url + "tools/deadlines/")
    wait_ready(page)
    assert page.locator("#f-notice_date").input_value() == "2026-11-16"


def test_no_name_or_ssn_is_shared(page, base_url):
    page.goto(base_url + "tools/letter/")
    wait_ready(page)
    type_into(page, "#f-name", "Maria Example")
    type_into(page, "#f-ssn_last4", "4321")
    type_date(page, "#f-notice_date", "2026-11-16")
    expect(page.locator("[data-role=live-letter]")).to_contain_text("Maria Example")
    store = kept(page)
    assert "2026-11-16" in store
    # (Four digits on their own: the expiry time stamp is a longer number.)
    assert "Maria" not in store and not re.search(r"(?<!\d)4321(?!\d)", store)
    page.goto(base_url + "tools/deadlines/")
    wait_ready(page)
    assert page.locator("#f-notice_date").input_value() == "2026-11-16"
    expect(page.locator(f"[data-field=notice_date] {NOTE}")).to_contain_text("Write my letter")
