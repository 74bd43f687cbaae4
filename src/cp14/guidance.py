"""What to do next, in every state of a CP14: pay, can't pay, disagree, and what an
overdue notice means. Also the events a calendar file should hold.

Pure functions: dates, figures and sources in, plain data out. The links are
sources in ``data/facts.toml``; a ``page`` is a page of the guide, by its path
under ``docs/`` (the site turns it into a link).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from cp14.facts import Source
from cp14.validate import money_display


class Figures(NamedTuple):
    """The penalty figures the overdue explanation states (from facts.toml)."""

    ftp_rate: Decimal
    ftp_cap: Decimal
    installment_rate: Decimal


class Step(NamedTuple):
    """One typical next notice, as the timeline gives it."""

    notice: str
    title: str
    typical_date: date


def _link(title: str, source: Source) -> dict[str, str]:
    return {"title": title, "url": source.url}


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def long_date(day: date) -> str:
    return f"{day:%A, %B} {day.day}, {day.year}"


def next_steps(sources: Mapping[str, Source], status: str | None) -> list[dict[str, Any]]:
    """Three ways forward, each with its links; the first one depends on the state."""
    pay_text = {
        "overdue": "The pay-by date has passed, but paying now still stops interest and the "
        "penalty from growing any further.",
        "due_today": "Today is the last day to pay without more interest. Pay online today, "
        "and keep the confirmation.",
    }.get(
        str(status),
        "Pay the full balance by the pay-by date and nothing more is added. Pay online and "
        "keep the confirmation.",
    )
    return [
        {
            "key": "pay",
            "title": "Pay",
            "text": pay_text,
            "links": [
                _link("IRS Direct Pay (from a bank account, free)", sources["irs-direct-pay"]),
                _link("Your IRS online account", sources["irs-online-account"]),
            ],
            "page": "pay.md",
        },
        {
            "key": "cant_pay",
            "title": "If you can't pay it all",
            "text": "Pay what you can now, then ask for a payment plan. Most people can apply "
            "online and get an answer at once.",
            "links": [_link("Apply for an IRS payment plan", sources["irs-opa"])],
            "page": "cant-pay.md",
        },
        {
            "key": "disagree",
            "title": "If the balance is wrong",
            "text": "Write to the IRS at the address on the notice, and say why. Our letter "
            "tool writes the letter for you.",
            "links": [],
            "page": "dispute.md",
            "tool": "tools/letter.md",
        },
    ]


def next_notice(steps: Sequence[Step], today: date) -> Step | None:
    """The first typical next notice after today, if any is left."""
    return next((s for s in steps if s.typical_date > today), None)


def overdue(
    *,
    pay_by: date,
    today: date,
    steps: Sequence[Step],
    figures: Figures,
    penalty: bool = True,
) -> dict[str, Any] | None:
    """What an overdue notice means: still pay, what keeps running, what comes next.

    ``penalty`` is False for a notice with no failure-to-pay penalty (a CP14H)."""
    late = (today - pay_by).days
    if late <= 0:
        return None
    coming = next_notice(steps, today)
    if coming is None:
        next_text = (
            "The IRS may already have sent a later notice. Check your mail and your IRS "
            "online account, and act on the latest notice."
        )
    else:
        name = f"{coming.notice} ({coming.title.lower()})" if coming.notice else coming.title
        next_text = (
            f"If nothing is paid or arranged, what usually comes next is {name}, around "
            f"{long_date(coming.typical_date)}. That date is an estimate, not a promise."
        )
    return {
        "days": late,
        "title": f"The pay-by date was {late} day{'s' if late != 1 else ''} ago",
        "text": [
            "Pay as soon as you can. It is not too late: every day you wait adds to the bill.",
            "Interest is charged on the whole balance every day until it is paid. The "
            f"late-payment penalty adds {_pct(figures.ftp_rate)} of the unpaid tax for each "
            f"month or part of a month, up to {_pct(figures.ftp_cap)}."
            if penalty
            else "Interest is charged on the whole balance every day until it is paid. A CP14H "
            "has no late-payment penalty.",
            "If you can't pay it all, ask for a payment plan now. While an approved plan is in "
            f"effect, the penalty is {_pct(figures.installment_rate)} a month if you filed "
            "on time."
            if penalty
            else "If you can't pay it all, ask for a payment plan now.",
            next_text,
        ],
        "next_notice": (
            {
                "notice": coming.notice,
                "title": coming.title,
                "typical_date": coming.typical_date.isoformat(),
            }
            if coming
            else None
        ),
    }


class Event(NamedTuple):
    day: date
    summary: str
    description: str


def calendar_events(
    *,
    notice_date: date,
    pay_by: date,
    interest_free_until: date,
    today: date,
    payment_date: date | None,
    total_to_pay: str | None,
    steps: Sequence[Step],
    disclaimer: str,
) -> list[Event]:
    """Only what is still ahead: the pay-by date (and the end of the interest-free window)
    while they are, the planned payment date, and a reminder to check the mail."""
    events: list[Event] = []
    notice = f"your CP14 notice dated {long_date(notice_date)}"
    if pay_by >= today:
        summary = "Pay your IRS CP14 balance"
        if interest_free_until == pay_by:
            summary += " (interest-free window ends)"
        events.append(
            Event(
                pay_by,
                summary,
                f"Last day to pay the full balance on {notice}. Check the date printed on "
                f"your notice. {disclaimer}",
            )
        )
    if interest_free_until != pay_by and interest_free_until >= today:
        events.append(
            Event(
                interest_free_until,
                "CP14: interest-free window ends",
                "After this day, interest and the failure-to-pay penalty can be added to the "
                f"balance on {notice}. {disclaimer}",
            )
        )
    if payment_date is not None and payment_date >= today and payment_date != pay_by:
        amount = (
            f" Our estimate of the total to pay that day: {money_display(Decimal(total_to_pay))}."
            if total_to_pay
            else ""
        )
        events.append(
            Event(
                payment_date,
                "Pay your IRS CP14 balance (the day you planned)",
                f"The day you planned to pay the balance on {notice}.{amount} {disclaimer}",
            )
        )
    coming = next_notice([s for s in steps if s.notice], today)
    if coming is not None:
        name = f"{coming.notice} ({coming.title.lower()})"
        events.append(
            Event(
                coming.typical_date,
                "CP14: check your mail for the next IRS notice",
                f"If the balance on {notice} is not paid in full, the IRS usually sends {name} "
                "around this date. If you have paid, check that your IRS online account shows "
                f"the payment. {disclaimer}",
            )
        )
    return sorted(events, key=lambda e: e.day)
