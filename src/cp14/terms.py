"""What the facts of one notice mean for its dates: the pay-by date, a disaster
postponement and the months of the failure-to-pay penalty.

- Pay-by date: the date printed on the notice, else the end of the 21-day
  (or 10-business-day) window after the notice date (cp14.deadlines).
- Disaster postponement (IRC 7508A; 26 CFR 301.7508A-1(b)(2)): when the date
  to pay falls inside the postponement period, it moves to the period's last
  day, and no interest or penalty is charged for the period. A date to pay
  that falls outside it is not moved, and the period changes nothing here.
- Penalty months (IRC 6651(a)(2)): for tax shown on a return they run from
  the date the tax was due (the return's due date, or the tax year's); the
  notice already holds the months that begin by the pay-by date. Without that
  date they are counted from the pay-by date (an estimate). A CP14H has no
  failure-to-pay penalty.

Pure: answers in, a ``Terms`` out; the figures come from data/facts.toml.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from cp14 import deadlines as dl
from cp14.i18n import _, long_date
from cp14.penalties import Clock, Pause, PenaltyRates


class Terms(NamedTuple):
    pay_by: date
    pay_by_source: str  # "notice", "computed", "start" or "postponed"
    interest_free_until: date
    window: dl.Window | None  # None without a notice date
    pause: Pause | None  # the postponement, when it moves the date to pay
    postponement: Pause | None  # the postponement as entered (start filled in)
    pause_assumed_start: bool
    clock: Clock | None  # None: no failure-to-pay penalty (a CP14H)
    basis: str  # "return_due_date", "tax_year", "pay_by" or "none"
    charged_months: int  # months the notice already holds

    def months_on_notice(self, rates: PenaltyRates) -> dict[str, Any] | None:
        """Which failure-to-pay months the notice holds, and when the next begins (data)."""
        if self.clock is None:
            return None
        cap_months = int(rates.cap / rates.regular)
        charged = min(self.charged_months, cap_months)
        nxt = self.clock.month_start(charged + 1) if charged < cap_months else None
        return {
            "counted_from": self.clock.start.isoformat(),
            "basis": self.basis,
            "on_notice": charged if self.basis != "pay_by" else None,
            "next_month_begins": nxt.isoformat() if nxt else None,
            "rate": str(rates.regular),
            "capped": charged >= cap_months,
        }

    def postponement_data(self) -> dict[str, Any] | None:
        entered = self.postponement
        if entered is None:
            return None
        return {
            "from": entered.first.isoformat(),
            "until": entered.last.isoformat(),
            "start_assumed": self.pause_assumed_start,
            "moves_pay_by": self.pause is not None,
        }


def terms(
    *,
    notice_date: date | None,
    amount: Decimal | None,
    printed_pay_by: date | None,
    start: date | None = None,
    notice: str = "CP14",
    tax_year: int | None = None,
    return_due_date: date | None = None,
    postponed_from: date | None = None,
    postponed_until: date | None = None,
) -> Terms:
    """The terms for one notice. Needs a notice date, a printed pay-by date or a start."""
    window = None
    if printed_pay_by is not None:
        pay_by, source = printed_pay_by, "notice"
    if notice_date is not None:
        window = dl.interest_free_window(notice_date, amount, dl.window_rule(notice_date))
        if printed_pay_by is None:
            pay_by, source = window.end, "computed"
    elif printed_pay_by is None:
        if start is None:
            raise ValueError("terms() needs a notice date, a pay-by date or a start")
        pay_by, source = start, "start"
    free_until = window.end if window else pay_by

    original_pay_by = pay_by
    entered, pause = None, None
    if postponed_until is not None:
        first = postponed_from or (notice_date or pay_by) + timedelta(days=1)
        entered = Pause(first, postponed_until)
        moved = dl.postponed(pay_by, entered.first, entered.last)
        if moved != pay_by:
            pause = entered
            pay_by, source = moved, "postponed"
            free_until = max(free_until, pay_by)

    clock, basis, charged = None, "none", 0
    if notice != "CP14H":
        due = return_due_date or (dl.return_due_date(tax_year) if tax_year else None)
        if due is not None:
            clock = Clock(due, pause)
            basis = "return_due_date" if return_due_date else "tax_year"
            # What the notice holds: the months begun by the pay-by date it was printed
            # with. Months that a postponement later takes out, the IRS removes.
            charged = Clock(due).months(original_pay_by)
        else:
            clock, basis = Clock(pay_by, pause), "pay_by"
    return Terms(
        pay_by,
        source,
        free_until,
        window,
        pause,
        entered,
        postponed_until is not None and postponed_from is None,
        clock,
        basis,
        charged,
    )


def postponement_words(t: Terms, notice_date: date | None, due: date) -> list[str]:
    """What a disaster postponement the reader entered does to their dates, in words."""
    entered = t.postponement
    if entered is None:
        return []
    last = long_date(entered.last)
    if t.pause_assumed_start:
        covers = _(
            "You told us a disaster postponement covers you from the notice date through {last}."
        ).format(last=last)
    else:
        covers = _(
            "You told us a disaster postponement covers you from {first} through {last}."
        ).format(first=long_date(entered.first), last=last)
    check = _("Check the dates in the IRS announcement for your area.")
    if t.pause is None:
        if due > entered.last:
            falls = _(
                "Your date to pay, {due}, falls after it, so the postponement does not move it: "
                "only a date that falls inside the period moves (IRC 7508A; 26 CFR 301.7508A-1)."
            )
        else:
            falls = _(
                "Your date to pay, {due}, falls before it, so the postponement does not move it: "
                "only a date that falls inside the period moves (IRC 7508A; 26 CFR 301.7508A-1)."
            )
        return [" ".join([covers, falls.format(due=long_date(due)), check])]
    moves = _(
        "A date to pay that falls in it moves to its last day, {last}, and no interest or "
        "penalty is charged for the period (IRC 7508A; 26 CFR 301.7508A-1)."
    ).format(last=last)
    words = [" ".join([covers, moves, check])]
    if t.pause_assumed_start:
        words.append(
            _(
                "You did not enter when the postponement started, so we took it to cover the "
                "time since the notice date."
            )
        )
    if notice_date is not None and entered.first <= notice_date:
        words.append(
            _(
                "If your notice charges interest or penalty for days inside the postponement, "
                "the IRS should remove it. Call the number on your notice."
            )
        )
    return words
