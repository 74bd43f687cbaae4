"""Failure-to-pay penalty, IRC 6651(a)(2)/(a)(3), (b), (d), (h) and IRS Tax Topic 653.

The penalty is charged by cp14.plan's `ledger` (the balance over time); these tests
run it with no interest, so only the penalty moves."""

from datetime import date
from decimal import Decimal

from cp14.facts import RateRow
from cp14.penalties import Clock, Pause, months_or_part, penalty_rates
from cp14.plan import Payment, PenaltyTerms, ledger

RATES = penalty_rates()
NO_INTEREST = [RateRow(date(2018, 1, 1), Decimal(0), "test: no interest", "confirmed")]


def penalty(
    tax,
    start,
    paid_on,
    *,
    installment=False,
    levy_from=None,
    charged=0,
    pause=None,
):
    """The penalty added when `tax` due on `start` is paid in full on `paid_on`."""
    s = ledger(
        balance=Decimal(tax),
        tax=Decimal(tax),
        payments=[Payment(paid_on, None)],
        interest_from=start,
        clock=Clock(start, pause),
        plan_start=start if installment else None,
        table=NO_INTEREST,
        penalty=PenaltyTerms(
            regular=RATES.regular,
            during_plan=RATES.installment,
            cap=RATES.cap,
            after_levy=RATES.after_levy_notice,
            levy_from=levy_from,
        ),
        charged_months=charged,
    )
    return s.penalty, s.penalty_capped


def test_rates_come_from_the_data_file():
    assert (RATES.regular, RATES.installment, RATES.after_levy_notice, RATES.cap) == (
        Decimal("0.5"),
        Decimal("0.25"),
        Decimal("1"),
        Decimal("25"),
    )


def test_a_part_of_a_month_counts_as_a_month():
    # Topic 653: "one-half of one percent for each month, or part of a month".
    assert months_or_part(date(2026, 4, 6), date(2026, 4, 7)) == 1
    assert months_or_part(date(2026, 4, 6), date(2026, 5, 6)) == 1
    assert months_or_part(date(2026, 4, 6), date(2026, 5, 7)) == 2
    assert months_or_part(date(2026, 4, 6), date(2026, 4, 6)) == 0


def test_four_months_on_1000_is_20_dollars():
    assert penalty(1000, date(2026, 4, 6), date(2026, 8, 1)) == (Decimal(20), False)


def test_paying_on_the_first_day_of_a_month_counts_that_month():
    # Due April 15: month 4 is July 16 to August 15. The failure continues into it when
    # the tax is paid on July 16 ("each additional month or fraction thereof").
    assert penalty(4000, date(2026, 4, 15), date(2026, 7, 15))[0] == Decimal(60)
    assert penalty(4000, date(2026, 4, 15), date(2026, 7, 16))[0] == Decimal(80)


def test_the_25_percent_cap_is_reached_after_50_months():
    # 0.5% x 50 = 25% (cap in 6651(a)(2)).
    assert penalty(1000, date(2020, 1, 1), date(2024, 2, 1)) == (Decimal("245"), False)
    assert penalty(1000, date(2020, 1, 1), date(2025, 1, 1)) == (Decimal("250"), True)


def test_installment_agreement_rate_is_a_quarter_percent():
    assert penalty(1000, date(2026, 4, 6), date(2026, 8, 1), installment=True)[0] == 10


def test_one_percent_from_the_month_after_10_days_past_a_levy_notice():
    # Levy notice on May 1: the day 10 days after is May 11 (6651(d)(2)(A)); months
    # beginning after it (June 7, July 7) use 1%: 0.5 + 0.5 + 1 + 1 = 3% of $1,000.
    assert penalty(1000, date(2026, 4, 6), date(2026, 8, 1), levy_from=date(2026, 5, 11))[0] == 30


def test_months_already_on_the_notice_count_toward_the_cap():
    # 48 months already charged (24%): only 1% of room is left, two more months.
    added, capped = penalty(1000, date(2022, 1, 1), date(2027, 1, 1), charged=48)
    assert added == Decimal(10) and capped


def test_a_pause_is_not_counted():
    # IRC 7508A: the days of a postponement are disregarded. Due April 15 with a pause
    # from April 20 to May 19 (30 days): month 2 begins June 15 instead of May 16.
    clock = Clock(date(2026, 4, 15), Pause(date(2026, 4, 20), date(2026, 5, 19)))
    assert clock.month_start(1) == date(2026, 4, 16)
    assert clock.month_start(2) == date(2026, 6, 15)
    assert clock.months(date(2026, 6, 14)) == 1
    assert clock.months(date(2026, 6, 15)) == 2
    # A due date inside the pause: the first month begins the day after it ends.
    inside = Clock(date(2026, 4, 15), Pause(date(2026, 4, 1), date(2026, 10, 15)))
    assert inside.month_start(1) == date(2026, 10, 16)
    assert inside.months(date(2026, 10, 15)) == 0
