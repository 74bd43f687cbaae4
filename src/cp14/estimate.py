"""Estimate what paying a CP14 balance on a later date adds. An estimate, not a bill.

- Paid in full by the pay-by date: nothing is added (IRC 6601(e)(3); IRS CP14 page).
- Paid later: interest on the whole balance from the notice date (the interest-free
  window is lost), compounded daily at the quarterly rates; and the failure-to-pay
  penalty on the tax part for each month or part of a month after the pay-by date.
Every simplification is returned as a plain-English assumption.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cp14.facts import RateRow
from cp14.interest import InterestResult, underpayment_interest
from cp14.penalties import PenaltyRates, PenaltyResult, failure_to_pay


@dataclass(frozen=True)
class Estimate:
    payment_date: date
    on_time: bool
    interest: InterestResult | None
    penalty: PenaltyResult | None
    assumptions: tuple[str, ...]

    @property
    def added(self) -> Decimal:
        total = Decimal(0)
        if self.interest:
            total += self.interest.interest
        if self.penalty:
            total += self.penalty.penalty
        return total


def cost_of_waiting(
    *,
    notice_date: date,
    pay_by: date,
    payment_date: date,
    balance: Decimal,
    tax: Decimal | None,
    table: Sequence[RateRow],
    rates: PenaltyRates,
    installment_agreement: bool = False,
    assumed_rate: Decimal | None = None,
) -> Estimate:
    notes = [
        "This is an estimate. The IRS figures the exact amount; its bill is what counts.",
        "It assumes you make one payment of the full balance on the date you chose, "
        "and no other notice changes the balance.",
    ]
    if payment_date <= pay_by:
        notes.append(
            f"Paying the full amount by {pay_by.isoformat()} adds no more interest and, per "
            "the IRS, no more penalty on this notice."
        )
        return Estimate(payment_date, True, None, None, tuple(notes))

    interest = underpayment_interest(balance, notice_date, payment_date, table, assumed_rate)
    notes.append(
        "Interest is charged on the whole balance (tax, penalties and interest) from the notice "
        "date, because it was not paid by the pay-by date. It compounds daily."
    )
    if interest.assumed_days:
        notes.append(
            f"{interest.assumed_days} days fall after the last interest rate we know. For them "
            f"we used {interest.assumed_rate}% a year. The real rate may differ."
        )
    reported = sum(p.days for p in interest.periods if p.status == "reported")
    if reported:
        notes.append(
            f"{reported} days use a rate that is reported but not yet confirmed from an IRS source."
        )

    if tax is None:
        base = balance
        notes.append(
            "You did not enter the tax part of the balance, so the penalty is figured on the "
            "whole balance. That overstates it. Enter the tax line from the notice for a "
            "closer figure."
        )
    else:
        base = tax
    penalty = failure_to_pay(
        base, pay_by, payment_date, rates, installment_agreement=installment_agreement
    )
    rate = rates.installment if installment_agreement else rates.regular
    notes.append(
        f"The failure-to-pay penalty is {rate}% of the unpaid tax for each month or part of "
        f"a month after {pay_by.isoformat()}, up to {rates.cap}% in all."
    )
    notes.append(
        "Penalty months are counted from the pay-by date. If the tax was on your return, the IRS "
        "counts from the return's due date, so the real penalty may differ by one month's charge."
    )
    if installment_agreement:
        notes.append(
            "The lower rate applies only if you filed on time and the IRS has approved the "
            "payment plan."
        )
    notes.append(
        "It does not include a later notice of intent to levy, which raises the penalty to "
        f"{rates.after_levy_notice}% a month."
    )
    return Estimate(payment_date, False, interest, penalty, tuple(notes))
