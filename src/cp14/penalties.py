"""Failure-to-pay penalty, IRC 6651(a)(2), (a)(3), (d) and (h): the figures and the months.

cp14.plan's ``ledger`` charges it month by month on the tax still unpaid.

- 0.5% of the unpaid tax for each month or part of a month (6651(a)(2)/(a)(3)),
  at most 25% in all.
- 0.25% for any month in which an installment agreement is in effect, for an
  individual whose return was filed on time (6651(h)).
- 1% for each month that begins after the day 10 days after a notice of intent
  to levy (6651(d)).
Months are counted from a start date: month 1 is the first day after it through
the same day of the next month, and any part of a month counts as a month. For
tax shown on a return the start is the return's due date (6651(a)(2)); for tax
the IRS added, the end of the notice's 21-day window (6651(a)(3)). A period of
disaster postponement (IRC 7508A) is disregarded: its days do not count toward
a month (``Clock``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from cp14 import facts
from cp14.deadlines import add_months


@dataclass(frozen=True)
class PenaltyRates:
    """Monthly rates in percent and the cap, as written in the statute (from facts.toml)."""

    regular: Decimal
    installment: Decimal
    after_levy_notice: Decimal
    cap: Decimal
    levy_grace_days: int


def penalty_rates(on: date | None = None) -> PenaltyRates:
    """The figures in force on ``on`` (default: the latest), from data/facts.toml."""
    return PenaltyRates(
        regular=facts.value("ftp_rate", on),
        installment=facts.value("ftp_rate_installment", on),
        after_levy_notice=facts.value("ftp_rate_after_levy_notice", on),
        cap=facts.value("ftp_cap", on),
        levy_grace_days=int(facts.value("levy_notice_grace_days", on)),
    )


@dataclass(frozen=True)
class Pause:
    """Days disregarded for interest and penalties (IRC 7508A(a)): first to last, inclusive."""

    first: date
    last: date

    def after(self, start: date) -> Pause | None:
        """The part of the pause that falls after ``start`` (None if nothing does)."""
        first = max(self.first, start + timedelta(days=1))
        return Pause(first, self.last) if first <= self.last else None

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Clock:
    """Penalty months counted from ``start``, with the days of ``pause`` not counted.

    Month 1 begins the day after ``start``; month n begins on the same day of the
    month n - 1 months later. Days inside the pause do not count, so a month that
    would begin in it, and every later one, begins that many days later."""

    start: date
    pause: Pause | None = None

    def _gap(self) -> Pause | None:
        return self.pause.after(self.start) if self.pause else None

    def counted(self, day: date) -> date:
        """``day`` with the paused days before it taken out (as if they never were)."""
        gap = self._gap()
        if gap is None or day < gap.first:
            return day
        if day <= gap.last:
            return gap.first - timedelta(days=1)
        return day - timedelta(days=gap.days)

    def months(self, day: date) -> int:
        """Months or parts of a month that have begun by ``day`` (inclusive)."""
        return months_or_part(self.start, self.counted(day))

    def month_start(self, n: int) -> date:
        """The real date month ``n`` begins."""
        first = add_months(self.start, n - 1) + timedelta(days=1)
        gap = self._gap()
        if gap is None or first < gap.first:
            return first
        return first + timedelta(days=gap.days)


def months_or_part(start: date, end: date) -> int:
    """Months or parts of a month after `start` through `end` (0 if end <= start)."""
    if end <= start:
        return 0
    months = 1
    while add_months(start, months) < end:
        months += 1
    return months
