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

from cp14 import i18n
from cp14.facts import Source
from cp14.i18n import _, ngettext
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
    """'Monday, December 21, 2026' / 'lunes, 21 de diciembre de 2026'."""
    return f"{i18n.weekday(day)}, {i18n.long_date(day)}"


def _named(step: Step) -> str:
    """'CP501 (first reminder)', or the step's title when it has no notice."""
    if not step.notice:
        return step.title
    # i18n: a notice's number, then what it is, e.g. "CP501 (first reminder)".
    return _("{notice} ({title})").format(notice=step.notice, title=step.title.lower())


def next_steps(sources: Mapping[str, Source], status: str | None) -> list[dict[str, Any]]:
    """Three ways forward, each with its links; the first one depends on the state."""
    if status == "overdue":
        pay_text = _(
            "The pay-by date has passed, but paying now still stops interest and the penalty "
            "from growing any further."
        )
    elif status == "due_today":
        pay_text = _(
            "Today is the last day to pay without more interest. Pay online today, and keep the "
            "confirmation."
        )
    else:
        pay_text = _(
            "Pay the full balance by the pay-by date and nothing more is added. Pay online and "
            "keep the confirmation."
        )
    return [
        {
            "key": "pay",
            "title": _("Pay"),
            "text": pay_text,
            "links": [
                _link(_("IRS Direct Pay (from a bank account, free)"), sources["irs-direct-pay"]),
                _link(_("Your IRS online account"), sources["irs-online-account"]),
            ],
            "page": "pay.md",
        },
        {
            "key": "cant_pay",
            "title": _("If you can't pay it all"),
            "text": _(
                "Pay what you can now, then ask for a payment plan. Most people can apply online "
                "and get an answer at once."
            ),
            "links": [_link(_("Apply for an IRS payment plan"), sources["irs-opa"])],
            "page": "cant-pay.md",
        },
        {
            "key": "disagree",
            "title": _("If the balance is wrong"),
            "text": _(
                "Write to the IRS at the address on the notice, and say why. Our letter tool "
                "writes the letter for you."
            ),
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
        next_text = _(
            "The IRS may already have sent a later notice. Check your mail and your IRS online "
            "account, and act on the latest notice."
        )
    else:
        next_text = _(
            "If nothing is paid or arranged, what usually comes next is {name}, around {date}. "
            "That date is an estimate, not a promise."
        ).format(name=_named(coming), date=long_date(coming.typical_date))
    if penalty:
        growing = _(
            "Interest is charged on the whole balance every day until it is paid. The "
            "late-payment penalty adds {rate} of the unpaid tax for each month or part of a "
            "month, up to {cap}."
        ).format(rate=_pct(figures.ftp_rate), cap=_pct(figures.ftp_cap))
        plan = _(
            "If you can't pay it all, ask for a payment plan now. While an approved plan is in "
            "effect, the penalty is {rate} a month if you filed on time."
        ).format(rate=_pct(figures.installment_rate))
    else:
        growing = _(
            "Interest is charged on the whole balance every day until it is paid. A CP14H has "
            "no late-payment penalty."
        )
        plan = _("If you can't pay it all, ask for a payment plan now.")
    return {
        "days": late,
        "title": ngettext(
            "The pay-by date was {n} day ago", "The pay-by date was {n} days ago", late
        ).format(n=late),
        "text": [
            _("Pay as soon as you can. It is not too late: every day you wait adds to the bill."),
            growing,
            plan,
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
    dated = long_date(notice_date)
    if pay_by >= today:
        summary = (
            _("Pay your IRS CP14 balance (interest-free window ends)")
            if interest_free_until == pay_by
            else _("Pay your IRS CP14 balance")
        )
        events.append(
            Event(
                pay_by,
                summary,
                _(
                    "Last day to pay the full balance on your CP14 notice dated {date}. Check "
                    "the date printed on your notice. {disclaimer}"
                ).format(date=dated, disclaimer=disclaimer),
            )
        )
    if interest_free_until != pay_by and interest_free_until >= today:
        events.append(
            Event(
                interest_free_until,
                _("CP14: interest-free window ends"),
                _(
                    "After this day, interest and the failure-to-pay penalty can be added to the "
                    "balance on your CP14 notice dated {date}. {disclaimer}"
                ).format(date=dated, disclaimer=disclaimer),
            )
        )
    if payment_date is not None and payment_date >= today and payment_date != pay_by:
        if total_to_pay:
            planned = _(
                "The day you planned to pay the balance on your CP14 notice dated {date}. Our "
                "estimate of the total to pay that day: {amount}. {disclaimer}"
            ).format(date=dated, amount=money_display(Decimal(total_to_pay)), disclaimer=disclaimer)
        else:
            planned = _(
                "The day you planned to pay the balance on your CP14 notice dated {date}. "
                "{disclaimer}"
            ).format(date=dated, disclaimer=disclaimer)
        events.append(
            Event(payment_date, _("Pay your IRS CP14 balance (the day you planned)"), planned)
        )
    coming = next_notice([s for s in steps if s.notice], today)
    if coming is not None:
        events.append(
            Event(
                coming.typical_date,
                _("CP14: check your mail for the next IRS notice"),
                _(
                    "If the balance on your CP14 notice dated {date} is not paid in full, the IRS "
                    "usually sends {name} around this date. If you have paid, check that your IRS "
                    "online account shows the payment. {disclaimer}"
                ).format(date=dated, name=_named(coming), disclaimer=disclaimer),
            )
        )
    return sorted(events, key=lambda e: e.day)
