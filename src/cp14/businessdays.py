"""Business days for IRS deadlines (IRC 7503).

A day is a business day unless it is a Saturday, a Sunday or a legal holiday in
the District of Columbia. The holiday dates come from the maintained `holidays`
package (the federal holidays of 5 U.S.C. 6103 plus DC's own: Emancipation Day
on April 16 and Inauguration Day every fourth year); the observed-day shifts of
D.C. Code 28-2701 are applied here, explicitly:

- a holiday on a Saturday is also observed the Friday before, except
  Inauguration Day (so New Year's Day on a Saturday makes December 31 a holiday);
- a holiday on a Sunday is also observed the Monday after.

The wheel built for the browser also carries the result for every year the tools
can be asked about (``cp14._holidays_data``, computed by
scripts/build_pyodide_dist.py with these same functions): there the table is
used and `holidays` is never downloaded. Everywhere else, and for any year
outside the table, the rule is computed from `holidays`.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from types import ModuleType

from cp14.i18n import N_, _

ONE_DAY = timedelta(days=1)
SATURDAY, SUNDAY = 5, 6
# DC Emancipation Day first moved a federal deadline in 2007 (IRS Announcement
# 2007-16, citing D.C. Law 16-91); in 2006 the IRS kept Monday April 17 as the
# filing deadline. `holidays` lists the day from 2005, so earlier years drop it.
EMANCIPATION_DAY_FIRST_YEAR = 2007


@cache
def _base_holidays(year: int) -> dict[date, str]:
    import holidays  # imported on first use: the letter page never needs it

    found = holidays.country_holidays("US", subdiv="DC", years=year, observed=False)
    return {
        day: name
        for day, name in found.items()
        if year >= EMANCIPATION_DAY_FIRST_YEAR or "Emancipation" not in name
    }


def observed_holidays(actual: dict[date, str]) -> dict[date, str]:
    """Apply the D.C. Code 28-2701 weekend rules to actual holiday dates (pure)."""
    result: dict[date, str] = {}
    for day, name in actual.items():
        result.setdefault(day, name)
        if day.weekday() == SATURDAY and "Inauguration" not in name:
            result.setdefault(day - ONE_DAY, f"{name} (observed)")
        elif day.weekday() == SUNDAY:
            result.setdefault(day + ONE_DAY, f"{name} (observed)")
    return result


def dc_legal_holidays_from_rule(year: int) -> dict[date, str]:
    """Legal holidays in DC that fall in `year`, observed days included, from `holidays`."""
    actual: dict[date, str] = {}
    for y in (year - 1, year, year + 1):  # a Jan 1 on Saturday is observed Dec 31
        actual.update(_base_holidays(y))
    return {d: n for d, n in sorted(observed_holidays(actual).items()) if d.year == year}


Rows = tuple[tuple[int, int, int], ...]  # (month, day, index into the names) per holiday


def holiday_table(years: range) -> tuple[tuple[str, ...], dict[int, Rows]]:
    """dc_legal_holidays_from_rule for each of `years`, as (names, {year: rows}):
    the compact form the browser's wheel carries."""
    names: list[str] = []
    rows: dict[int, Rows] = {}
    for year in years:
        found = dc_legal_holidays_from_rule(year)
        for name in found.values():
            if name not in names:
                names.append(name)
        rows[year] = tuple((d.month, d.day, names.index(n)) for d, n in found.items())
    return tuple(names), rows


def table_year(names: tuple[str, ...], year: int, rows: Rows) -> dict[date, str]:
    """One year of a holiday_table, back as dates and names (pure)."""
    return {date(year, month, day): names[index] for month, day, index in rows}


def _built_table() -> ModuleType | None:
    try:
        from cp14 import _holidays_data  # only in the wheel built for the browser
    except ImportError:
        return None
    return _holidays_data


@cache
def dc_legal_holidays(year: int) -> dict[date, str]:
    """Legal holidays in DC that fall in `year`, observed days included."""
    table = _built_table()
    if table is not None and table.FIRST_YEAR <= year <= table.LAST_YEAR:
        return table_year(table.NAMES, year, table.DAYS[year])
    return dc_legal_holidays_from_rule(year)


def holiday_name(day: date) -> str | None:
    """The name of the DC legal holiday on `day`, or None (in English, as `holidays`
    names it: holiday_words() gives the reader's words)."""
    return dc_legal_holidays(day.year).get(day)


# The names `holidays` gives the legal holidays in DC (for the catalogs; a test checks
# that every name the rule gives for the years the tools cover is here).
HOLIDAY_NAMES = (
    N_("New Year's Day"),
    N_("Martin Luther King Jr. Day"),
    N_("Inauguration Day"),
    N_("Washington's Birthday"),
    N_("Emancipation Day"),
    N_("Memorial Day"),
    N_("Juneteenth National Independence Day"),
    N_("Independence Day"),
    N_("Labor Day"),
    N_("Columbus Day"),
    N_("Indigenous Peoples' Day"),
    N_("Veterans Day"),
    N_("Thanksgiving Day"),
    N_("Christmas Day"),
)
OBSERVED = " (observed)"


def holiday_words(name: str) -> str:
    """A holiday_name() in the reader's language: "Emancipation Day (observed)" is
    "Día de la Emancipación (feriado observado)" in Spanish. Two holidays on one day
    ("Inauguration Day; Martin Luther King Jr. Day") keep their order."""
    words = []
    for part in name.split("; "):
        base = part.removesuffix(OBSERVED)
        if base != part:
            # i18n: a holiday that falls on a weekend, kept on the nearest weekday.
            words.append(_("{holiday} (observed)").format(holiday=_(base)))
        else:
            words.append(_(base))
    return "; ".join(words)


def is_business_day(day: date) -> bool:
    return day.weekday() < SATURDAY and holiday_name(day) is None


def roll_forward(day: date) -> date:
    """`day` itself if it is a business day, else the next business day (IRC 7503)."""
    while not is_business_day(day):
        day += ONE_DAY
    return day


def add_business_days(start: date, count: int) -> date:
    """The `count`-th business day after `start` (start itself is not counted)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day = start
    while count:
        day += ONE_DAY
        if is_business_day(day):
            count -= 1
    return day


def count_business_days(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (0 if end <= start)."""
    days = 0
    day = start
    while day < end:
        day += ONE_DAY
        days += is_business_day(day)
    return days
