"""The calendar export is valid iCalendar (parsed back with icalendar)."""

import re
from datetime import date

from icalendar import Calendar

from cp14 import api


def test_calendar_has_the_pay_by_date_and_a_reminder():
    r = api.call(
        "calendar",
        {"notice_date": "2026-03-16", "pay_by": "2026-04-08", "now": "2026-03-20T10:00:00Z"},
    )
    cal = Calendar.from_ical(r["ics"])
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [e.decoded("dtstart") for e in events] == [
        date(2026, 4, 6),
        date(2026, 4, 8),
        date(2026, 4, 20),  # CP501, typically five weeks after the CP14
    ]
    assert "interest-free window ends" in str(events[0]["summary"])
    assert str(events[1]["summary"]) == "Pay your IRS CP14 balance"
    assert "check your mail" in str(events[2]["summary"])
    assert all(e.walk("VALARM") for e in events)
    assert r["filename"].endswith(".ics")
    assert "\r\n" in r["ics"]


def test_same_input_gives_the_same_file():
    payload = {"notice_date": "2026-03-16", "now": "2026-03-20T10:00:00Z"}
    assert api.call("calendar", payload)["ics"] == api.call("calendar", payload)["ics"]


def test_calendar_errors_are_data():
    r = api.call("calendar", {"notice_date": "soon"})
    assert r["errors"][0]["field"] == "notice_date"


def test_money_in_the_calendar_is_written_with_commas():
    r = api.call(
        "calendar",
        {
            "notice_date": "2026-03-16",
            "amount": "2450.17",
            "payment_date": "2026-07-01",
            "now": "2026-03-20T10:00:00Z",
        },
    )
    cal = Calendar.from_ical(r["ics"])
    planned = [e for e in cal.walk("VEVENT") if "the day you planned" in str(e["summary"])]
    text = str(planned[0]["description"])
    assert re.search(r"total to pay that day: \$2,\d{3}\.\d{2}\.", text), text
