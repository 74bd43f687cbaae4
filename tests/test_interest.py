"""Underpayment interest: IRC 6621 (quarterly rate) and 6622 (compounded daily)."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cp14 import facts
from cp14.facts import RateRow
from cp14.interest import table_end, underpayment_interest

TABLE = facts.rate_table()


def test_official_daily_compounding_factors():
    # IRS revenue ruling correcting Rev. Rul. 2014-27: factors for 0.11% a year
    # compounded daily under section 6622 (365-day year): 10 days -> .000030137,
    # 40 days -> .000120555.
    table = [RateRow(date(2015, 1, 1), Decimal("0.11"), "test", "confirmed")]
    ten = underpayment_interest(Decimal(1_000_000_000), date(2015, 1, 1), date(2015, 1, 11), table)
    forty = underpayment_interest(
        Decimal(1_000_000_000), date(2015, 1, 1), date(2015, 2, 10), table
    )
    assert round(ten.interest / Decimal(1_000_000_000), 9) == Decimal("0.000030137")
    assert round(forty.interest / Decimal(1_000_000_000), 9) == Decimal("0.000120555")


def test_a_leap_year_divides_by_366():
    # 2024: 8% all year (IR-2023-219, IR-2024-47, Rev. Rul. 2024-11, IR-2024-220).
    result = underpayment_interest(Decimal(10000), date(2024, 1, 1), date(2024, 12, 31), TABLE)
    expected = 10000 * ((1 + 0.08 / 366) ** 365 - 1)
    assert abs(float(result.interest) - expected) < 1e-6
    assert [p.rate for p in result.periods] == [Decimal(8)] * 4
    assert sum(p.days for p in result.periods) == 365


def test_rate_changes_at_quarter_and_year_boundaries():
    # 2022 Q4 6% (IR-2022-150) then 2023 Q1 7% (IR-2022-206): 10 days each side.
    result = underpayment_interest(Decimal(1000), date(2022, 12, 21), date(2023, 1, 10), TABLE)
    assert [(p.days, p.rate) for p in result.periods] == [(10, Decimal(6)), (10, Decimal(7))]
    step1 = (1 + 0.06 / 365) ** 10
    step2 = (1 + 0.07 / 365) ** 10
    assert abs(float(result.interest) - 1000 * (step1 * step2 - 1)) < 1e-9


def test_the_start_day_does_not_accrue_and_the_end_day_does():
    one_day = underpayment_interest(Decimal(365000), date(2025, 3, 1), date(2025, 3, 2), TABLE)
    assert one_day.periods[0].first_day == date(2025, 3, 2)
    assert one_day.interest == Decimal(365000) * Decimal("0.07") / 365
    assert (
        underpayment_interest(Decimal(1000), date(2025, 3, 1), date(2025, 3, 1), TABLE).interest
        == 0
    )


def test_days_past_the_table_are_flagged_with_the_rate_used():
    end = table_end(TABLE)
    result = underpayment_interest(Decimal(1000), end, date(end.year + 1, 3, 31), TABLE)
    assert result.assumed_days == 90
    assert result.assumed_rate == TABLE[-1].rate
    assert {p.status for p in result.periods} == {"assumed"}
    supplied = underpayment_interest(
        Decimal(1000), end, date(end.year + 1, 3, 31), TABLE, Decimal("9")
    )
    assert supplied.assumed_rate == Decimal(9)
    assert supplied.interest > result.interest


def test_reported_quarters_keep_their_status():
    result = underpayment_interest(Decimal(1000), date(2026, 3, 31), date(2026, 4, 30), TABLE)
    assert result.periods[0].status == "reported"


amounts = st.decimals(min_value=0, max_value=10_000_000, places=2)
days = st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 12, 31))


@given(amounts, days, st.integers(0, 3000), st.integers(0, 500))
def test_interest_grows_with_time(amount, start, d1, extra):
    end1 = date.fromordinal(start.toordinal() + d1)
    end2 = date.fromordinal(end1.toordinal() + extra)
    a = underpayment_interest(amount, start, end1, TABLE).interest
    b = underpayment_interest(amount, start, end2, TABLE).interest
    assert 0 <= a <= b


@given(amounts, amounts, days, st.integers(1, 3000))
def test_interest_grows_with_the_amount(x, y, start, d):
    low, high = sorted((x, y))
    end = date.fromordinal(start.toordinal() + d)
    assert (
        underpayment_interest(low, start, end, TABLE).interest
        <= underpayment_interest(high, start, end, TABLE).interest
    )
