"""The first answer before Python, in real Chromium: the deadline page shows the
pay-by date for a typed notice date while Python is still loading (its WebAssembly is
held back, so the page surely has nothing but its own table), the date is the core's,
for both amount rules, and the calculator's full answer then replaces it.
"""

from __future__ import annotations

from datetime import date

import pytest
from e2ekit import LOAD_TIMEOUT_MS, hold_wasm, type_date, type_into, wait_ready
from playwright.sync_api import expect

from cp14 import api

pytestmark = pytest.mark.browser

ROOT = "[data-cp14-tool]"
EARLY = "[data-role=early]"
TODAY = "2026-12-02"


def long_date(iso: str) -> str:
    """How the page writes a date on its own: 'Monday, December 22, 2026'."""
    day = date.fromisoformat(iso)
    return f"{day:%A, %B} {day.day}, {day.year}"


def pay_by(**answers: str) -> str:
    return api.call("deadlines", {**answers, "today": TODAY})["pay_by"]


@pytest.fixture
def held(browser):
    """A deadline page whose WebAssembly waits until `let_go()`."""
    ctx = browser.new_context(service_workers="block", viewport={"width": 360, "height": 800})
    let_go = hold_wasm(ctx)
    page = ctx.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    page.clock.set_fixed_time(f"{TODAY}T12:00:00")
    yield page, let_go
    let_go()
    ctx.close()


def test_the_pay_by_date_shows_before_python(held, base_url):
    page, let_go = held
    page.goto(base_url + "tools/deadlines/")
    # A notice date near a holiday (Christmas, then New Year's Day).
    type_date(page, "#f-notice_date", "2026-12-01")
    early = page.locator(EARLY)
    want = pay_by(notice_date="2026-12-01")
    expect(early).to_have_attribute("data-pay-by", want)
    expect(early).to_contain_text(long_date(want))
    expect(early).to_contain_text("A first answer")
    assert page.locator(ROOT).get_attribute("data-state") == "loading"
    # $100,000 or more: the business-day rule, as the core gives it.
    type_into(page, "#f-amount", "150000")
    large = pay_by(notice_date="2026-12-01", amount="150000")
    assert large != want
    expect(early).to_have_attribute("data-pay-by", large)
    assert page.locator(ROOT).get_attribute("data-state") == "loading"
    # Python's full answer replaces it, with the same date.
    let_go()
    wait_ready(page)
    expect(early).to_have_count(0)
    keyfact = page.locator("[data-role=results] .cp14-keyfact__value")
    expect(keyfact).to_have_text(long_date(large))


@pytest.mark.parametrize(
    "notice_date",
    ["2018-01-02", "2020-03-27", "2024-11-08", "2025-12-24", "2026-07-02", "2026-11-16"],
)
def test_the_first_answer_is_the_cores_for_any_date(held, base_url, notice_date):
    page, _ = held
    page.goto(base_url + "tools/deadlines/")
    type_date(page, "#f-notice_date", notice_date)
    expect(page.locator(EARLY)).to_have_attribute("data-pay-by", pay_by(notice_date=notice_date))


def test_no_first_answer_where_the_table_does_not_decide(held, base_url):
    page, _ = held
    page.goto(base_url + "tools/deadlines/")
    type_date(page, "#f-notice_date", "2026-11-16")
    expect(page.locator(EARLY)).to_be_visible()
    # A typo in the amount: the calculator will say what is wrong; no guess meanwhile.
    type_into(page, "#f-amount", "12abc")
    expect(page.locator(EARLY)).to_have_count(0)
    # A notice dated after today: the calculator refuses it.
    page.locator("#f-amount").fill("")
    page.locator("#f-notice_date").fill("2026-12-20")
    expect(page.locator(EARLY)).to_have_count(0)
