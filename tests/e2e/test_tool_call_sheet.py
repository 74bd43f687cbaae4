"""The call sheet ("Prefer to call?") on the letter page, in headless Chromium: built by
cp14 from the same answers as the letter, printed on its own to PDF and read back, for
each reason; reached and printed by keyboard; a blank one without JavaScript."""

from __future__ import annotations

import pytest
from e2ekit import LOAD_TIMEOUT_MS, printed_pages, tab_to, type_date, type_into, wait_ready
from playwright.sync_api import expect

from cp14 import api

pytestmark = pytest.mark.browser

LIVE_CALL = "[data-role=live-call]"
RECORD_PRINT = (
    "() => { window.print = () => { window.__printed = document.documentElement.className; }; }"
)
COMMON = {
    "name": "Maria Example",
    "ssn_last4": "4321",
    "tax_year": "2025",
    "amount_due": "1234.56",
    "irs_phone": "(555) 555-0100",
}
# Each reason: the letter kind, what to tick, what to type, and words its sheet says.
REASONS = {
    "already_paid": (
        "dispute",
        {"reasons": ["already_paid"]},
        {"paid_amount": "1234.56", "paid_reference": "CONF-778899"},
        {"paid_date": "2026-04-01"},
        "I paid $1,234.56 on April 1, 2026",
    ),
    "not_applied": (
        "dispute",
        {"reasons": ["not_applied"], "not_applied_issue": "other_year"},
        {"not_applied_amount": "500", "not_applied_year": "2024"},
        {"not_applied_date": "2026-01-15"},
        "Can you move it to tax year 2025?",
    ),
    "amount_wrong": (
        "dispute",
        {"reasons": ["amount_wrong"]},
        {"wrong_explanation": "The tax on my return was $900, not $1,200."},
        {},
        "I believe the amount on the notice is wrong",
    ),
    "all_three": (
        "dispute",
        {"reasons": ["already_paid", "not_applied", "amount_wrong"], "not_applied_issue": "other"},
        {
            "paid_amount": "1234.56",
            "not_applied_amount": "500",
            "not_applied_detail": "It went to the wrong account.",
            "wrong_explanation": "The tax on my return was lower.",
        },
        {"paid_date": "2026-04-01", "not_applied_date": "2026-01-15"},
        "I also made a payment of $500.00",
    ),
    "first_time": (
        "penalty-relief",
        {
            "grounds": ["first_time"],
            "penalty_type": "failure_to_pay",
            "fta_clean_record": "yes",
            "fta_returns_filed": "yes",
            "fta_tax_paid": "paid",
        },
        {"penalty_amount": "38.25"},
        {},
        "first-time penalty relief (First Time Abate)",
    ),
    # Both grounds, with the notice's answers still blank: lines to write on everywhere.
    "both_grounds_blank": (
        "penalty-relief",
        {
            "grounds": ["first_time", "reasonable_cause"],
            "penalty_type": "failure_to_pay",
            "cause": "illness",
        },
        {"penalty_amount": "38.25"},
        {},
        "If not, I would like it removed for reasonable cause",
    ),
    "reasonable_cause": (
        "penalty-relief",
        {"grounds": ["reasonable_cause"], "penalty_type": "failure_to_pay", "cause": "illness"},
        {"penalty_amount": "38.25", "cause_facts": "I was in the hospital for eight weeks."},
        {"cause_start": "2025-02-03"},
        "removed for reasonable cause",
    ),
}


def open_letter(page, base_url: str) -> None:
    page.goto(base_url + "tools/letter/#q-kind")
    wait_ready(page)
    page.wait_for_selector("[data-role=letter-preview][data-live=true]", timeout=LOAD_TIMEOUT_MS)


# Sheets printed with the notice's own answers left blank: lines to write on everywhere.
BLANK_NOTICE = {"both_grounds_blank"}


def fill(page, kind: str, ticks: dict, typed: dict, dates: dict) -> None:
    if kind != "dispute":
        page.locator(f"label[for=kind-{kind}]").click()
    # The choices first: the questions that follow them show once they are made.
    for name, value in ticks.items():
        for v in value if isinstance(value, list) else [value]:
            page.locator(f"input[name={name}][value={v}]").check()
    for name, value in {**typed, **dates}.items():
        page.locator(f"#f-{name}").fill(value)


@pytest.mark.parametrize("reason", list(REASONS))
def test_the_call_sheet_prints_on_one_page(tool_page, base_url, recorder, reason):
    kind, ticks, typed, dates, says = REASONS[reason]
    page = tool_page
    open_letter(page, base_url)
    # The theme starts once the letter is live and builds its search index: let it.
    expect(page.locator(".md-search-result__meta")).to_have_text(
        "Type to start searching", timeout=LOAD_TIMEOUT_MS
    )
    page.wait_for_load_state("networkidle")
    recorder.take()
    notice = {} if reason in BLANK_NOTICE else {"notice_date": "2026-03-16", **COMMON}
    fill(page, kind, ticks, {**notice, **typed}, dates)
    expected = api.call("call_sheet", {"kind": kind, **notice, **ticks, **typed, **dates})
    assert "errors" not in expected, expected
    sheet = page.locator(LIVE_CALL)
    expect(sheet).to_contain_text(says, timeout=LOAD_TIMEOUT_MS)
    call = "Call: (555) 555-0100" if notice else "Call: [The phone number printed on your notice]"
    expect(sheet).to_contain_text(call)
    page.evaluate(RECORD_PRINT)
    page.get_by_role("button", name="Print the call sheet").click()
    assert "cp14-print-call" in page.evaluate("window.__printed")
    pages = printed_pages(page.pdf(prefer_css_page_size=True, print_background=False))
    assert len(pages) == 1, [p.text for p in pages]
    text = " ".join(pages[0].text.split())
    for words in (
        "Calling the IRS about Notice CP14",
        "Call: (555) 555-0100" if notice else "The phone number printed on your notice",
        "Have these at hand",
        says,
        "Write down",
        "Employee’s name:",
        "ID number:",
        "What was agreed:",
    ):
        assert words in text, words
    # Room to write what was agreed: several ruled lines, its instruction under them.
    assert pages[0].rules_above("What the IRS employee said they will do", 300) >= 3
    # The sheet alone: no letter, no form, no buttons.
    for other in ("Dear Sir or Madam", "Your answers", "Print the call sheet", "How do I send"):
        assert other not in text, other
    # Built in the tab: making and printing it asked the network for nothing.
    sent = [u for u in recorder.take() if u.startswith(("http:", "https:"))]
    assert sent == [], sent
    assert recorder.problems == [], recorder.problems


def test_the_call_sheet_by_keyboard(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    type_into(page, "#f-name", "Maria Example")
    type_date(page, "#f-notice_date", "2026-03-16")
    type_into(page, "#f-irs_phone", "(555) 555-0100")
    tab_to(page, "#f-reasons-0")
    page.keyboard.press("Space")
    expect(page.locator(LIVE_CALL)).to_contain_text("Call: (555) 555-0100")
    expect(page.locator(LIVE_CALL)).to_contain_text("Can you check my account and apply it?")
    # "Prefer to call?" is one link away from the letter, and its button prints the sheet.
    tab_to(page, ".cp14-call-link a")
    page.keyboard.press("Enter")
    expect(page).to_have_url(base_url + "tools/letter/#cp14-call-title")
    page.evaluate(RECORD_PRINT)
    tab_to(page, "[data-action=print-call]")
    page.keyboard.press("Enter")
    assert "cp14-print-call" in page.evaluate("window.__printed")
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert "cp14-print-call" not in page.evaluate("document.documentElement.className")
    # A wrong number gets a message next to its field, in the form's words.
    type_into(page, "#f-irs_phone", "x")
    page.keyboard.press("Tab")
    error = page.locator("#f-irs_phone-error")
    expect(error).to_contain_text("IRS phone number on your notice should look like")


def test_without_javascript_a_blank_call_sheet_is_there(browser, base_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/letter/")
        sheet = page.locator(".cp14-call-blank[data-call-blank=dispute]")
        expect(sheet).to_be_visible()
        expect(sheet).to_contain_text("[The phone number printed on your notice]")
        expect(sheet).to_contain_text("Employee’s name")
        expect(page.locator(".cp14-call-blank[data-call-blank=penalty-relief]")).to_be_hidden()
        expect(page.locator("[data-action=print-call]")).to_be_hidden()
    finally:
        ctx.close()
