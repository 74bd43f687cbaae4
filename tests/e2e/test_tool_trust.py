"""Tools a taxpayer can trust, end to end in headless Chromium.

Each test pins something a reader relying on the tools could be hurt by: a result
that belongs to another date, a date or an amount the tools misread, an overdue
notice with no next step, a calendar of dates already past, answers lost on Back,
pasted text cut short, a penalty-relief letter claiming what the reader never said,
a letter that spills onto a second page. (Typed answers sent in a URL:
test_tool_policy.py.)
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from e2ekit import AXE, LOAD_TIMEOUT_MS, axe, tab_to, type_date, type_into, wait_ready
from playwright.sync_api import expect
from pypdf import PdfReader

from cp14 import api, facts

pytestmark = pytest.mark.browser

RESULTS = "[data-role=results]"
LIVE = "[data-role=live-letter]"
PREVIEW = "[data-role=letter-preview]"
TZ = ZoneInfo("America/New_York")  # the tool contexts' time zone


def today() -> date:
    """The browser's today: the tool contexts run in America/New_York."""
    return datetime.now(TZ).date()


def long_date(d: date) -> str:
    return f"{d:%A}, {d:%B} {d.day}, {d.year}"


def open_deadlines(page, base_url: str) -> None:
    page.goto(base_url + "tools/deadlines/#cp14-form-title")
    wait_ready(page)


def open_letter(page, base_url: str) -> None:
    page.goto(base_url + "tools/letter/#q-kind")
    wait_ready(page)
    page.wait_for_selector(f"{PREVIEW}[data-live=true]", timeout=LOAD_TIMEOUT_MS)


def squash(text: str) -> str:
    return "".join(text.split())


def pdf_pages(page) -> list[str]:
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    reader = PdfReader(io.BytesIO(pdf))
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {(612, 792)}, sizes  # US Letter
    return [squash(p.extract_text()) for p in reader.pages]


def expect_error(page, field: str, words: str) -> None:
    """The message is next to its field, announced, and the field is marked invalid."""
    error = page.locator(f"#f-{field}-error")
    expect(error).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(error).to_contain_text(words, timeout=LOAD_TIMEOUT_MS)
    assert error.get_attribute("role") == "alert"
    assert page.locator(f"[data-field={field}]").locator(f"#f-{field}-error").count() == 1
    control = page.locator(f"[data-field={field}] [name]").first
    assert control.get_attribute("aria-invalid") == "true"


# ------------------------------------------------------------ every answer matches its inputs


def test_a_date_changed_out_of_range_leaves_no_stale_result(tool_page, base_url, recorder):
    page = tool_page
    open_deadlines(page, base_url)
    type_date(page, "#f-notice_date", "2026-06-01")
    results = page.locator(RESULTS)
    expect(results).to_contain_text("Monday, June 22, 2026", timeout=LOAD_TIMEOUT_MS)

    # Back to the month, and type the new date over the old one: the box now says
    # 2016, and the June 2026 dates go at once, before you even leave the box.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("06012016")
    assert page.locator("#f-notice_date").input_value() == "2016-06-01"
    expect(results).to_be_hidden(timeout=LOAD_TIMEOUT_MS)
    expect(page.locator("main")).not_to_contain_text("June 22, 2026")
    expect(page.locator("[data-role=summary]")).to_have_text("")
    tab_to(page, "#f-amount")
    # ... and the message says which notices the calculator covers, and why.
    expect_error(page, "notice_date", "before 2018 is outside what this calculator covers")
    expect(page.locator("#f-notice_date-error")).to_contain_text("January 1, 2018 or later")
    expect(results).to_be_hidden()
    assert recorder.problems == [], recorder.problems


def open_plan(page, base_url: str) -> None:
    page.goto(base_url + "tools/plan/#cp14-form-title")
    wait_ready(page)


@pytest.mark.parametrize("tool", ["deadlines", "letter", "plan"])
def test_a_day_that_does_not_exist_gets_the_boxs_own_format(tool_page, base_url, tool):
    page = tool_page
    if tool == "deadlines":
        open_deadlines(page, base_url)
    elif tool == "plan":
        open_plan(page, base_url)
        type_into(page, "#f-balance", "3000")
    else:
        open_letter(page, base_url)
    type_date(page, "#f-notice_date", "2026-02-30")
    # The browser cannot read 02/30/2026, so the box reports no value at all.
    assert page.locator("#f-notice_date").input_value() == ""
    assert page.locator("#f-notice_date").evaluate("(el) => el.validity.badInput") is True
    tab_to(page, ":not(#f-notice_date)")  # out of the box
    expect_error(
        page,
        "notice_date",
        "Notice date: that date does not exist or is not complete. Enter it like 03/16/2026.",
    )
    error = page.locator("#f-notice_date-error").inner_text()
    assert "missing" not in error and "2026-03-16" not in error, error
    if tool != "letter":
        expect(page.locator(RESULTS)).to_be_hidden()


# ------------------------------------------------------------ words on the tool pages

ISO_DATE = re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")


def fill_tool(page, base_url: str, tool: str) -> None:
    """Answers that bring up most of each tool's words (an overdue notice, an estimate,
    a plan whose payment does not fit, reported figures, the call sheet)."""
    old = (today() - timedelta(days=100)).isoformat()
    if tool == "deadlines":
        open_deadlines(page, base_url)
        for name, value in (("notice_date", old), ("payment_date", today().isoformat())):
            page.locator(f"#f-{name}").fill(value)
        page.locator("#f-amount").fill("2450.17")
        expect(page.locator(RESULTS)).to_contain_text("What does the IRS usually send next?")
    elif tool == "plan":
        open_plan(page, base_url)
        page.locator("#f-balance").fill("12000")
        page.locator("#f-notice_date").fill(old)
        page.locator("#f-monthly").fill("500")
        expect(page.locator(RESULTS)).to_contain_text("Which figures are not confirmed?")
    else:
        open_letter(page, base_url)
        typical_dispute(page)
        expect(page.locator("[data-role=live-call]")).to_contain_text("April 1, 2026")


@pytest.mark.parametrize("tool", ["deadlines", "plan", "letter"])
def test_tool_pages_write_dates_out_and_cite_only_official_sources(tool_page, base_url, tool):
    page = tool_page
    fill_tool(page, base_url, tool)
    page.locator("body").press("Tab")  # leave the last field: every message shows
    text = page.locator("main").inner_text()
    # No YYYY-MM-DD inside a sentence: dates read like "October 1, 2026".
    assert not ISO_DATE.search(text), ISO_DATE.findall(text)[:5]
    # Sources and links: the IRS, the Code, the IRM or the Taxpayer Advocate only.
    sources = {s.url: s for s in facts.sources().values()}
    secondary = [s.title for s in sources.values() if not s.official]
    for title in secondary:
        assert title not in text, title
    hrefs = page.locator("main [data-cp14-tool] a[href^='http']").evaluate_all(
        "(links) => links.map((a) => a.href)"
    )
    assert hrefs or tool == "letter"
    for href in hrefs:
        assert href in sources and sources[href].official, href


def test_plan_messages_name_each_field_by_its_label(tool_page, base_url):
    page = tool_page
    open_plan(page, base_url)
    answers = {
        "balance": "1,2,3",
        "notice_date": "2026-03-16",
        "tax": "99999",
        "monthly": "-5",
        "start": "2026-01-02",
    }
    for name, value in answers.items():
        page.locator(f"#f-{name}").fill(value)
    tab_to(page, ".cp14-form [type=submit]")
    page.keyboard.press("Enter")
    shown = page.locator(".cp14-form [data-role=error]:visible")
    expect(shown).not_to_have_count(0)
    for error in shown.all():
        box = error.locator("xpath=ancestor::*[@data-field][1]")
        label = box.locator("[data-role=label]").inner_text()
        label = re.sub(r"\s*\((required|optional)\)\s*$", "", label).strip()
        message = error.inner_text()
        assert message.lower().startswith(label.lower()) or label in message, (label, message)
    for name in ("balance", "monthly", "start"):
        expect(page.locator(f"#f-{name}-error")).to_be_visible()


# The typos from the report; each must get cp14's own message next to the field.
TYPOS = ["12,34.5", "1e6", "-0", "1_000", "１２３", "١٢٣", "0", "$0"]


def core_message(name: str, payload: dict, value: str, field: str) -> str:
    out = api.call(name, {**payload, field: value})
    [error] = [e for e in out["errors"] if e["field"] == field]
    return error["message"]


def test_amount_typos_are_refused_by_the_deadline_tool(tool_page, base_url):
    page = tool_page
    open_deadlines(page, base_url)
    notice = today().isoformat()
    type_date(page, "#f-notice_date", notice)
    # A planned payment date: the estimate then shows the amount it read.
    type_date(page, "#f-payment_date", (today() + timedelta(days=60)).isoformat())
    results = page.locator(RESULTS)
    for typo in TYPOS:
        page.locator("#f-amount").fill("2450.17")
        expect(results).to_contain_text("Balance on the notice$2,450.17", timeout=LOAD_TIMEOUT_MS)
        expect(page.locator("#f-amount-error")).to_be_hidden(timeout=LOAD_TIMEOUT_MS)
        page.locator("#f-amount").fill(typo)
        page.locator("#f-amount").press("Tab")
        want = core_message("deadlines", {"notice_date": notice}, typo, "amount")
        expect_error(page, "amount", want)
        # A typo never becomes an amount: no dates while it is on screen, and the
        # line in their place says why (the notice date is there already).
        expect(results).to_be_hidden()
        expect(page.locator(".cp14-results-empty")).to_have_text(
            "Your dates show again once the answer marked in the form is corrected."
        )
    # The same typo means the same to both tools: $0 is refused here as in the letter.
    assert "more than $0" in want


def test_results_hold_no_stray_words(tool_page, base_url):
    """A notice still in time has no overdue block: nothing shows in its place."""
    page = tool_page
    open_deadlines(page, base_url)
    type_date(page, "#f-notice_date", today().isoformat())
    results = page.locator(RESULTS)
    expect(results).to_contain_text("What can I do now?", timeout=LOAD_TIMEOUT_MS)
    assert page.locator(".cp14-overdue").count() == 0
    text = results.inner_text()
    for word in ("null", "undefined", "NaN", "[object"):
        assert word not in text, word


def test_amount_typos_are_refused_by_the_letter_tool(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    for typo in TYPOS:
        page.locator("#f-amount_due").fill("2450.17")
        expect(page.locator(LIVE)).to_contain_text("$2,450.17", timeout=LOAD_TIMEOUT_MS)
        page.locator("#f-amount_due").fill(typo)
        page.locator("#f-amount_due").press("Tab")
        want = core_message("letter", {"kind": "dispute", "draft": True}, typo, "amount_due")
        expect_error(page, "amount_due", want)
        # The letter keeps a blank rather than an amount nobody meant.
        expect(page.locator(LIVE)).to_contain_text("[Amount due]", timeout=LOAD_TIMEOUT_MS)
        expect(page.locator(LIVE)).not_to_contain_text("$1,234.50")
        expect(page.locator(LIVE)).not_to_contain_text("$1,000,000.00")


# ------------------------------------------------------------ a next step for every state


def test_an_overdue_notice_says_what_to_do_now(tool_page, base_url, recorder):
    page = tool_page
    now = today()
    notice = now - timedelta(days=30)
    expected = api.call(
        "deadlines",
        {
            "notice_date": notice.isoformat(),
            "amount": "2450.17",
            "payment_date": now.isoformat(),
            "today": now.isoformat(),
        },
    )
    assert expected["status"] == "overdue"
    open_deadlines(page, base_url)
    type_date(page, "#f-notice_date", notice.isoformat())
    type_into(page, "#f-amount", "2450.17")
    type_date(page, "#f-payment_date", now.isoformat())

    results = page.locator(RESULTS)
    expect(results).to_contain_text(expected["overdue"]["title"], timeout=LOAD_TIMEOUT_MS)
    overdue = page.locator(".cp14-overdue")
    for line in expected["overdue"]["text"]:
        expect(overdue).to_contain_text(line)
    expect(overdue).to_contain_text("Pay as soon as you can")
    expect(overdue).to_contain_text("Interest is charged")

    steps = page.locator(".cp14-next")
    direct_pay = steps.get_by_role("link", name="IRS Direct Pay")
    expect(direct_pay).to_have_attribute("href", "https://www.irs.gov/payments/direct-pay")
    plan = steps.get_by_role("link", name="Apply for an IRS payment plan")
    expect(plan).to_have_attribute(
        "href", "https://www.irs.gov/payments/online-payment-agreement-application"
    )
    expect(steps.get_by_role("link", name="Compare payment plans")).to_have_attribute(
        "href", "../../tools/plan/"
    )
    letter = steps.get_by_role("link", name="Write my letter")
    expect(letter).to_have_attribute("href", "../../tools/letter/")
    # Both site links lead to pages that exist.
    for link in (letter, steps.get_by_role("link", name="Compare payment plans")):
        target = page.evaluate("(a) => a.href", link.element_handle())
        assert page.request.get(target).ok, target

    est = expected["estimate"]
    total = f"${float(est['total_to_pay']):,.2f}"
    row = page.locator(".cp14-money__total")
    expect(row).to_contain_text(f"Total to pay on {long_date(now)}")
    expect(row).to_contain_text(total)
    assert float(est["total_to_pay"]) > 2450.17
    expect(
        results.get_by_role("link", name="When does the printed date still count?")
    ).to_have_attribute("href", "../../pay/#what-if-i-live-in-a-disaster-area")
    assert recorder.problems == [], recorder.problems


def test_the_calendar_holds_only_dates_still_ahead(tool_page, base_url):
    page = tool_page
    now = today()
    notice = now - timedelta(days=30)
    planned = now + timedelta(days=10)
    pay_by = date.fromisoformat(
        api.call("deadlines", {"notice_date": notice.isoformat(), "today": now.isoformat()})[
            "pay_by"
        ]
    )
    assert pay_by < now
    open_deadlines(page, base_url)
    type_date(page, "#f-notice_date", notice.isoformat())
    type_into(page, "#f-amount", "2450.17")
    type_date(page, "#f-payment_date", planned.isoformat())
    expect(page.locator(RESULTS)).to_contain_text(
        f"What paying on {long_date(planned)} adds", timeout=LOAD_TIMEOUT_MS
    )
    tab_to(page, "[data-action=calendar]")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    ics = Path(info.value.path()).read_text(encoding="utf-8")
    starts = [
        date(int(v[:4]), int(v[4:6]), int(v[6:8]))
        for v in (
            line.rsplit(":", 1)[1].strip()
            for line in ics.splitlines()
            if line.startswith("DTSTART")
        )
    ]
    assert starts, ics
    assert all(d >= now for d in starts), (starts, now)
    assert pay_by not in starts
    assert planned in starts  # the planned pay date is a reminder of its own
    assert len(starts) >= 2  # and a reminder to look out for the next notice
    expect(page.locator("[data-role=results] .cp14-action-status")).to_contain_text("Downloaded")


# ------------------------------------------------------------ answers survive the visit


def fill_some_answers(page) -> None:
    type_into(page, "#f-name", "Maria Example")
    tab_to(page, "#f-reasons-0")
    page.keyboard.press("Space")  # I already paid
    type_into(page, "#f-paid_amount", "1234.56")
    expect(page.locator(LIVE)).to_contain_text("Maria Example", timeout=LOAD_TIMEOUT_MS)


def test_back_to_the_letter_restores_the_answers(bfcache_context, base_url):
    """Back (the page comes from the back/forward cache): every answer is there, and
    leaving asked first. tests/e2e/test_privacy.py has Back without that cache."""
    page = bfcache_context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    dialogs: list[str] = []

    def on_dialog(d) -> None:
        dialogs.append(d.type)
        d.accept()

    page.on("dialog", on_dialog)
    open_letter(page, base_url)
    fill_some_answers(page)
    page.locator('.md-content a[href="../../dispute/"]').first.click()
    page.wait_for_url("**/dispute/")
    assert dialogs == ["beforeunload"]
    page.go_back(wait_until="commit")  # from the cache: no load event to wait for
    assert "/tools/letter/" in page.url
    wait_ready(page)
    expect(page.locator("#f-name")).to_have_value("Maria Example")
    expect(page.locator("#f-reasons-0")).to_be_checked()
    expect(page.locator("#f-paid_amount")).to_have_value("1234.56")
    expect(page.locator("#f-paid_amount")).to_be_visible()
    expect(page.locator(LIVE)).to_contain_text("Maria Example", timeout=LOAD_TIMEOUT_MS)
    # The name is kept in no storage (the amount, which identifies no one, may be).
    kept = page.evaluate(
        "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    )
    assert "Maria Example" not in kept, kept


def test_leaving_with_unsaved_answers_asks_first(tool_page, base_url):
    page = tool_page
    dialogs: list[str] = []

    def on_dialog(d) -> None:
        dialogs.append(d.type)
        d.dismiss()  # stay on the page

    page.on("dialog", on_dialog)
    open_letter(page, base_url)
    fill_some_answers(page)
    letter_url = page.url
    # Dismissing the question keeps the reader on the page, answers intact.
    with page.expect_event("dialog"):
        page.evaluate("(u) => { location.href = u; }", base_url)
    assert dialogs == ["beforeunload"]
    assert page.url == letter_url
    expect(page.locator("#f-name")).to_have_value("Maria Example")

    # Once the letter is downloaded, leaving no longer asks.
    tab_to(page, "[data-action=download]")
    with page.expect_download():
        page.keyboard.press("Enter")
    page.goto(base_url)
    assert dialogs == ["beforeunload"]


def test_the_preview_stays_in_view_on_a_wide_screen(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    type_into(page, "#f-name", "Maria Example")
    tab_to(page, "#f-reasons-0")
    page.keyboard.press("Space")
    type_date(page, "#f-paid_date", "2026-04-01")
    type_into(page, "#f-paid_amount", "1234.56")
    type_into(page, "#f-paid_reference", "CONF-778899")
    tab_to(page, "#f-extra_enclosures")
    page.locator("#f-extra_enclosures").scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 900, "the form should have scrolled a long way"
    expect(page.locator(LIVE)).to_contain_text("CONF-778899", timeout=LOAD_TIMEOUT_MS)
    height = page.viewport_size["height"]
    for target in ("#cp14-preview-title", LIVE):
        box = page.locator(target).bounding_box()
        assert box and 0 <= box["y"] < height, (target, box)
    # The letter's own text is on screen, not only its panel.
    assert page.locator(PREVIEW).bounding_box()["y"] < height / 2


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(s) => { const r = document.querySelector(s).getBoundingClientRect();
                    return r.bottom > 0 && r.top < innerHeight; }""",
        selector,
    )


def test_on_a_phone_see_my_letter_and_back(tool_page, base_url):
    page = tool_page
    page.set_viewport_size({"width": 360, "height": 740})
    open_letter(page, base_url)
    type_into(page, "#f-name", "Maria Example")
    tab_to(page, "#f-tax_year")
    page.keyboard.type("2024")
    assert not in_viewport(page, "#cp14-preview-title")
    jump = page.locator(".cp14-jump--float a")
    expect(jump).to_be_visible()
    expect(jump).to_have_text("See my letter")
    assert in_viewport(page, ".cp14-jump--float a")  # at hand while filling in the form
    jump.click()
    page.wait_for_function("() => location.hash === '#cp14-preview-title'")
    assert in_viewport(page, "#cp14-preview-title")
    expect(page.locator(LIVE)).to_contain_text("Maria Example", timeout=LOAD_TIMEOUT_MS)
    back = page.get_by_role("link", name="Back to my answers")
    expect(back).to_be_visible()
    back.click()
    assert page.evaluate("document.activeElement.id") == "f-tax_year"
    assert in_viewport(page, "#f-tax_year")


# ------------------------------------------------------------ limits are visible


def test_pasted_text_is_kept_whole_and_counted(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    tab_to(page, "#f-reasons-2")
    page.keyboard.press("Space")  # the amount is wrong: its explanation box appears
    box = page.locator("#f-wrong_explanation")
    expect(box).to_be_visible()
    text = ("The notice counts my March payment twice. " * 200)[:5000]
    page.evaluate("(t) => navigator.clipboard.writeText(t)", text)
    box.focus()
    page.keyboard.press("Control+V")
    assert box.input_value() == text
    expect(page.locator("#f-wrong_explanation-count")).to_have_text(
        "5,000 of 2,000 characters used."
    )
    assert "f-wrong_explanation-count" in box.get_attribute("aria-describedby").split()
    page.keyboard.press("Tab")
    expect_error(page, "wrong_explanation", "too long: keep it under 2000 characters")
    assert box.input_value() == text  # still whole: the reader decides what to cut


def test_enclosures_take_ten_lines_of_two_hundred_characters(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    lines = [f"{i:02d} " + "Copy of the bank statement for my payment " * 5 for i in range(1, 11)]
    lines = [line[:200] for line in lines]
    assert {len(line) for line in lines} == {200}
    box = page.locator("#f-extra_enclosures")
    box.fill("\n".join(lines))
    assert box.input_value() == "\n".join(lines)
    expect(page.locator("#f-extra_enclosures-count")).to_have_text(
        "10 of 10 lines used. Longest line: 200 of 200 characters."
    )
    box.press("Shift+Tab")
    for line in (lines[0], lines[-1]):
        expect(page.locator(LIVE)).to_contain_text(line[:60], timeout=LOAD_TIMEOUT_MS)
    expect(page.locator("#f-extra_enclosures-error")).to_be_hidden()
    # Only what the reader listed: nothing is added for them.
    expect(page.locator("[data-role=enclosures] li")).to_have_count(10)


# ------------------------------------------------------------ penalty relief asks first


# Words the letter may only use once the reader has confirmed them.
CLAIMS = ["prior three tax years", "no penalties", "filed all", "paid the tax", "payment plan"]


def penalty_relief_required_only(page) -> None:
    tab_to(page, "#kind-dispute")
    page.keyboard.press("ArrowDown")  # I want a penalty removed
    expect(page.locator("#f-penalty_amount")).to_be_visible()
    type_into(page, "#f-name", "Lee Sample")
    tab_to(page, "#f-address")
    page.keyboard.type("12 Oak Street")
    type_into(page, "#f-ssn_last4", "9876")
    type_into(page, "#f-tax_year", "2024")
    type_date(page, "#f-notice_date", "2025-06-16")
    type_into(page, "#f-amount_due", "2597.12")
    tab_to(page, "[name=penalty_type]")
    page.keyboard.press("Space")  # failure-to-pay penalty
    type_into(page, "#f-penalty_amount", "38.25")
    for name in ("fta_clean_record", "fta_returns_filed", "fta_tax_paid"):
        expect(page.locator(f"[data-field={name}]")).to_be_hidden()
    tab_to(page, "#f-grounds-0")
    page.keyboard.press("Space")  # first-time relief: its three questions appear
    for name in ("fta_clean_record", "fta_returns_filed", "fta_tax_paid"):
        expect(page.locator(f"[data-field={name}]")).to_be_visible()
        assert page.locator(f"[name={name}]:checked").count() == 0
    expect(page.locator(LIVE)).to_contain_text("First Time Abate", timeout=LOAD_TIMEOUT_MS)


def test_penalty_relief_claims_only_what_was_confirmed(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    penalty_relief_required_only(page)
    letter = page.locator(LIVE).inner_text()
    assert "Lee Sample" in letter and "$38.25" in letter
    for claim in CLAIMS:
        assert claim not in letter, claim
    assert "if my record qualifies" in letter

    # Confirm all three: now, and only now, the letter says so.
    for name, value in (
        ("fta_clean_record", "yes"),
        ("fta_returns_filed", "yes"),
        ("fta_tax_paid", "paid"),
    ):
        page.locator(f"[name={name}][value={value}]").check()
    expect(page.locator(LIVE)).to_contain_text("I meet all three", timeout=LOAD_TIMEOUT_MS)
    letter = page.locator(LIVE).inner_text()
    assert "prior three tax years" in letter and "paid the tax" in letter

    # Not paid and no plan: the tool says what that means, and the letter drops the claim.
    page.locator("[name=fta_tax_paid][value=no]").check()
    advice = page.locator("[data-role=advice]")
    expect(advice).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(advice).to_contain_text("What your answers mean")
    expect(advice).to_contain_text("payment plan first")
    expect(page.locator(LIVE)).not_to_contain_text("paid the tax", timeout=LOAD_TIMEOUT_MS)


def test_first_time_relief_is_not_offered_for_other_penalties(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    penalty_relief_required_only(page)
    page.locator("[name=penalty_type][value=other]").check()
    page.locator("#f-penalty_other_name").fill("Estimated tax penalty")
    page.locator("#f-penalty_other_name").press("Tab")
    expect_error(page, "grounds", "first-time relief covers only")
    expect(page.locator(LIVE)).not_to_contain_text("First Time Abate", timeout=LOAD_TIMEOUT_MS)


# ------------------------------------------------------------ print


def typical_dispute(page) -> None:
    """The usual case: one payment; the notice and the proof go in the envelope."""
    type_into(page, "#f-name", "Maria Example")
    tab_to(page, "#f-address")
    page.keyboard.type("12 Oak Street")
    page.keyboard.press("Enter")
    page.keyboard.type("Springfield, IL 62701")
    type_into(page, "#f-phone", "(555) 555-0142")
    type_into(page, "#f-ssn_last4", "4321")
    type_into(page, "#f-tax_year", "2024")
    type_date(page, "#f-notice_date", "2026-03-16")
    type_into(page, "#f-amount_due", "1234.56")
    tab_to(page, "#f-irs_address")
    page.keyboard.type("Internal Revenue Service")
    page.keyboard.press("Enter")
    page.keyboard.type("Kansas City, MO 64999-0025")
    tab_to(page, "#f-reasons-0")
    page.keyboard.press("Space")
    type_date(page, "#f-paid_date", "2026-04-01")
    type_into(page, "#f-paid_amount", "1234.56")
    tab_to(page, "[name=paid_method]")
    page.keyboard.press("ArrowDown")  # IRS Direct Pay
    type_into(page, "#f-paid_reference", "CONF-778899")
    type_date(page, "#f-letter_date", "2026-04-20")
    for choice in ("notice_copy", "payment_proof"):
        tab_to(page, f"[name=enclosures][value={choice}]")
        page.keyboard.press("Space")
    expect(page.locator(LIVE)).to_contain_text("April 20, 2026", timeout=LOAD_TIMEOUT_MS)
    expect(page.locator("[data-role=enclosures] li")).to_have_count(2)


def test_a_typical_dispute_letter_prints_on_one_page(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    typical_dispute(page)
    pages = pdf_pages(page)
    assert len(pages) == 1, [p[-200:] for p in pages]
    [text] = pages
    for fact in (
        "Maria Example",
        "Dear Sir or Madam",
        "CONF-778899",
        "Proof of the payment of $1,234.56 made on April 1, 2026",
        "Sincerely",
    ):
        assert squash(fact) in text, fact
    assert squash("How do I send it") not in text


def test_a_long_letter_repeats_who_it_is_from_on_every_page_after_the_first(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    typical_dispute(page)
    # A long explanation: the letter runs to a second page.
    tab_to(page, "#f-reasons-2")
    page.keyboard.press("Space")
    reason = "My return showed less tax than the notice says, and my records show why. "
    type_into(page, "#f-wrong_explanation", (reason * 26).strip())
    expect(page.locator(LIVE)).to_contain_text("my records show why", timeout=LOAD_TIMEOUT_MS)
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [p.extract_text() for p in reader.pages]
    assert len(pages) >= 2, pages
    header = "Maria Example, SSN or ITIN XXX-XX-4321"
    # Page 1 is the letter as usual; every later page names the sender, the last 4
    # digits and the page number (the top margin, where Chromium prints it).
    assert "Page 1 of" not in pages[0] and "— Page" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert squash(f"{header} — Page {number} of {len(pages)}") in squash(text), text[:300]
    # The text version has no page furniture.
    assert "Page 2 of" not in page.evaluate(
        "document.querySelector('[data-role=live-letter]').innerText"
    )


def test_the_checklist_prints_on_its_own(tool_page, base_url):
    page = tool_page
    open_letter(page, base_url)
    typical_dispute(page)
    # The print dialog is the browser's own window; record what the page asked
    # to print and print that to PDF here.
    page.evaluate(
        "() => { window.print = () => { window.__printed = document.documentElement.className; }; }"
    )
    button = page.get_by_role("button", name="Print this checklist")
    expect(button).to_be_visible()
    button.click()
    assert "cp14-print-checklist" in page.evaluate("window.__printed")
    pages = pdf_pages(page)
    text = "".join(pages)
    assert len(pages) == 1
    for fact in (
        "How do I send it",
        "Put these in the envelope",
        "Certified Mail",
        "Kansas City, MO",
        "Proof of the payment of $1,234.56 made on April 1, 2026",
    ):
        assert squash(fact) in text, fact
    for other in ("Dear Sir or Madam", "Sincerely", "Your answers", "Print this checklist"):
        assert squash(other) not in text, other
    # After printing the page prints the letter again.
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert "cp14-print-checklist" not in page.evaluate("document.documentElement.className")
    assert squash("Dear Sir or Madam") in "".join(pdf_pages(page))


# ------------------------------------------------------------ accessibility


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_with_the_relief_questions_and_advice(browser, base_url, scheme):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci`")
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
        color_scheme=scheme,
        reduced_motion="reduce",
        service_workers="block",
    )
    page = ctx.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    try:
        open_letter(page, base_url)
        page.locator("#kind-penalty-relief").check()
        page.locator("#f-grounds-0").check()
        page.locator("[name=fta_clean_record][value=not_sure]").check()
        page.locator("[name=fta_tax_paid][value=no]").check()
        expect(page.locator("[data-role=advice]")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        expect(page.locator("[data-field=fta_returns_filed]")).to_be_visible()
        page.evaluate("window.scrollTo(0, 0)")
        found = axe(page)
    finally:
        ctx.close()
    assert found == [], "\n".join(found)
