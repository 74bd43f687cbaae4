"""An iCalendar (.ics) file with the pay-by date and the end of the interest-free window.

Made with the maintained `icalendar` package (pure Python, so it also runs in
Pyodide). It is imported only when a calendar file is asked for, so the
browser loads it on demand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class CalendarEvent:
    day: date
    summary: str
    description: str


def build_calendar(events: Sequence[CalendarEvent], now: datetime) -> str:
    """All-day events, each with a reminder two days before. `now` becomes DTSTAMP."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//cp14//CP14 notice deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for item in events:
        event = Event()
        digest = hashlib.sha256(f"{item.day.isoformat()}|{item.summary}".encode()).hexdigest()
        event.add("uid", f"{digest[:32]}@cp14")
        event.add("dtstamp", now)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary)
        alarm.add("trigger", timedelta(days=-2))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
