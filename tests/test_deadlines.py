"""The CP14 window: IRC 6601(e)(3) and 6651(a)(3) (as amended by Pub. L. 104-168 § 303):
21 calendar days after the notice date, or 10 business days if the amount is $100,000
or more; a weekend or DC-holiday end moves to the next business day (IRC 7503)."""

from datetime import date
from decimal import Decimal

from cp14.deadlines import (
    add_months,
    escalation_timeline,
    interest_free_window,
    status,
    window_rule,
)

RULE = window_rule()


def test_rule_figures_come_from_the_data_file():
    assert (RULE.calendar_days, RULE.business_days, RULE.large_amount) == (
        21,
        10,
        Decimal("100000"),
    )


def test_21_calendar_days():
    w = interest_free_window(date(2026, 3, 16), Decimal("2450.17"), RULE)
    assert w.end == date(2026, 4, 6)
    assert not w.uses_business_days
    assert w.rolled_from is None


def test_weekend_end_rolls_to_monday():
    w = interest_free_window(date(2026, 3, 14), Decimal("10"), RULE)
    assert w.rolled_from == date(2026, 4, 4)  # a Saturday
    assert w.end == date(2026, 4, 6)


def test_emancipation_day_end_rolls_forward():
    w = interest_free_window(date(2026, 3, 26), None, RULE)
    assert w.rolled_from == date(2026, 4, 16)  # DC Emancipation Day, a Thursday
    assert w.end == date(2026, 4, 17)


def test_100000_or_more_uses_10_business_days():
    assert interest_free_window(date(2026, 11, 16), Decimal("100000"), RULE).end == date(
        2026, 12, 1
    )
    assert interest_free_window(date(2026, 11, 16), Decimal("99999.99"), RULE).end == date(
        2026, 12, 7
    )  # Dec 7 is a Monday: 21 days after Nov 16


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_status():
    assert status(date(2026, 4, 6), date(2026, 4, 1)) == "on_time"
    assert status(date(2026, 4, 6), date(2026, 4, 6)) == "due_today"
    assert status(date(2026, 4, 6), date(2026, 4, 7)) == "overdue"


def test_timeline_is_in_date_order_and_labelled():
    steps = escalation_timeline(
        date(2026, 3, 16),
        cp501_weeks=5,
        cp503_weeks=5,
        cp504_weeks=5,
        final_notice_months=6,
        collection_after_days=60,
        cdp_days=30,
        levy_rate=Decimal(1),
        levy_grace_days=10,
    )
    notices = [s.notice for s in steps]
    assert notices.index("CP501") < notices.index("CP503") < notices.index("CP504")
    assert notices[-1] == "LT11 or Letter 1058"
    assert [s.typical_date for s in steps] == sorted(s.typical_date for s in steps)


def test_estimated_notice_dates_fall_on_business_days():
    # A notice is dated on a working day: an estimate on a weekend or holiday moves on
    # (March 16, 2026 + 6 months is Wednesday September 16; + 5 weeks is Monday April 20).
    from cp14.businessdays import is_business_day

    for start in (date(2026, 11, 16), date(2026, 3, 16), date(2025, 12, 1)):
        steps = escalation_timeline(
            start,
            cp501_weeks=5,
            cp503_weeks=5,
            cp504_weeks=5,
            final_notice_months=6,
            collection_after_days=60,
            cdp_days=30,
            levy_rate=Decimal(1),
            levy_grace_days=10,
        )
        assert all(is_business_day(s.typical_date) for s in steps if s.notice), start
    # November 16, 2026 + 6 months is Sunday May 16, 2027: the final notice moves to Monday.
    final = steps_for(date(2026, 11, 16))[-1]
    assert final.typical_date == date(2027, 5, 17)


def test_a_cp14h_has_no_levy_steps():
    # IRC 5000A(g)(2): no lien and no levy for the shared responsibility payment.
    notices = [s.notice for s in steps_for(date(2026, 3, 16), notice="CP14H")]
    assert set(notices) == {"", "CP501", "CP503"}
    assert "CP504" not in notices and "LT11 or Letter 1058" not in notices
    text = " ".join(s.description for s in steps_for(date(2026, 3, 16), notice="CP14H"))
    assert "cannot file a lien" in text and "penalties" not in text


def test_the_levy_step_says_when_the_higher_rate_starts():
    # IRC 6651(d): months beginning after the day 10 days after the notice, not "10 days after".
    cp504 = next(s for s in steps_for(date(2026, 3, 16)) if s.notice == "CP504")
    assert "1% a month" in cp504.description
    assert "first penalty month that begins more than 10 days after" in cp504.description


def steps_for(start, notice="CP14"):
    return escalation_timeline(
        start,
        cp501_weeks=5,
        cp503_weeks=5,
        cp504_weeks=5,
        final_notice_months=6,
        collection_after_days=60,
        cdp_days=30,
        levy_rate=Decimal(1),
        levy_grace_days=10,
        notice=notice,
    )


def test_the_window_table_is_the_cores_own_answer_for_every_date():
    """The compact table a page can use before Python starts (one letter a day) gives,
    for every notice date the tools accept, exactly what interest_free_window gives."""
    from datetime import timedelta

    from cp14.deadlines import TABLE_LETTERS, window_table

    first, last = date(2018, 1, 1), date(2100, 12, 31)
    table = window_table(first, last)
    assert table["first"] == first.isoformat() and table["last"] == last.isoformat()
    days = table["days"]
    assert len(days) == (last - first).days + 1
    large = Decimal(table["large_amount"])
    day = first
    for letter in days:
        n = TABLE_LETTERS.index(letter)
        small = day + timedelta(days=table["cal_base"] + n // table["bd_span"])
        big = day + timedelta(days=table["bd_base"] + n % table["bd_span"])
        rule = window_rule(day)
        assert small == interest_free_window(day, None, rule).end, day
        assert big == interest_free_window(day, large, rule).end, day
        day += timedelta(days=1)
