"""Deadlines that follow a CP14 notice.

Interest-free window, IRC 6601(e)(3), and failure-to-pay window, IRC 6651(a)(3):
if the amount in the notice and demand is paid within 21 calendar days after
the notice date (10 business days if the amount is $100,000 or more), no more
interest is charged on it for the time after the notice date, and no
failure-to-pay penalty under 6651(a)(3) starts. A last day that falls on a
weekend or DC legal holiday moves to the next business day (IRC 7503).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from cp14 import businessdays, facts
from cp14.i18n import _, ngettext


@dataclass(frozen=True)
class WindowRule:
    """The figures the window depends on (from facts.toml, passed in by the caller)."""

    calendar_days: int
    business_days: int
    large_amount: Decimal


def window_rule(on: date | None = None) -> WindowRule:
    """The figures in force on ``on`` (default: the latest), from data/facts.toml."""
    return WindowRule(
        calendar_days=int(facts.value("notice_window_days", on)),
        business_days=int(facts.value("notice_window_business_days", on)),
        large_amount=facts.value("notice_window_large_amount", on),
    )


@dataclass(frozen=True)
class Window:
    end: date
    uses_business_days: bool
    rolled_from: date | None  # the unadjusted last day, when it was a weekend or holiday


def interest_free_window(notice_date: date, amount: Decimal | None, rule: WindowRule) -> Window:
    """Last day to pay the billed amount with no more interest (and no (a)(3) penalty)."""
    if amount is not None and amount >= rule.large_amount:
        end = businessdays.add_business_days(notice_date, rule.business_days)
        return Window(end, True, None)
    last = notice_date + timedelta(days=rule.calendar_days)
    end = businessdays.roll_forward(last)
    return Window(end, False, last if end != last else None)


def return_due_date(tax_year: int) -> date:
    """When the tax on an individual's return for ``tax_year`` was due.

    The 15th of April after the tax year (IRC 6072(a), 6151(a)), or the next
    business day (IRC 7503); for a year whose payment date was postponed for
    everyone (the data lists them), the postponed date."""
    postponed = facts.postponed_due_date(tax_year)
    if postponed is not None:
        return postponed.due
    month = int(facts.value("return_due_month"))
    day = int(facts.value("return_due_day"))
    return businessdays.roll_forward(date(tax_year + 1, month, day))


def postponed(day: date, first: date, last: date) -> date:
    """A deadline that falls in a disaster postponement (IRC 7508A) moves to its end."""
    return businessdays.roll_forward(last) if first <= day <= last else day


# One character a day in `window_table`: URL-safe base64's letters.
TABLE_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def window_table(first: date, last: date) -> dict[str, object]:
    """Both windows (the calendar-day one, and the business-day one for large amounts)
    for every notice date from ``first`` to ``last``, in a few kilobytes.

    Day ``i`` (``first`` + i days) is letter ``days[i]``; its index ``n`` gives the
    offsets from the notice date: ``cal_base + n // bd_span`` calendar days, and
    ``bd_base + n % bd_span`` for an amount of ``large_amount`` or more. The table is
    this module's own output (``interest_free_window`` for each date), so a page can
    show the pay-by date before Python has started, and never by a rule of its own."""
    rows: list[tuple[int, int]] = []
    large: set[Decimal] = set()
    day = first
    while day <= last:
        rule = window_rule(day)
        large.add(rule.large_amount)
        small_end = interest_free_window(day, None, rule).end
        large_end = interest_free_window(day, rule.large_amount, rule).end
        rows.append(((small_end - day).days, (large_end - day).days))
        day += timedelta(days=1)
    if len(large) != 1:
        raise ValueError("the large-amount threshold changes inside the table's dates")
    cal_base = min(r[0] for r in rows)
    bd_base = min(r[1] for r in rows)
    bd_span = max(r[1] for r in rows) - bd_base + 1
    codes = [(c - cal_base) * bd_span + (b - bd_base) for c, b in rows]
    if max(codes) >= len(TABLE_LETTERS):
        raise ValueError("the windows vary too much for one letter a day")
    return {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "large_amount": str(large.pop()),
        "cal_base": cal_base,
        "bd_base": bd_base,
        "bd_span": bd_span,
        "days": "".join(TABLE_LETTERS[n] for n in codes),
    }


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def days_left(pay_by: date, today: date) -> int:
    return (pay_by - today).days


def status(pay_by: date, today: date) -> str:
    left = days_left(pay_by, today)
    return "overdue" if left < 0 else "due_today" if left == 0 else "on_time"


@dataclass(frozen=True)
class Step:
    key: str
    notice: str
    title: str
    typical_date: date
    description: str


def escalation_timeline(
    notice_date: date,
    *,
    cp501_weeks: int,
    cp503_weeks: int,
    cp504_weeks: int,
    final_notice_months: int,
    collection_after_days: int,
    cdp_days: int,
    levy_rate: Decimal,
    levy_grace_days: int,
    notice: str = "CP14",
) -> list[Step]:
    """Typical next notices if nothing is paid or arranged. Estimates, not promises:
    the IRS publishes no fixed schedule and has paused these notices before.

    A notice is dated on a business day, so an estimate that falls on a weekend
    or holiday moves to the next one. A CP14H has no levy steps: the IRS may not
    file a lien or levy for the shared responsibility payment (IRC 5000A(g)(2))."""
    day = businessdays.roll_forward
    cp501 = day(notice_date + timedelta(weeks=cp501_weeks))
    cp503 = day(cp501 + timedelta(weeks=cp503_weeks))
    cp504 = day(cp503 + timedelta(weeks=cp504_weeks))
    final = day(max(add_months(notice_date, final_notice_months), cp504 + timedelta(weeks=4)))
    no_levy = notice == "CP14H"
    if no_levy:
        collection = _(
            "If the balance is not paid in full, the IRS keeps sending reminders. It cannot "
            "file a lien or take your pay or property for this payment, but it can keep your "
            "future federal tax refunds to pay it."
        )
    else:
        collection = ngettext(
            "If the balance is not paid in full within about {n} day, the IRS can move your "
            "account on to collection. At first that means the reminders below; it can take "
            "pay or bank money only after the final notice.",
            "If the balance is not paid in full within about {n} days, the IRS can move your "
            "account on to collection. At first that means the reminders below; it can take "
            "pay or bank money only after the final notice.",
            collection_after_days,
        ).format(n=collection_after_days)
    steps = [
        Step(
            "collection",
            "",
            _("Account can move to collection"),
            notice_date + timedelta(days=collection_after_days),
            collection,
        ),
        Step(
            "cp501",
            "CP501",
            _("First reminder"),
            cp501,
            _("A reminder that you still owe, with interest added.")
            if no_levy
            else _("A reminder that you still owe, with interest and penalties added."),
        ),
        Step(
            "cp503",
            "CP503",
            _("Second reminder"),
            cp503,
            _("A more urgent reminder. Interest keeps growing.")
            if no_levy
            else _("A more urgent reminder. Interest and penalties keep growing."),
        ),
    ]
    if not no_levy:
        steps += [
            Step(
                "cp504",
                "CP504",
                _("Notice of intent to levy"),
                cp504,
                ngettext(
                    "The IRS says it may take your state tax refund and look at other assets. "
                    "The failure-to-pay penalty then rises to {rate}% a month, starting with the "
                    "first penalty month that begins more than {n} day after this notice.",
                    "The IRS says it may take your state tax refund and look at other assets. "
                    "The failure-to-pay penalty then rises to {rate}% a month, starting with the "
                    "first penalty month that begins more than {n} days after this notice.",
                    levy_grace_days,
                ).format(rate=f"{levy_rate.normalize():f}", n=levy_grace_days),
            ),
            Step(
                "final",
                # i18n: the names of the two final notices (LT11, Letter 1058).
                _("LT11 or Letter 1058"),
                _("Final notice of intent to levy"),
                final,
                ngettext(
                    "Your last notice before the IRS can levy wages or bank accounts. You have "
                    "{n} day from its date to ask for a Collection Due Process hearing "
                    "(Form 12153).",
                    "Your last notice before the IRS can levy wages or bank accounts. You have "
                    "{n} days from its date to ask for a Collection Due Process hearing "
                    "(Form 12153).",
                    cdp_days,
                ).format(n=cdp_days),
            ),
        ]
    return sorted(steps, key=lambda s: s.typical_date)
