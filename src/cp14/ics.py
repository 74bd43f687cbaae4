"""An iCalendar (.ics) file with the pay-by date and the end of the interest-free window.

Made with the maintained `icalendar` package (pure Python, so it also runs in
Pyodide). It is imported only when a calendar file is asked for, so the
browser loads it on demand.

The events' words come in already translated (cp14.guidance). For a reader
whose language is not English, each text also says which language it is in
(RFC 5545's LANGUAGE parameter), so a calendar or a screen reader reads it so.
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


def build_calendar(
    events: Sequence[CalendarEvent], now: datetime, language: str | None = None
) -> str:
    """All-day events, each with a reminder two days before. `now` becomes DTSTAMP.

    ``language`` ("es"): the language of the texts, named on each of them."""
    from icalendar import Alarm, Calendar, Event

    words = {"LANGUAGE": language} if language else None
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
        event.add("summary", item.summary, parameters=words)
        event.add("description", item.description, parameters=words)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary, parameters=words)
        alarm.add("trigger", timedelta(days=-2))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
