"""Compare your options, end to end in headless Chromium, with the keyboard only.

Type the balance, the notice date, the tax part and a monthly amount; check every
option, the chart and the month-by-month table against cp14 itself (CPython);
switch to a number of months; check that a wrong amount gets a message next to its
field and takes the results away; that nothing is requested while the plans are
worked out; that the page explains the options in words when Python cannot start;
and that it fits a 360 px wide screen and 200% zoom.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from e2ekit import (
    LOAD_TIMEOUT_MS,
    printed_pages,
    tab_to,
    type_date,
    type_into,
    wait_idle,
    wait_ready,
)
from playwright.sync_api import expect

from cp14 import api

pytestmark = pytest.mark.browser

RESULTS = "[data-role=results]"
# What the theme's search asks for when it starts: its worker (from a blob: URL the
# page makes), the worker's script and the search index.
THEME_SEARCH = re.compile(
    r"^blob:|/search/search_index\.json$|/assets/javascripts/workers/search\."
)
# What the form sends with its choices left as they are (online, filed on time).
FORM = {"online": "yes", "late_return": "no", "direct_debit": False, "low_income": False}
INPUT = {"balance": "12000", "notice_date": "2026-11-16", "tax": "10000", "monthly": "500"}


def long_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d:%A}, {d:%B} {d.day}, {d.year}"


def money(text: str) -> str:
    return f"${float(text):,.2f}"


def numbers(option: dict) -> bool:
    return option["eligible"] and option["total_paid"] is not None


def tab_back_to(page, selector: str, limit: int = 80) -> None:
    """Press Shift+Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Shift+Tab")
    raise AssertionError(f"Shift+Tab never reached {selector}")


def fill_by_keyboard(page) -> None:
    type_into(page, "#f-balance", INPUT["balance"])
    type_date(page, "#f-notice_date", INPUT["notice_date"])
    type_into(page, "#f-tax", INPUT["tax"])
    type_into(page, "#f-monthly", INPUT["monthly"])


def check_options(page, expected: dict) -> None:
    """Every option as the API gives it, and the chart with its numbers in text."""
    results = page.locator(RESULTS)
    cards = results.locator(".cp14-option")
    expect(cards).to_have_count(len(expected["options"]), timeout=LOAD_TIMEOUT_MS)
    for option in expected["options"]:
        card = results.locator(f".cp14-option[data-kind={option['kind']}]")
        expect(card.locator("h3")).to_have_text(option["title"])
        # cp14's own words: open or not, and whether the payment fits.
        expect(card.locator(".cp14-verdict")).to_have_text(option["verdict"])
        expect(card).to_contain_text(option["why"])
        if numbers(option):
            expect(card).to_contain_text(option["summary"])
            for key in ("setup_fee", "interest", "penalty", "total_added", "total_paid"):
                expect(card.locator(".cp14-money")).to_contain_text(money(option[key]))
            expect(card).to_contain_text(long_date(option["last_payment_date"]))
    shown = [o for o in expected["options"] if numbers(o)]
    chart = results.locator("svg.cp14-chart__svg")
    expect(chart).to_have_attribute("role", "img")
    assert chart.locator("title").text_content() == "What each option adds to your balance"
    desc = chart.locator("desc").text_content()
    values = chart.locator(".cp14-chart__value").all_text_contents()
    assert values == [money(o["total_added"]) for o in shown]
    assert chart.locator(".cp14-chart__label").all_text_contents() == [o["title"] for o in shown]
    listed = results.locator(".cp14-chart__numbers li").all_text_contents()
    assert len(listed) == len(shown)
    for o, text in zip(shown, listed, strict=True):
        assert f"{o['title']}: {money(o['total_added'])} added" in desc
        assert money(o["total_added"]) in text and money(o["total_paid"]) in text
    # Longer bars for options that add more.
    widths = [
        float(w)
        for w in chart.locator("rect").evaluate_all("r => r.map(e => e.getAttribute('width'))")
    ]
    order = sorted(range(len(shown)), key=lambda i: float(shown[i]["total_added"]))
    assert [widths[i] for i in order] == sorted(widths)


def test_plan_by_keyboard(tool_page, base_url, recorder):
    page = tool_page
    page.goto(base_url + "tools/plan/#cp14-form-title")
    wait_ready(page)
    expect(page.locator("[data-role=status]")).to_contain_text("Ready")
    # The tool has settled once the calls made as it became ready (the warm-up) are answered.
    page.wait_for_selector("[data-cp14-tool][data-settled]", state="attached")
    recorder.take()

    fill_by_keyboard(page)
    expected = api.call("plan", {**INPUT, **FORM})
    assert "errors" not in expected
    results = page.locator(RESULTS)
    expect(results).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(results.locator(".cp14-option[data-kind=long_term]")).to_contain_text(
        expected["options"][2]["summary"]
    )
    check_options(page, expected)

    # How payments are applied, the assumed rate, the reported figures, the links.
    expect(results).to_contain_text(expected["payment_order"]["text"])
    expect(results).to_contain_text("This is our assumption")
    expect(results).to_contain_text("Rev. Proc. 2002-26")
    assert expected["assumed_rate_days"] > 0
    expect(results).to_contain_text(f"{expected['assumed_rate_days']} days")
    expect(results.locator(".cp14-option[data-kind=long_term]")).to_contain_text(
        "(reported figure)"
    )
    for fact in expected["reported"]:
        expect(results).to_contain_text(fact["label"])
    for assumption in expected["assumptions"]:
        expect(results).to_contain_text(assumption)
    opa = "https://www.irs.gov/payments/online-payment-agreement-application"
    expect(results.locator(f"a[href='{opa}']")).to_have_count(1)
    expect(results.locator("a[href='../../cant-pay/']")).to_have_count(1)
    expect(results).to_contain_text("not tax advice")
    expect(page.locator("[data-role=summary]")).to_contain_text("Open to you")

    # The month-by-month table opens from the keyboard, and stays open as you type.
    long_term = expected["options"][2]
    tab_to(page, ".cp14-option[data-kind=long_term] .cp14-schedule > summary")
    page.keyboard.press("Enter")
    table = results.locator(".cp14-option[data-kind=long_term] table.cp14-table")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_contain_text(long_term["title"])
    assert table.locator("thead th[scope=col]").count() == 5
    expect(table.locator("tbody tr")).to_have_count(len(long_term["schedule"]))
    last = long_term["schedule"][-1]
    expect(table.locator("tbody tr").last).to_contain_text(money(last["payment"]))
    assert table.locator("tbody th[scope=row]").count() == len(long_term["schedule"])

    # A number of months instead: a clear choice, by arrow keys.
    tab_back_to(page, "input[name=plan_by]:checked")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#f-months")).to_be_visible()
    expect(page.locator("#f-monthly")).to_be_hidden()
    type_into(page, "#f-months", "24")
    by_months = api.call("plan", {**INPUT, "monthly": None, "months": "24", **FORM})
    expect(results.locator(".cp14-option[data-kind=long_term]")).to_contain_text(
        by_months["options"][2]["summary"], timeout=LOAD_TIMEOUT_MS
    )
    check_options(page, by_months)
    expect(table).to_be_visible()

    # Automatic bank draft, by phone: the fee changes.
    tab_to(page, "#f-direct_debit")
    page.keyboard.press("Space")
    tab_to(page, "input[name=online]:checked")
    page.keyboard.press("ArrowDown")
    phone = api.call(
        "plan",
        {**INPUT, "monthly": None, "months": "24", **FORM, "direct_debit": True, "online": "no"},
    )
    expect(results.locator(".cp14-option[data-kind=long_term]")).to_contain_text(
        phone["options"][2]["why"], timeout=LOAD_TIMEOUT_MS
    )
    check_options(page, phone)

    # Working the plans out asked the network for nothing. (The theme starts once
    # the tool has, at a moment of its own: its search worker and index are its.)
    asked = [u for u in recorder.requests if not THEME_SEARCH.search(u)]
    assert asked == [], asked
    assert recorder.problems == [], recorder.problems


def test_a_wrong_answer_is_shown_next_to_its_field_and_removes_the_results(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "tools/plan/#cp14-form-title")
    wait_ready(page)
    fill_by_keyboard(page)
    results = page.locator(RESULTS)
    expect(results).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    page.keyboard.type("abc")  # the monthly amount is now "500abc"
    page.keyboard.press("Tab")
    error = page.locator("#f-monthly-error")
    expect(error).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(error).to_contain_text("dollar amount")
    assert error.get_attribute("role") == "alert"
    field = page.locator("#f-monthly")
    assert field.get_attribute("aria-invalid") == "true"
    assert "f-monthly-error" in field.get_attribute("aria-describedby")
    expect(results).to_be_hidden()
    assert results.inner_html() == ""

    # Fixed: the message goes and the results come back.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("500")
    page.keyboard.press("Tab")
    expect(error).to_be_hidden(timeout=LOAD_TIMEOUT_MS)
    expect(results).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    # A tax part larger than the balance.
    tab_back_to(page, "#f-tax")
    page.keyboard.press("End")
    page.keyboard.type("0")  # 100000
    page.keyboard.press("Tab")
    expect(page.locator("#f-tax-error")).to_contain_text("more than the balance")
    expect(results).to_be_hidden()


def test_asking_with_answers_missing_says_which(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "tools/plan/#cp14-form-title")
    wait_ready(page)
    type_into(page, "#f-balance", "3000")
    expect(page.locator("#f-notice_date-error")).to_be_hidden()
    tab_to(page, ".cp14-form [type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#f-notice_date-error")).to_contain_text("Notice date is missing")
    expect(page.locator("#f-monthly-error")).to_contain_text(
        "What you can pay each month is missing"
    )
    expect(page.locator(RESULTS)).to_be_hidden()
    # Focus goes to the first answer to fix, not left on the button.
    expect(page.locator("#f-notice_date")).to_be_focused()


# Every cell of the month-by-month tables, against the box that holds its table.
CELLS_IN_BOX = """() => [...document.querySelectorAll('.cp14-scroll')].map((box) => {
  const b = box.getBoundingClientRect();
  const out = [...box.querySelectorAll('tbody th, tbody td')].filter((c) => {
    const r = c.getBoundingClientRect();
    return r.width === 0 || r.left < b.left - 0.5 || r.right > b.right + 0.5;
  }).length;
  return {scroll: box.scrollWidth, box: box.clientWidth, outside: out,
          cells: box.querySelectorAll('tbody td').length};
})"""


@pytest.mark.parametrize(("width", "scale"), [(360, 1), (640, 2)], ids=["phone", "zoom200"])
def test_fits_a_narrow_screen(browser, base_url, width, scale):
    # 640 px at device scale 2 is a 1280 px window at 200% zoom.
    ctx = browser.new_context(
        viewport={"width": width, "height": 800}, device_scale_factor=scale, locale="en-US"
    )
    page = ctx.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    try:
        page.goto(base_url + "tools/plan/")
        wait_ready(page)
        fill_by_keyboard(page)
        expect(page.locator(RESULTS)).to_be_visible()
        expect(page.locator(".cp14-schedule")).not_to_have_count(0)
        for summary in page.locator(".cp14-schedule > summary").all():
            summary.click()
        expect(page.locator(".cp14-schedule[open] table").first).to_be_visible()
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"the page scrolls sideways at {width} px: {wide} px"
        # Every column shows: the table is no wider than its box, and no cell is cut.
        boxes = page.evaluate(CELLS_IN_BOX)
        assert boxes, "no month-by-month table"
        for box in boxes:
            assert box["scroll"] == box["box"], box
            assert box["outside"] == 0 and box["cells"] > 0, box
        # Still a table for screen readers, with its column headings, whatever the layout.
        tree = page.locator(".cp14-table").first.aria_snapshot()
        assert 'columnheader "Still owed"' in tree and "rowheader" in tree, tree[:400]
    finally:
        ctx.close()


def test_when_python_cannot_load_the_options_are_explained_in_words(browser, base_url):
    ctx = browser.new_context()
    ctx.route("**/pyodide.asm.wasm*", lambda route: route.abort())
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/plan/")
        page.wait_for_selector("[data-cp14-tool][data-state=failed]", timeout=LOAD_TIMEOUT_MS)
        expect(page.locator("[data-role=status]")).to_contain_text("explains each option in words")
        expect(page.locator("[data-action=retry]")).to_be_visible()
        main = page.locator("main")
        expect(main).to_contain_text("What are my options?")
        expect(main).to_contain_text("180 days")
        expect(main.locator("a[href='../../cant-pay/']").first).to_be_attached()
        expect(page.locator(RESULTS)).to_be_hidden()
    finally:
        ctx.close()


def test_without_javascript_the_options_are_there(browser, base_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/plan/")
        expect(page.locator("main")).to_contain_text("A short-term plan.")
        expect(page.locator("main")).to_contain_text("A long-term plan.")
        expect(page.locator("noscript").first).to_be_attached()
    finally:
        ctx.close()


RECORD_PRINT = (
    "() => { window.print = () => { window.__printed = document.documentElement.className; }; }"
)


@pytest.mark.parametrize(
    "answers",
    [
        INPUT,
        # Over $50,000: the long-term plan closes and asking the IRS opens.
        {**INPUT, "balance": "60000", "tax": "50000", "monthly": "900"},
    ],
    ids=["typical", "large"],
)
def test_print_this_comparison_prints_at_most_two_pages(tool_page, base_url, answers):
    page = tool_page
    page.goto(base_url + "tools/plan/#cp14-form-title")
    wait_ready(page)
    type_into(page, "#f-balance", answers["balance"])
    type_date(page, "#f-notice_date", answers["notice_date"])
    type_into(page, "#f-tax", answers["tax"])
    type_into(page, "#f-monthly", answers["monthly"])
    expected = api.call("plan", {**answers, **FORM})
    results = page.locator(RESULTS)
    expect(results.locator(".cp14-option[data-kind=long_term]")).to_contain_text(
        expected["options"][2]["summary"], timeout=LOAD_TIMEOUT_MS
    )
    # That summary reads the same for a part of the last answer typed: wait for the
    # answer to all of it.
    wait_idle(page)
    # A month-by-month table opened on screen stays off the paper.
    if any(len(o["schedule"]) > 1 for o in expected["options"]):
        tab_to(page, ".cp14-schedule > summary")
        page.keyboard.press("Enter")
        expect(page.locator(".cp14-schedule[open] table")).to_be_visible()
    page.evaluate(RECORD_PRINT)
    tab_to(page, "[data-action=print-comparison]")
    page.keyboard.press("Enter")
    assert "cp14-print-comparison" in page.evaluate("window.__printed")
    pages = printed_pages(page.pdf(prefer_css_page_size=True, print_background=False))
    assert len(pages) <= 2, [p.text for p in pages]
    text = " ".join(" ".join(p.text for p in pages).split())
    for option in expected["options"]:
        assert option["title"] in text and option["verdict"] in text, option["kind"]
    assert "Printed on" in text
    if sum(numbers(o) for o in expected["options"]) >= 2:
        assert "How do the costs compare?" in text  # the chart, with its numbers
    for other in ("Your bill and your budget", "Compare my options", "Month by month"):
        assert other not in text, other
