"""cp14.api: plain dict in, plain dict out, errors as data, never an exception."""

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cp14 import api
from cp14.api_deadlines import DEADLINE_TITLES
from strategies import json_values

field_names = st.sampled_from(
    [
        "notice_date",
        "amount",
        "pay_by",
        "today",
        "payment_date",
        "tax",
        "penalty",
        "interest",
        "installment_agreement",
        "rate",
        "from",
        "to",
        "date",
        "kind",
        "draft",
        "now",
        "name",
        "reasons",
    ]
)
plausible = st.one_of(
    json_values,
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)).map(date.isoformat),
    st.decimals(allow_nan=True).map(str),
)
payloads = st.one_of(json_values, st.dictionaries(field_names, plausible, max_size=8))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(sorted(api.FUNCTIONS)), payloads)
def test_the_api_never_raises_and_returns_json(name, payload):
    result = api.call(name, payload)
    assert isinstance(result, dict)
    json.dumps(result)  # JSON-ready
    if "errors" in result:
        for row in result["errors"]:
            assert set(row) == {"field", "message"}
            assert row["message"] and isinstance(row["message"], str)
            assert "Traceback" not in row["message"]


def test_deadlines_keys_and_values():
    r = api.call(
        "deadlines", {"notice_date": "2026-03-16", "amount": "2,450.17", "today": "2026-03-20"}
    )
    assert r["pay_by"] == "2026-04-06"
    assert r["interest_free_until"] == "2026-04-06"
    assert r["days_left"] == 17
    assert r["status"] == "on_time"
    assert [s["notice"] for s in r["timeline"] if s["notice"]] == [
        "CP501",
        "CP503",
        "CP504",
        "LT11 or Letter 1058",
    ]
    assert all(s["status"] == "estimate" and s["source"]["url"] for s in r["timeline"])
    assert "not tax advice" in r["disclaimer"]


def test_the_printed_pay_by_date_wins():
    r = api.call("deadlines", {"notice_date": "2026-03-16", "pay_by": "2026-04-08"})
    assert r["pay_by"] == "2026-04-08"
    assert r["pay_by_source"] == "notice"
    assert r["interest_free_until"] == "2026-04-06"
    assert any("April 8, 2026" in a for a in r["assumptions"])


def test_unknown_amount_is_an_explicit_assumption():
    r = api.call("deadlines", {"notice_date": "2026-03-16"})
    assert any("100,000" in a for a in r["assumptions"])
    assert r["days_left"] is None


def test_lines_add_up_to_the_amount():
    r = api.call(
        "deadlines",
        {"notice_date": "2026-03-16", "tax": "2000", "penalty": "50", "interest": "12.5"},
    )
    assert r["amount"] == "2062.50"


def test_estimate_paid_on_time_adds_nothing():
    r = api.call(
        "deadlines",
        {"notice_date": "2026-03-16", "amount": "1000", "payment_date": "2026-04-06"},
    )
    assert r["estimate"]["on_time"] is True
    assert r["estimate"]["total_added"] == "0.00"


def test_estimate_paid_late_adds_interest_and_penalty():
    r = api.call(
        "deadlines",
        {
            "notice_date": "2026-03-16",
            "tax": "2000",
            "penalty": "0",
            "interest": "0",
            "payment_date": "2026-07-01",
        },
    )
    e = r["estimate"]
    assert e["on_time"] is False
    assert e["penalty"] == "30.00"  # 0.5% x 3 months (Apr 6 -> Jul 1) x $2,000
    assert float(e["interest"]) > 0
    assert e["total_added"] == f"{float(e['interest']) + 30:.2f}"
    assert any("estimate" in a for a in e["assumptions"])


def test_estimate_past_the_rate_table_says_which_rate_it_assumed():
    r = api.call(
        "deadlines",
        {"notice_date": "2026-09-01", "tax": "5000", "payment_date": "2027-06-30", "rate": "8"},
    )
    e = r["estimate"]
    assert e["assumed_days"] > 0
    assert e["assumed_rate"] == "8"
    assert any("8% a year" in a for a in e["assumptions"])


def test_errors_name_the_field():
    r = api.call("deadlines", {"notice_date": "03/45/2026", "amount": "12abc", "rate": "200"})
    fields = {row["field"] for row in r["errors"]}
    assert fields == {"notice_date", "amount", "rate"}
    for row in r["errors"]:  # each names its field as the form shows it
        assert row["message"].startswith(DEADLINE_TITLES[row["field"]]), row


def test_interest_api():
    r = api.call("interest", {"amount": "1000", "from": "2025-04-15", "to": "2026-03-16"})
    assert r["interest"] == "66.35"
    assert r["periods"][0]["status"] == "confirmed"
    assert r["assumed_days"] == 0


def test_business_day_api():
    r = api.call("business_day", {"date": "2023-04-17"})
    assert r["business_day"] is False
    assert r["holiday"] == "Emancipation Day (observed)"
    assert r["next_business_day"] == "2023-04-18"


def test_unknown_function():
    assert api.call("rm -rf", {})["errors"][0]["field"] == "function"


def test_facts_table_lists_sources():
    r = api.call("facts", {})
    assert r["facts"]["notice_window_days"]["value"] == "21"
    assert r["facts"]["notice_window_days"]["source"]["url"].startswith("https://")
