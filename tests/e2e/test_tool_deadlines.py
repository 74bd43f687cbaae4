"""My deadlines, end to end in headless Chromium, with the keyboard only.

Type the notice date, the amount and a planned payment date; check the pay-by date,
the estimate and the typical next notices against cp14 itself (CPython); download the
calendar file; check that a wrong amount gets a message next to its field; and that
every request is same-origin (the calendar's packages load on demand, from the site).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from e2ekit import (
    LOAD_TIMEOUT_MS,
    origin_of,
    printed_pages,
    tab_to,
    type_date,
    type_into,
    wait_ready,
)
from playwright.sync_api import expect

from cp14 import api

pytestmark = pytest.mark.browser

RESULTS = "[data-role=results]"
# The browser's own today (the test context's time zone): the calendar file holds
# only dates still ahead, so the notice is dated today.
TODAY = datetime.now(ZoneInfo("America/New_York")).date()
INPUT = {
    "notice_date": TODAY.isoformat(),
    "amount": "2450.17",
    "payment_date": (TODAY + timedelta(days=60)).isoformat(),
}


def long_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d:%A}, {d:%B} {d.day}, {d.year}"


def money(text: str) -> str:
    return f"${float(text):,.2f}"


def test_deadlines_by_keyboard(tool_page, base_url, recorder):
    page = tool_page
    expected = api.call("deadlines", {**INPUT, "today": TODAY.isoformat()})
    page.goto(base_url + "tools/deadlines/#cp14-form-title")
    wait_ready(page)
    expect(page.locator("[data-role=status]")).to_contain_text("Ready")

    type_date(page, "#f-notice_date", INPUT["notice_date"])
    results = page.locator(RESULTS)
    expect(results).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(results).to_contain_text(long_date(expected["pay_by"]))

    # A wrong amount: the message appears next to the field, and is announced.
    type_into(page, "#f-amount", "12abc")
    page.keyboard.press("Tab")
    error = page.locator("#f-amount-error")
    expect(error).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(error).to_contain_text("dollar amount")
    assert error.get_attribute("role") == "alert"
    assert page.locator("#f-amount").get_attribute("aria-invalid") == "true"
    assert "f-amount-error" in page.locator("#f-amount").get_attribute("aria-describedby")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type(INPUT["amount"])
    type_date(page, "#f-payment_date", INPUT["payment_date"])

    est = expected["estimate"]
    expect(results).to_contain_text(f"What paying on {long_date(est['payment_date'])} adds")
    expect(results).to_contain_text(money(est["total_added"]))
    expect(results).to_contain_text(f"Total to pay on {long_date(est['payment_date'])}")
    expect(results).to_contain_text(money(est["total_to_pay"]))
    expect(error).to_be_hidden()
    for assumption in est["assumptions"][:2]:
        expect(results).to_contain_text(assumption)
    for step in expected["timeline"]:
        expect(results).to_contain_text(step["title"])
    expect(results).to_contain_text(expected["window"]["rule"])
    expect(page.locator("[data-role=summary]")).to_contain_text(long_date(expected["pay_by"]))
    assert page.locator("[data-role=summary]").get_attribute("aria-live") == "polite"

    tab_to(page, "[data-action=calendar]")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == "cp14-deadlines.ics"
    ics = Path(download.path()).read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "DTSTART;VALUE=DATE:" + expected["pay_by"].replace("-", "") in ics
    assert "DTSTART;VALUE=DATE:" + INPUT["payment_date"].replace("-", "") in ics

    # Untrusted text in the number fields: shown back only as plain text, never run.
    for payload in ("<img src=x onerror=window.__pwned=1>", "</script>{{7*7}}"):
        page.locator("#f-amount").fill(payload)
        page.keyboard.press("Tab")
        expect(error).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        assert page.evaluate("window.__pwned") is None
        assert page.locator("main img").count() == 0

    origin = origin_of(base_url)
    assert all(origin_of(u) == origin for u in recorder.requests if u.startswith("http"))
    assert any("icalendar" in u for u in recorder.requests), "calendar package not loaded"
    assert recorder.problems == [], recorder.problems


def test_without_javascript_the_rules_are_there(browser, base_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/deadlines/")
        body = page.locator("main")
        expect(body).to_contain_text("How are the dates worked out?")
        expect(body).to_contain_text("21 calendar days")
        expect(body).to_contain_text("10 business days")
        expect(page.locator("noscript").first).to_be_attached()
    finally:
        ctx.close()


def test_deadline_page_starts_python_without_a_memory_image(tool_page, base_url, recorder):
    """Only the letter page has one. Business days come from the cp14 wheel's own
    holiday table, so `holidays` is never downloaded either."""
    tool_page.goto(base_url + "tools/deadlines/")
    wait_ready(tool_page)
    detail = tool_page.evaluate("() => performance.getEntriesByName('cp14:ready')[0].detail")
    assert detail["fromMemory"] is False
    assert not [u for u in recorder.requests if "memory" in u]
    assert not [u for u in recorder.requests if "holidays" in u or "dateutil" in u]


# The print dialog is the browser's own window: record what the page asked to print,
# then print that to PDF here.
RECORD_PRINT = (
    "() => { window.print = () => { window.__printed = document.documentElement.className; }; }"
)


@pytest.mark.parametrize(
    ("notice", "payment"),
    [(0, 60), (120, 30)],  # days before today: a new notice; one long overdue
    ids=["in-time", "overdue"],
)
def test_print_my_dates_prints_the_results_on_one_page(tool_page, base_url, notice, payment):
    page = tool_page
    answers = {
        "notice_date": (TODAY - timedelta(days=notice)).isoformat(),
        "amount": "2450.17",
        "payment_date": (TODAY + timedelta(days=payment)).isoformat(),
    }
    expected = api.call("deadlines", {**answers, "today": TODAY.isoformat()})
    page.goto(base_url + "tools/deadlines/#cp14-form-title")
    wait_ready(page)
    type_date(page, "#f-notice_date", answers["notice_date"])
    type_into(page, "#f-amount", answers["amount"])
    type_date(page, "#f-payment_date", answers["payment_date"])
    results = page.locator(RESULTS)
    expect(results).to_contain_text(money(expected["estimate"]["total_to_pay"]))
    page.evaluate(RECORD_PRINT)
    tab_to(page, "[data-action=print-dates]")
    page.keyboard.press("Enter")
    assert "cp14-print-dates" in page.evaluate("window.__printed")
    pages = printed_pages(page.pdf(prefer_css_page_size=True, print_background=False))
    assert len(pages) == 1, [p.text for p in pages]
    text = " ".join(pages[0].text.split())
    # The pay-by date, what waiting costs, next steps, next notices, the date printed.
    for fact in (
        "Pay the full amount by",
        long_date(expected["pay_by"]),
        money(expected["estimate"]["total_to_pay"]),
        "What can I do now?",
        *(step["title"] for step in expected["next_steps"]),
        "What does the IRS usually send next?",
        *(step["title"] for step in expected["timeline"]),
        f"Printed on {long_date(TODAY.isoformat())}",
    ):
        assert fact in text, fact
    if expected["overdue"]:
        assert expected["overdue"]["title"] in text
    # Without the form, the buttons or the guide text below the tool.
    for other in (
        "More details from the notice",
        "Show my dates",
        "Print my dates",
        "How are the dates",
    ):
        assert other not in text, other
    # Afterwards the page prints as a whole again.
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert "cp14-print-dates" not in page.evaluate("document.documentElement.className")


def test_an_empty_or_wrong_answer_on_submit_gets_the_focus(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "tools/deadlines/#cp14-form-title")
    wait_ready(page)
    tab_to(page, ".cp14-form [type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#f-notice_date-error")).to_contain_text("Notice date is missing")
    expect(page.locator("#f-notice_date")).to_be_focused()
    # A wrong amount that cp14 refuses: focus moves there once its message shows.
    type_date(page, "#f-notice_date", TODAY.isoformat())
    type_into(page, "#f-amount", "12abc")
    tab_to(page, ".cp14-form [type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#f-amount-error")).to_contain_text("dollar amount")
    expect(page.locator("#f-amount")).to_be_focused()
