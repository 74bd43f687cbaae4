"""Payment plans: what paying a CP14 balance month by month adds. An estimate, not a bill.

The rules, each applied in `schedule()`:

- Interest (IRC 6601, 6621, 6622): once the full balance is not paid within the
  notice window, interest runs on everything owed from the notice date
  (6601(e)(3)), compounded daily at each quarter's rate. Between two payment
  dates it grows on what was owed after the earlier payment; it is rounded to
  cents on each payment date.
- Failure-to-pay penalty (IRC 6651(a)(2)/(a)(3), (b), (h)): a monthly rate on
  the tax still unpaid at the start of each month, counted from the pay-by
  date; a month counts if it begins before the tax is paid. While an
  installment agreement is in effect and the return was filed on time, the
  rate is lower (6651(h)). The monthly rates add up to at most the cap (25%).
- Payments with no instructions go to tax first, then penalty, then interest
  (Rev. Proc. 2002-26). Paying the tax first stops the penalty soonest.
- The setup fee is paid with the first payment, on top of it; it is not part
  of the balance and earns no interest.

Everything is a pure function of its arguments: dates in, `Decimal`s out, no
clock and no I/O. The figures (rates, limits, fees) come from the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import NamedTuple

from cp14.deadlines import add_months
from cp14.facts import RateRow
from cp14.interest import quarter_start, underpayment_interest
from cp14.penalties import Clock, Pause

CENT = Decimal("0.01")
ZERO = Decimal(0)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PenaltyTerms:
    """Monthly failure-to-pay rates in percent and the cap (from facts.toml)."""

    regular: Decimal  # before the plan starts, or when the lower rate does not apply
    during_plan: Decimal  # for months that begin once the plan is in effect
    cap: Decimal
    after_levy: Decimal = ZERO  # IRC 6651(d): for months that begin after `levy_from`
    levy_from: date | None = None  # 10 days after a notice of intent to levy


@dataclass(frozen=True)
class Row:
    number: int
    day: date
    payment: Decimal  # paid toward the balance
    fee: Decimal  # setup fee paid the same day, on top of the payment
    interest: Decimal  # interest added since the previous payment (cents)
    penalty: Decimal  # penalty added since the previous payment (cents)
    balance: Decimal  # owed after this payment
    tax_left: Decimal  # unpaid tax after this payment


@dataclass(frozen=True)
class Schedule:
    rows: tuple[Row, ...]
    finished: bool  # the balance reached zero within the payments allowed
    assumed_days: int  # days that used an assumed rate (past the rate table)
    assumed_rate: Decimal | None
    reported_quarters: tuple[date, ...]  # quarters whose rate is only reported
    penalty_capped: bool

    @property
    def interest(self) -> Decimal:
        return sum((r.interest for r in self.rows), ZERO)

    @property
    def penalty(self) -> Decimal:
        return sum((r.penalty for r in self.rows), ZERO)

    @property
    def fee(self) -> Decimal:
        return sum((r.fee for r in self.rows), ZERO)

    @property
    def total_added(self) -> Decimal:
        return self.interest + self.penalty + self.fee

    @property
    def total_paid(self) -> Decimal:
        return sum((r.payment + r.fee for r in self.rows), ZERO)

    @property
    def last_day(self) -> date | None:
        return self.rows[-1].day if self.rows else None

    @property
    def balance_left(self) -> Decimal:
        return self.rows[-1].balance if self.rows else ZERO


def payment_dates(first: date, last_allowed: date) -> int:
    """How many monthly payments, starting on `first`, fall on or before `last_allowed`."""
    if last_allowed < first:
        return 0
    count = 1
    while add_months(first, count) <= last_allowed:
        count += 1
    return count


def short_term_payments(first: date, days: int) -> int:
    """Monthly payments that fit in a short-term plan of `days` days from `first`."""
    return payment_dates(first, first + timedelta(days=days))


def long_term_payments(first: date, counted_from: date, years: int) -> int:
    """Monthly payments that fit before `years` years from `counted_from` end."""
    return payment_dates(first, add_months(counted_from, 12 * years))


class Payment(NamedTuple):
    day: date
    amount: Decimal | None  # None: everything still owed that day


def schedule(
    *,
    balance: Decimal,
    tax: Decimal,
    monthly: Decimal,
    first_payment: date,
    interest_from: date,
    penalty_from: date,
    plan_start: date,
    max_payments: int,
    table: Sequence[RateRow],
    penalty: PenaltyTerms,
    fee: Decimal = ZERO,
    assumed_rate: Decimal | None = None,
    charged_months: int = 0,
    pause: Pause | None = None,
) -> Schedule:
    """Pay `monthly` on the same day each month from `first_payment`, at most
    `max_payments` times, until the balance is zero (see `ledger`)."""
    payments = [Payment(add_months(first_payment, n), monthly) for n in range(max(max_payments, 0))]
    return ledger(
        balance=balance,
        tax=tax,
        payments=payments,
        interest_from=interest_from,
        clock=Clock(penalty_from, pause),
        plan_start=plan_start,
        table=table,
        penalty=penalty,
        fee=fee,
        assumed_rate=assumed_rate,
        charged_months=charged_months,
    )


def ledger(
    *,
    balance: Decimal,
    tax: Decimal,
    payments: Sequence[Payment],
    interest_from: date,
    clock: Clock,
    plan_start: date | None,
    table: Sequence[RateRow],
    penalty: PenaltyTerms,
    fee: Decimal = ZERO,
    assumed_rate: Decimal | None = None,
    charged_months: int = 0,
) -> Schedule:
    """What `balance` becomes over `payments` (in date order), until it is zero.

    `tax` is the part of `balance` the penalty runs on (at most `balance`).
    Penalty months are those of `clock`; the first `charged_months` are already
    in the balance (the notice holds them): they count toward the cap but are
    not charged again. Months that begin on or after `plan_start` use the plan's
    rate. Interest runs from `interest_from` on the balance and the interest
    added since, not on penalty added after the notice: interest on a penalty
    runs only from the notice that bills it (IRC 6601(e)(2)(A)). Days of the
    clock's pause (IRC 7508A) add neither interest nor penalty."""
    owed = cents(balance)  # tax, the notice's penalty and interest, and interest since
    tax_left = min(cents(tax), owed)
    new_penalty = ZERO  # penalty added after the notice: no interest on it yet
    rows: list[Row] = []
    assumed_days = 0
    used_rate: Decimal | None = None
    reported: set[date] = set()
    percent_used = min(penalty.regular * charged_months, penalty.cap)
    capped = percent_used >= penalty.cap and charged_months > 0
    month = charged_months + 1  # the next penalty month to charge
    last = interest_from
    gap = clock.pause.after(interest_from) if clock.pause else None
    skip = (gap.first, gap.last) if gap else None

    def charge(base: Decimal, through: date, *, inclusive: bool) -> Decimal:
        """Penalty for the months that begin before (or on) `through`."""
        nonlocal month, percent_used, capped
        added = ZERO
        while True:
            first = clock.month_start(month)
            if first > through or (first == through and not inclusive):
                return added
            if base <= 0 or capped:
                month += 1
                continue
            during = plan_start is not None and first >= plan_start
            rate = penalty.during_plan if during else penalty.regular
            if not during and penalty.levy_from is not None and first > penalty.levy_from:
                rate = penalty.after_levy
            if percent_used + rate >= penalty.cap:
                rate = penalty.cap - percent_used
                capped = True
            percent_used += rate
            added += base * rate / 100
            month += 1

    for number, (day, amount) in enumerate(payments, start=1):
        interest = ZERO
        if day > last and owed > 0:
            result = underpayment_interest(owed, last, day, table, assumed_rate, skip)
            interest = cents(result.interest)
            assumed_days += result.assumed_days
            if result.assumed_rate is not None:
                used_rate = result.assumed_rate
            reported.update(
                quarter_start(p.first_day) for p in result.periods if p.status == "reported"
            )
        last = max(last, day)
        # A month that begins on the payment day has begun before the payment: the
        # failure to pay continued into it (IRC 6651(a)(2): "each additional month or
        # fraction thereof"), so it is charged on the tax unpaid that morning.
        added_penalty = cents(charge(tax_left, day, inclusive=True))
        owed += interest
        new_penalty += added_penalty
        total = owed + new_penalty
        payment = total if amount is None else min(amount, total)
        # Rev. Proc. 2002-26: tax first, then penalty, then interest.
        to_tax = min(payment, tax_left)
        to_new_penalty = min(payment - to_tax, new_penalty)
        tax_left -= to_tax
        new_penalty -= to_new_penalty
        owed -= payment - to_new_penalty
        rows.append(
            Row(
                number=number,
                day=day,
                payment=payment,
                fee=fee if number == 1 else ZERO,
                interest=interest,
                penalty=added_penalty,
                balance=owed + new_penalty,
                tax_left=tax_left,
            )
        )
        if owed + new_penalty == 0:
            break
    left = owed + new_penalty
    return Schedule(
        rows=tuple(rows),
        finished=bool(rows) and left == 0,
        assumed_days=assumed_days,
        assumed_rate=used_rate,
        reported_quarters=tuple(sorted(reported)),
        penalty_capped=capped,
    )


def smallest_monthly(
    step: Decimal,
    lowest: Decimal,
    highest: Decimal,
    finishes: Callable[[Decimal], bool],
    guess: Decimal | None = None,
) -> Decimal:
    """The smallest multiple of `step` in [lowest, highest] for which `finishes` is true.

    `finishes` must be monotone (paying more never finishes later), and true
    at `highest`. Bisection: about log2((highest - lowest) / step) trials. A
    `guess` near the answer narrows the range first, in steps that double
    away from it, so a good guess needs only a few trials; the answer is the
    same with or without it."""
    lo = (lowest / step).to_integral_value(rounding=ROUND_CEILING)
    hi = (highest / step).to_integral_value(rounding=ROUND_CEILING)
    lo = max(lo, Decimal(1))
    if guess is not None and lo < hi:
        near = (guess / step).to_integral_value(rounding=ROUND_CEILING)
        lo, hi = _around(lo, hi, near, step, finishes)
    while lo < hi:
        mid = (lo + hi) // 2
        if finishes(mid * step):
            hi = mid
        else:
            lo = mid + 1
    return hi * step


def _around(
    lo: Decimal, hi: Decimal, guess: Decimal, step: Decimal, finishes: Callable[[Decimal], bool]
) -> tuple[Decimal, Decimal]:
    """A narrower [lo, hi] (in steps) that still holds the answer, found from `guess`."""
    g = min(max(guess, lo), hi)
    width = Decimal(1)
    if finishes(g * step):
        hi = g  # the answer is at most g: look below it
        while hi - width >= lo:
            if not finishes((hi - width) * step):
                return hi - width + 1, hi
            hi -= width
            width *= 2
        return lo, hi
    lo = g + 1  # the answer is above g: look above it
    while lo + width - 1 < hi:
        if finishes((lo + width - 1) * step):
            return lo, lo + width - 1
        lo += width
        width *= 2
    return lo, hi


def fee_for(
    *,
    online: bool,
    direct_debit: bool,
    low_income: bool,
    fees: dict[str, Decimal],
) -> tuple[Decimal, str, bool]:
    """The long-term plan setup fee, the fact it comes from, and whether it is paid back.

    `fees` maps the fee facts' names to their values. Low income (IRC 6159(f)(2)):
    no fee with automatic bank draft; otherwise the reduced fee, paid back when
    the plan is completed."""
    channel = "online" if online else "phone"
    method = "direct_debit" if direct_debit else "other"
    name = f"installment_fee_{channel}_{method}"
    regular = fees[name]
    if not low_income:
        return regular, name, False
    if direct_debit:
        return (
            fees["installment_fee_low_income_direct_debit"],
            ("installment_fee_low_income_direct_debit"),
            False,
        )
    reduced = fees["installment_fee_low_income"]
    if regular <= reduced:
        return regular, name, True
    return reduced, "installment_fee_low_income", True
