"""Business days under IRC 7503: weekends and DC legal holidays (D.C. Code 28-2701).

The expected holidays are built here independently of the `holidays` package,
from the statutes, and compared day by day for 2000-2040.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cp14.businessdays import (
    add_business_days,
    count_business_days,
    dc_legal_holidays,
    holiday_name,
    is_business_day,
    roll_forward,
)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def last_weekday(year: int, month: int, weekday: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def statutory_holidays(year: int) -> list[tuple[date, bool]]:
    """(date, is_inauguration) for 5 U.S.C. 6103 plus DC's own holidays."""
    mon, thu = 0, 3
    days = [
        date(year, 1, 1),
        nth_weekday(year, 1, mon, 3),  # Martin Luther King Jr.'s Birthday
        nth_weekday(year, 2, mon, 3),  # Washington's Birthday
        last_weekday(year, 5, mon),  # Memorial Day
        date(year, 7, 4),
        nth_weekday(year, 9, mon, 1),  # Labor Day
        nth_weekday(year, 10, mon, 2),  # Columbus Day
        date(year, 11, 11),
        nth_weekday(year, 11, thu, 4),  # Thanksgiving
        date(year, 12, 25),
    ]
    if year >= 2021:
        days.append(date(year, 6, 19))  # Juneteenth (Pub. L. 117-17)
    if year >= 2007:
        days.append(date(year, 4, 16))  # DC Emancipation Day (IRS Announcement 2007-16)
    out = [(d, False) for d in days]
    if year % 4 == 1:  # Inauguration Day, January 20 (21st when the 20th is a Sunday)
        inaug = date(year, 1, 20)
        out.append((inaug + timedelta(days=1) if inaug.weekday() == 6 else inaug, True))
    return out


def expected_non_business_weekdays(year: int) -> set[date]:
    result = set()
    for y in (year - 1, year, year + 1):
        for day, inauguration in statutory_holidays(y):
            if day.weekday() == 5 and not inauguration:
                day -= timedelta(days=1)  # Saturday holiday -> Friday before
            elif day.weekday() == 6:
                day += timedelta(days=1)  # Sunday holiday -> Monday after
            if day.year == year and day.weekday() < 5:
                result.add(day)
    return result


@pytest.mark.parametrize("year", range(2000, 2041))
def test_every_weekday_holiday_2000_to_2040_matches_the_statutes(year):
    actual = {d for d in dc_legal_holidays(year) if d.weekday() < 5}
    assert actual == expected_non_business_weekdays(year)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        # IRS Announcement 2007-16: April 15, 2007 was a Sunday and April 16 Emancipation Day.
        (date(2007, 4, 15), date(2007, 4, 17)),
        # 2011: Emancipation Day (Saturday) observed Friday April 15 -> Monday April 18.
        (date(2011, 4, 15), date(2011, 4, 18)),
        # 2016: same pattern -> April 18, 2016.
        (date(2016, 4, 15), date(2016, 4, 18)),
        # Tax Day 2022: Emancipation Day observed Friday April 15 -> Monday April 18.
        (date(2022, 4, 15), date(2022, 4, 18)),
        # Tax Day 2023: April 15-16 weekend, Emancipation Day observed Monday April 17.
        (date(2023, 4, 15), date(2023, 4, 18)),
        # 2006: Saturday -> Monday April 17 (Emancipation Day not yet a deadline holiday).
        (date(2006, 4, 15), date(2006, 4, 17)),
        (date(2025, 4, 15), date(2025, 4, 15)),
    ],
)
def test_tax_day_examples(due, expected):
    assert roll_forward(due) == expected


def test_new_years_day_on_saturday_makes_december_31_a_holiday():
    assert date(2022, 1, 1).weekday() == 5
    assert holiday_name(date(2021, 12, 31)) == "New Year's Day (observed)"
    assert not is_business_day(date(2021, 12, 31))


def test_inauguration_day_on_saturday_is_not_moved_to_friday():
    assert date(2029, 1, 20).weekday() == 5
    assert is_business_day(date(2029, 1, 19))


def test_juneteenth_counts_from_2021():
    assert not is_business_day(date(2021, 6, 18))  # June 19, 2021 was a Saturday
    assert is_business_day(date(2020, 6, 19))


def test_add_and_count_business_days_around_thanksgiving():
    # Nov 16, 2026 (Monday) + 10 business days skips Thanksgiving (Nov 26).
    assert add_business_days(date(2026, 11, 16), 10) == date(2026, 12, 1)
    assert count_business_days(date(2026, 11, 16), date(2026, 12, 1)) == 10


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 20))


@given(dates)
def test_roll_forward_lands_on_a_business_day_and_never_moves_one(day):
    rolled = roll_forward(day)
    assert is_business_day(rolled)
    assert rolled >= day
    assert (rolled - day).days <= 5
    if is_business_day(day):
        assert rolled == day
    else:
        assert all(not is_business_day(day + timedelta(n)) for n in range((rolled - day).days))


@given(dates, st.integers(min_value=1, max_value=30))
def test_add_business_days_counts_back(day, n):
    end = add_business_days(day, n)
    assert is_business_day(end)
    assert count_business_days(day, end) == n


def _build_script():
    from modkit import build_script

    return build_script()


@pytest.fixture
def browser_table(monkeypatch):
    """cp14._holidays_data exactly as the build writes it into the browser's wheel."""
    import sys
    import types

    from cp14 import businessdays

    table = types.ModuleType("cp14._holidays_data")
    exec(_build_script().holidays_module(), table.__dict__)  # the build's own output
    monkeypatch.setitem(sys.modules, "cp14._holidays_data", table)
    businessdays.dc_legal_holidays.cache_clear()
    yield table
    businessdays.dc_legal_holidays.cache_clear()


def test_source_tree_has_no_table():
    """CPython, the tests and the CLI compute holidays from `holidays` itself."""
    from cp14 import businessdays

    assert businessdays._built_table() is None


def test_browser_table_covers_every_year_the_api_takes(browser_table):
    from cp14 import validate

    assert browser_table.FIRST_YEAR <= validate.MIN_YEAR
    assert browser_table.LAST_YEAR > validate.MAX_YEAR  # windows run into the next year
    assert browser_table.SOURCE.startswith("holidays ")


def test_browser_table_equals_the_rule_every_year(browser_table):
    from cp14 import businessdays

    for year in range(browser_table.FIRST_YEAR, browser_table.LAST_YEAR + 1):
        got = dc_legal_holidays(year)
        assert got == businessdays.dc_legal_holidays_from_rule(year), year
        assert list(got) == sorted(got), year
    assert set(browser_table.DAYS) == set(
        range(browser_table.FIRST_YEAR, browser_table.LAST_YEAR + 1)
    )


def test_years_outside_the_table_use_the_rule(browser_table):
    from cp14 import businessdays

    year = browser_table.FIRST_YEAR - 5
    assert dc_legal_holidays(year) == businessdays.dc_legal_holidays_from_rule(year)
    assert date(year, 12, 25) in dc_legal_holidays(year)
