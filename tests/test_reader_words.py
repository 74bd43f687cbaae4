"""What the tool pages show readers, checked on the core's own answers.

- Sources: only the IRS, the Code, the IRM or the Taxpayer Advocate (sources marked
  `official` in facts.toml). A figure whose source is a secondary one shows its
  official `also` source instead, and a text seen only in a copy is named, not linked.
- Dates inside sentences are written out ("October 1, 2026"), never YYYY-MM-DD.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from cp14 import api, facts

ISO = re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")

DEADLINES = [
    {"notice_date": "2026-03-16", "amount": "2450.17", "today": "2026-03-20"},
    {"notice_date": "2026-03-16", "amount": "2450.17", "today": "2026-08-01"},
    {"notice_date": "2026-03-16", "payment_date": "2027-09-01", "tax": "2000", "amount": "2450"},
    {"notice_date": "2026-03-16", "pay_by": "2026-04-01", "tax_year": "2025"},
    {"notice_date": "2026-03-16", "postponed_until": "2026-05-01", "tax_year": "2025"},
    {"notice_date": "2026-03-16", "notice": "CP14H", "today": "2026-09-01"},
    {"notice_date": "2026-03-16", "levy_notice_date": "2026-06-01", "today": "2026-09-01"},
    {"notice_date": "2026-03-16", "amount": "150000", "payment_date": "2026-12-01"},
]
PLANS = [
    {"monthly": "500"},
    {"monthly": "50"},
    {"months": "24"},
    {"months": "130"},
    {"monthly": "5000", "tax_year": "2025"},
    {"monthly": "500", "levy_notice_date": "2026-12-01"},
    {"monthly": "500", "balance": "60000"},
    {"monthly": "90000", "balance": "150000"},
    {"monthly": "500", "other_balances": "45000"},
    {"monthly": "500", "start": "2027-03-01", "low_income": True},
    # A plan started in 2023: the online fee then is a figure seen only in a copy.
    {"monthly": "400", "notice_date": "2023-05-15", "online": True},
    {"monthly": "400", "notice_date": "2023-05-15", "online": False, "direct_debit": True},
]


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from strings(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from strings(inner, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def linked(value: Any) -> Iterator[dict[str, Any]]:
    """Every {title, url} the page turns into a source or a link."""
    if isinstance(value, dict):
        if "url" in value and "title" in value:
            yield value
        for inner in value.values():
            yield from linked(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from linked(inner)


def answers() -> Iterator[tuple[str, dict[str, Any]]]:
    for payload in DEADLINES:
        yield "deadlines", api.call("deadlines", payload)
    for extra in PLANS:
        payload = {"balance": "12000", "tax": "10000", "notice_date": "2026-11-16", **extra}
        yield "plan", api.call("plan", payload)


@pytest.mark.parametrize(("name", "result"), list(answers()))
def test_readers_see_only_official_sources(name, result):
    assert "errors" not in result, result
    by_url = {s.url: s for s in facts.sources().values()}
    secondary = {s.title for s in facts.sources().values() if not s.official}
    for item in linked(result):
        assert item["title"] not in secondary, (name, item)
        if item["url"] is None:
            continue  # an official text named, without a link to a copy
        src = by_url.get(item["url"])
        assert src is not None and src.official, (name, item)


def test_a_secondary_fee_source_gives_way_to_its_official_one():
    # From August 25, 2022 the online fee ($130) was seen only in a copy of the IRS
    # page on a CPA firm's site; readers get the IRS payment plan page instead.
    r = api.call(
        "plan", {"balance": "12000", "notice_date": "2023-05-15", "monthly": "400", "online": True}
    )
    fees = [f for f in r["reported"] if f["name"] == "installment_fee_online_other"]
    assert fees and fees[0]["value"] == "130"
    assert fees[0]["source"]["url"] == facts.sources()["irs-payment-plans"].url
    # The payment order is an IRS revenue procedure seen only in a copy: named, not linked.
    order = r["payment_order"]["source"]
    assert order["url"] is None and order["title"].startswith("IRS — Rev. Proc. 2002-26")


def test_next_notices_cite_the_irs_page_for_each_notice():
    r = api.call("deadlines", {"notice_date": "2026-03-16"})
    by_key = {s["key"]: s for s in r["timeline"]}
    assert by_key["cp501"]["source"]["url"] == facts.sources()["irs-cp501"].url
    assert by_key["final"]["source"]["url"] == facts.sources()["irs-lt11"].url
    # The timing itself is only reported, and the note says so.
    assert by_key["cp501"]["timing"] == "reported"
    assert "the IRS does not publish them" in r["timeline_note"]


@pytest.mark.parametrize(("name", "result"), list(answers()))
def test_no_iso_date_inside_a_sentence(name, result):
    for path, text in strings(result):
        if ISO.fullmatch(text) or path.endswith(".url"):
            continue  # a date field (YYYY-MM-DD is the API's format), or an address
        assert not ISO.search(text), (name, path, text)


def test_messages_write_dates_out():
    r = api.call("interest", {"amount": "1000", "from": "1950-01-01", "to": "2026-01-01"})
    assert not ISO.search(r["errors"][0]["message"]), r
    r = api.call("interest", {"amount": "1000", "from": "2026-01-01", "to": "2030-06-30"})
    assert not any(ISO.search(note) for note in r["notes"]), r["notes"]
