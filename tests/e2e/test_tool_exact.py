"""The same checks at every door, in each tool: a notice dated after today, a tax year
that is not before the notice's year and tax above the amount get a message on their
field; a wrong answer that only the estimate needs keeps the pay-by date on screen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from e2ekit import LOAD_TIMEOUT_MS, tab_to, type_date, type_into, wait_ready
from playwright.sync_api import expect

RESULTS = "[data-role=results]"
FUTURE = (date.today() + timedelta(days=400)).isoformat()


def expect_error(page, field: str, words: str) -> None:
    error = page.locator(f"#f-{field}-error")
    expect(error).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(error).to_contain_text(words, timeout=LOAD_TIMEOUT_MS)
    control = page.locator(f"[data-field={field}] [name]").first
    assert control.get_attribute("aria-invalid") == "true"
    error_id = f"f-{field}-error"
    assert error_id in (control.get_attribute("aria-describedby") or "").split()


def open_tool(page, base_url: str, tool: str) -> None:
    page.goto(base_url + f"tools/{tool}/#cp14-form-title")
    wait_ready(page)


def test_only_a_notice_date_and_a_payment_date_keep_the_pay_by_date(tool_page, base_url):
    page = tool_page
    open_tool(page, base_url, "deadlines")
    type_date(page, "#f-notice_date", "2026-11-16")
    results = page.locator(RESULTS)
    expect(results).to_contain_text("Monday, December 7, 2026", timeout=LOAD_TIMEOUT_MS)
    type_date(page, "#f-payment_date", "2026-12-20")
    tab_to(page, "summary")
    # The estimate needs the amount: the message is on its field, the pay-by date stays,
    # and the estimate's place says what to fix.
    expect_error(page, "amount", "needed to estimate")
    expect(results).to_contain_text("Monday, December 7, 2026")
    pending = page.locator("[data-role=estimate-pending]")
    expect(pending).to_contain_text("Amount due")
    type_into(page, "#f-amount", "2450.17")
    page.keyboard.press("Tab")
    expect(results).to_contain_text("What paying on Sunday, December 20, 2026 adds")
    expect(pending).to_have_count(0)
    expect(page.locator("#f-amount-error")).to_be_hidden()


def test_the_deadline_tool_refuses_impossible_answers_on_their_fields(tool_page, base_url):
    page = tool_page
    open_tool(page, base_url, "deadlines")
    type_date(page, "#f-notice_date", FUTURE)
    tab_to(page, "#f-amount")  # leaving the date box shows its message
    expect_error(page, "notice_date", "after today's date")
    expect(page.locator(RESULTS)).to_be_hidden()
    type_date(page, "#f-notice_date", "2026-06-01")
    type_into(page, "#f-amount", "100")
    # The answers in "More details" are checked the same way; an error there opens it.
    page.locator("summary:has-text('More details')").click()
    type_into(page, "#f-tax", "100000")
    type_into(page, "#f-tax_year", "2026")
    page.keyboard.press("Tab")
    expect_error(page, "tax", "can't be more than the amount due")
    expect_error(page, "tax_year", "before the year of the notice (2026)")
    expect(page.locator(RESULTS)).to_contain_text("Monday, June 22, 2026")


def test_an_error_inside_the_closed_details_box_opens_it(tool_page, base_url):
    page = tool_page
    open_tool(page, base_url, "deadlines")
    page.locator("summary:has-text('More details')").click()
    page.locator("#f-tax_year").fill("2027")
    page.locator("summary:has-text('More details')").click()  # closed, answer inside
    type_date(page, "#f-notice_date", "2026-06-01")
    tab_to(page, "#f-amount")
    expect_error(page, "tax_year", "before the year of the notice")
    assert page.locator("details:has(#f-tax_year)").evaluate("d => d.open")


def test_the_plan_tool_refuses_impossible_answers_on_their_fields(tool_page, base_url):
    page = tool_page
    open_tool(page, base_url, "plan")
    type_into(page, "#f-balance", "1200")
    type_date(page, "#f-notice_date", FUTURE)
    type_into(page, "#f-tax", "5000")
    type_into(page, "#f-monthly", "100")
    page.keyboard.press("Tab")
    expect_error(page, "notice_date", "after today's date")
    expect_error(page, "tax", "can't be more than the balance due on the notice")
    expect(page.locator(RESULTS)).to_be_hidden()


def test_the_letter_refuses_a_notice_from_the_future_on_its_field(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "tools/letter/#q-kind")
    wait_ready(page)
    type_date(page, "#f-notice_date", FUTURE)
    type_into(page, "#f-tax_year", str(date.fromisoformat(FUTURE).year))
    tab_to(page, "#f-amount_due")
    expect_error(page, "notice_date", "after today's date")
    page.locator("#f-notice_date").fill("2026-06-01")
    tab_to(page, "#f-amount_due")
    expect_error(page, "tax_year", "before the year of the notice")


@pytest.mark.parametrize("tool", ["deadlines", "plan"])
def test_a_disaster_postponement_moves_the_pay_by_date(tool_page, base_url, tool):
    page = tool_page
    open_tool(page, base_url, tool)
    if tool == "plan":
        type_into(page, "#f-balance", "1200")
        type_into(page, "#f-monthly", "100")
    type_date(page, "#f-notice_date", "2026-06-01")
    page.locator("summary:has-text('disaster')").click()
    tab_to(page, "[name=postponed][value=no]")
    page.keyboard.press("ArrowDown")  # "Yes, my area is covered"
    expect(page.locator("#f-postponed_until")).to_be_visible()
    type_date(page, "#f-postponed_until", "2026-10-15")
    tab_to(page, "#f-postponed_from")
    expect(page.locator(RESULTS)).to_contain_text("October 15, 2026", timeout=LOAD_TIMEOUT_MS)
    expect(page.locator(RESULTS)).to_contain_text("postponement")
