"""Failure-to-pay penalty, IRC 6651(a)(2)/(a)(3), (d), (h) and IRS Tax Topic 653."""

from datetime import date
from decimal import Decimal

from cp14.penalties import failure_to_pay, months_or_part, penalty_rates

RATES = penalty_rates()


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
    result = failure_to_pay(Decimal(1000), date(2026, 4, 6), date(2026, 8, 1), RATES)
    assert result.penalty == Decimal(20)
    assert len(result.months) == 4


def test_the_25_percent_cap_is_reached_after_50_months():
    # 0.5% x 50 = 25% (cap in 6651(a)(2)); see Reese v. Commissioner, T.C. Memo.
    r49 = failure_to_pay(Decimal(1000), date(2020, 1, 1), date(2024, 2, 1), RATES)
    r60 = failure_to_pay(Decimal(1000), date(2020, 1, 1), date(2025, 1, 1), RATES)
    assert r49.penalty == Decimal("245") and not r49.capped
    assert r60.penalty == Decimal("250") and r60.capped


def test_installment_agreement_rate_is_a_quarter_percent():
    result = failure_to_pay(
        Decimal(1000), date(2026, 4, 6), date(2026, 8, 1), RATES, installment_agreement=True
    )
    assert result.penalty == Decimal(10)


def test_one_percent_from_the_month_after_10_days_past_a_levy_notice():
    # Levy notice on May 1: the day 10 days after is May 11; months beginning after it use 1%.
    result = failure_to_pay(
        Decimal(1000),
        date(2026, 4, 6),
        date(2026, 8, 1),
        RATES,
        levy_notice_date=date(2026, 5, 1),
    )
    assert [m.rate for m in result.months] == [
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("1"),
        Decimal("1"),
    ]
    assert result.penalty == Decimal(30)


def test_penalty_already_charged_counts_toward_the_cap():
    result = failure_to_pay(
        Decimal(1000),
        date(2026, 1, 1),
        date(2027, 1, 1),
        RATES,
        already_charged_percent=Decimal("24"),
    )
    assert result.penalty == Decimal(10)
    assert result.capped
