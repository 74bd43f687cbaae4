"""Every deadline answer says what to do next; an overdue notice is explained; the estimate
gives the total to pay; the calendar holds only what is still ahead.

The overdue example is the one from the review: a notice dated 2026-11-02 is due
Monday, November 23, 2026, and on November 25 that was 2 days ago.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from icalendar import Calendar

from cp14 import api, facts
from cp14.api_deadlines import DEADLINE_TITLES

OVERDUE = {"notice_date": "2026-11-02", "amount": "2450.17", "today": "2026-11-25"}


def call(name, **payload):
    result = api.call(name, payload)
    assert "errors" not in result, result.get("errors")
    return result


@pytest.mark.parametrize(
    ("today", "status"),
    [
        ("2026-11-10", "on_time"),
        ("2026-11-23", "due_today"),
        ("2026-11-25", "overdue"),
        (None, None),
    ],
)
def test_every_state_has_a_next_step_with_links(today, status):
    payload = {**OVERDUE, "today": today}
    r = call("deadlines", **payload)
    assert r["status"] == status
    steps = {s["key"]: s for s in r["next_steps"]}
    assert list(steps) == ["pay", "cant_pay", "disagree"]
    for step in steps.values():
        assert step["title"] and step["text"]
    sources = facts.sources()
    urls = {link["url"] for s in r["next_steps"] for link in s["links"]}
    assert sources["irs-direct-pay"].url in urls
    assert sources["irs-online-account"].url in urls
    assert sources["irs-opa"].url in urls
    assert steps["cant_pay"]["page"] == "cant-pay.md"
    assert steps["disagree"]["tool"] == "tools/letter.md"


def test_an_overdue_notice_is_explained():
    r = call("deadlines", **OVERDUE)
    assert r["pay_by"] == "2026-11-23" and r["days_left"] == -2
    overdue = r["overdue"]
    assert overdue["days"] == 2
    text = " ".join(overdue["text"])
    assert "Pay as soon as you can" in text
    assert "Interest is charged on the whole balance every day" in text
    assert "late-payment penalty adds 0.5% of the unpaid tax" in text
    assert "CP501 (first reminder), around Monday, December 7, 2026" in text
    assert overdue["next_notice"] == {
        "notice": "CP501",
        "title": "First reminder",
        "typical_date": "2026-12-07",
    }
    pay = r["next_steps"][0]
    assert "has passed" in pay["text"]


def test_no_overdue_block_while_there_is_time():
    assert call("deadlines", **{**OVERDUE, "today": "2026-11-23"})["overdue"] is None


def test_long_overdue_points_to_the_latest_notice():
    r = call("deadlines", **{**OVERDUE, "today": "2027-12-01"})
    assert r["overdue"]["next_notice"] is None
    assert "latest notice" in r["overdue"]["text"][-1]


def test_the_estimate_gives_the_total_to_pay_on_the_chosen_day():
    r = call("deadlines", **{**OVERDUE, "payment_date": "2026-12-15"})
    e = r["estimate"]
    assert e["total_added"] == "32.54"  # as the review measured it
    assert e["balance"] == "2450.17"
    assert e["total_to_pay"] == "2482.71"
    on_time = call("deadlines", **{**OVERDUE, "today": "2026-11-10", "payment_date": "2026-11-20"})
    assert on_time["estimate"]["total_to_pay"] == "2450.17"


def test_the_estimate_call_carries_the_total_too():
    r = call("estimate", **{**OVERDUE, "payment_date": "2026-12-15"})
    assert r["total_to_pay"] == "2482.71"


# ---------------------------------------------------------------- out-of-range and impossible


@pytest.mark.parametrize("notice_date", ["2016-06-01", "1990-01-01", "2017-12-31", "1900-05-05"])
def test_a_notice_before_the_rate_table_says_what_is_covered_and_why(notice_date):
    r = api.call("deadlines", {"notice_date": notice_date, "amount": "100"})
    (error,) = r["errors"]
    assert error["field"] == "notice_date"
    assert "before 2018 is outside what this calculator covers" in error["message"]
    assert "January 1, 2018" in error["message"]
    assert "interest rates starts then" in error["message"]


def test_the_first_covered_day_works():
    assert call("deadlines", notice_date="2018-01-01")["pay_by"] == "2018-01-22"


@pytest.mark.parametrize("field", ["notice_date", "pay_by", "payment_date", "today"])
def test_an_impossible_date_in_the_deadline_tool(field):
    payload = {"notice_date": "2026-03-16", "amount": "100", field: "2026-02-30"}
    (error,) = api.call("deadlines", payload)["errors"]
    assert error["field"] == field
    assert error["message"].startswith(DEADLINE_TITLES[field] + ": that date does not exist")


# ---------------------------------------------------------------- calendar


def events(**payload):
    r = call("calendar", now="2026-11-25T10:00:00Z", **payload)
    cal = Calendar.from_ical(r["ics"])
    found = sorted(
        (e.decoded("dtstart"), str(e["summary"]), str(e["description"])) for e in cal.walk("VEVENT")
    )
    assert [(d.isoformat(), s) for d, s, _ in found] == [
        (e["date"], e["summary"]) for e in r["events"]
    ]
    return found


def test_the_calendar_holds_no_past_event():
    found = events(**OVERDUE)
    assert all(day > date(2026, 11, 25) for day, _, _ in found)
    assert [s for _, s, _ in found] == ["CP14: check your mail for the next IRS notice"]
    assert found[0][0] == date(2026, 12, 7)


def test_the_calendar_holds_the_planned_pay_date_with_the_total():
    found = events(**{**OVERDUE, "payment_date": "2026-12-15"})
    planned = [e for e in found if "the day you planned" in e[1]]
    assert [e[0] for e in planned] == [date(2026, 12, 15)]
    assert "$2,482.71" in planned[0][2]


def test_the_calendar_keeps_the_pay_by_date_while_it_is_ahead():
    found = events(**{**OVERDUE, "today": "2026-11-10", "payment_date": "2026-11-20"})
    assert [(d.isoformat(), s) for d, s, _ in found] == [
        ("2026-11-20", "Pay your IRS CP14 balance (the day you planned)"),
        ("2026-11-23", "Pay your IRS CP14 balance (interest-free window ends)"),
        ("2026-12-07", "CP14: check your mail for the next IRS notice"),
    ]


def test_a_calendar_with_nothing_ahead_is_an_error_not_an_empty_file():
    r = api.call("calendar", {**OVERDUE, "today": "2028-01-01"})
    (error,) = r["errors"]
    assert "nothing to add to a calendar" in error["message"]


def test_the_deadline_path_imports_no_letter_code():
    """The deadline page's browser runtime has no Jinja2 or MarkupSafe."""
    code = (
        "import sys; from cp14 import api; "
        "api.call('deadlines', {'notice_date': '2016-01-01'}); "
        "r = api.call('deadlines', {'notice_date': '2026-11-02', 'amount': '5', "
        "'today': '2026-11-25', 'payment_date': '2026-12-01'}); assert 'overdue' in r, r; "
        "heavy = {'jinja2', 'markupsafe', 'cp14.letters'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
