"""The data file parses, every fact names a known source, and the rate table is complete."""

import itertools
from datetime import date
from decimal import Decimal

from cp14 import facts


def test_every_fact_has_a_source_status_and_start_date():
    data = facts.load()
    assert data["facts"], "no facts loaded"
    for name, rows in data["facts"].items():
        for row in rows:
            assert row.source.url.startswith("https://"), name
            assert row.status in ("confirmed", "reported"), name
            assert isinstance(row.start, date), name


def test_rate_table_has_every_quarter_from_2018():
    rates = facts.rate_table()
    assert rates[0].start == date(2018, 1, 1)
    for prev, nxt in itertools.pairwise(rates):
        months = (nxt.start.year - prev.start.year) * 12 + nxt.start.month - prev.start.month
        assert months == 3, f"gap after {prev.start}"
    # Spot checks against CBP's Federal Register table (89 FR 77879) and IRS releases.
    by_start = {r.start: r for r in rates}
    assert by_start[date(2020, 7, 1)].rate == Decimal("3")
    assert by_start[date(2023, 10, 1)].rate == Decimal("8")
    assert by_start[date(2026, 1, 1)].status == "confirmed"
    assert by_start[date(2026, 4, 1)].status == "reported"


def test_fact_picks_the_value_in_force_on_a_date():
    assert facts.fact("notice_window_days", date(2026, 1, 1)).number == 21
    assert facts.fact("ftp_rate").value == Decimal("0.5")
