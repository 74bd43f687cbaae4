"""Underpayment interest, IRC 6621 and 6622.

- The annual rate is set each calendar quarter (6621(a)(2), (b)).
- Interest is compounded daily (6622(a)). The daily rate is the annual rate
  divided by the number of days in that year (365 or 366).
- Interest accrues for each day after the start date, up to and including the
  end date.
- Days past the last quarter in the rate table are never guessed silently: they
  use a rate the caller supplies or, failing that, the last known rate, and the
  result marks them as assumed.
- Days of a disaster postponement (IRC 7508A(a)(2)) can be left out: no
  interest accrues on them (``skip``).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from cp14.facts import RateRow
from cp14.i18n import _
from cp14.validate import long_date

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    first_day: date  # first day that accrues interest in this period
    last_day: date  # inclusive
    days: int
    rate: Decimal  # annual percentage
    status: str  # "confirmed", "reported" or "assumed"
    reference: str
    interest: Decimal  # added in this period (compounded), unrounded


@dataclass(frozen=True)
class InterestResult:
    principal: Decimal
    start: date
    end: date
    interest: Decimal  # unrounded
    periods: tuple[Period, ...]
    assumed_days: int
    assumed_rate: Decimal | None


class RateTableError(ValueError):
    """The period starts before the first quarter in the rate table."""


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(day: date) -> date:
    q = quarter_start(day)
    return date(q.year + (q.month == 10), (q.month + 2) % 12 + 1, 1)


def table_end(table: Sequence[RateRow]) -> date:
    """The last day covered by the rate table."""
    return next_quarter(table[-1].start) - ONE_DAY


def rate_on(day: date, table: Sequence[RateRow]) -> RateRow | None:
    """The table row in force on `day`, or None past the table's last quarter."""
    if day > table_end(table):
        return None
    found = None
    for row in table:
        if row.start <= day:
            found = row
    if found is None:
        message = _("No interest rate is known before {date}.")
        raise RateTableError(message.format(date=long_date(table[0].start)))
    return found


def _segments(first: date, last: date) -> list[tuple[date, date]]:
    """Split [first, last] where the quarterly rate or the year length may change."""
    out = []
    day = first
    while day <= last:
        seg_end = min(next_quarter(day) - ONE_DAY, last)
        out.append((day, seg_end))
        day = seg_end + ONE_DAY
    return out


def underpayment_interest(
    principal: Decimal,
    start: date,
    end: date,
    table: Sequence[RateRow],
    assumed_rate: Decimal | None = None,
    skip: tuple[date, date] | None = None,
) -> InterestResult:
    """Daily-compounded interest on `principal` for the days after `start` through `end`.

    ``skip`` is a (first, last) pair of days, inclusive, on which no interest accrues."""
    if end <= start or principal == 0:
        return InterestResult(principal, start, end, Decimal(0), (), 0, None)
    if skip is not None and skip[0] <= end and skip[1] > start:
        before = underpayment_interest(
            principal, start, min(end, skip[0] - ONE_DAY), table, assumed_rate
        )
        after = underpayment_interest(
            principal + before.interest, max(start, skip[1]), end, table, assumed_rate
        )
        return InterestResult(
            principal,
            start,
            end,
            before.interest + after.interest,
            before.periods + after.periods,
            before.assumed_days + after.assumed_days,
            after.assumed_rate if after.assumed_rate is not None else before.assumed_rate,
        )
    periods: list[Period] = []
    balance = principal
    assumed_days = 0
    used_assumed: Decimal | None = None
    with localcontext() as ctx:
        ctx.prec = 40
        for first, last in _segments(start + ONE_DAY, end):
            row = rate_on(first, table)
            if row is None:
                rate = assumed_rate if assumed_rate is not None else table[-1].rate
                status = "assumed"
                reference = (
                    # i18n: where an interest rate comes from, shown after the rate.
                    _("rate you entered")
                    if assumed_rate is not None
                    # i18n: {date} is the first day of the last quarter whose rate is known.
                    else _("assumed: the last known rate (quarter from {date})").format(
                        date=long_date(table[-1].start)
                    )
                )
                used_assumed = rate
            else:
                rate, status, reference = row.rate, row.status, row.reference
            days = (last - first).days + 1
            if status == "assumed":
                assumed_days += days
            year_days = 366 if calendar.isleap(first.year) else 365
            factor = (1 + rate / 100 / year_days) ** days
            new_balance = balance * factor
            periods.append(
                Period(first, last, days, rate, status, reference, new_balance - balance)
            )
            balance = new_balance
    return InterestResult(
        principal, start, end, balance - principal, tuple(periods), assumed_days, used_assumed
    )
