"""Figures exact for the notice a person really holds: dated fees, penalty months from
the return's due date, the CP14 family, disaster postponement, one set of checks at
every door, and a core with no import circle."""

from __future__ import annotations

import ast
import io
import json
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cp14 import api, facts
from cp14.cli import main

SRC = Path(__file__).resolve().parent.parent / "src" / "cp14"


def cli(*argv: str, today: date = date(2026, 12, 2)) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, today=today)
    return code, out.getvalue(), err.getvalue()


def option(result: dict, kind: str) -> dict:
    return next(o for o in result["options"] if o["kind"] == kind)


# ---------------------------------------------------------------- dated fees


# IRM 5.14.1 (Manual Transmittal of July 2, 2024): reduced fees from July 1, 2024.
# T.D. 9798: the schedule for agreements entered into from January 1, 2017.
FEES = {
    # (online, direct debit): (from 2017, from July 1, 2024)
    (True, True): ("31", "22"),
    (False, True): ("107", "107"),
    (False, False): ("225", "178"),
}


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=date(2017, 1, 1), max_value=date(2026, 12, 2)))
def test_a_plan_started_on_any_day_pays_the_fee_in_force_that_day(start):
    for (online, dd), (old, new) in FEES.items():
        fee = facts.value(
            f"installment_fee_{'online' if online else 'phone'}_"
            + ("direct_debit" if dd else "other"),
            start,
        )
        assert fee == D(new if start >= date(2024, 7, 1) else old), (start, online, dd)
    online_other = facts.value("installment_fee_online_other", start)
    if start >= date(2024, 7, 1):
        assert online_other == D(69)
    elif start < date(2022, 8, 25):
        assert online_other == D(149)


def test_the_plan_tool_charges_the_fee_of_its_start_date():
    base = {"balance": "5000", "monthly": "300", "direct_debit": True, "online": True}
    june_2026 = api.call("plan", {**base, "notice_date": "2026-05-18", "start": "2026-06-10"})
    assert option(june_2026, "long_term")["setup_fee"] == "22.00"
    by_phone = api.call(
        "plan",
        {**base, "online": False, "direct_debit": False, "notice_date": "2026-09-14",
         "start": "2026-10-05"},
    )  # fmt: skip
    assert option(by_phone, "long_term")["setup_fee"] == "178.00"
    in_2023 = api.call("plan", {**base, "notice_date": "2023-05-15", "start": "2023-06-12"})
    assert option(in_2023, "long_term")["setup_fee"] == "31.00"


def test_every_dated_value_says_when_it_took_effect_and_when_it_was_checked():
    for rows in facts.load()["facts"].values():
        for row in rows:
            assert isinstance(row.start, date) and isinstance(row.checked, date), row.name
            assert row.checked >= row.start or row.as_of, row.name
    for row in facts.rate_table():
        assert isinstance(row.checked, date)


def test_the_passport_threshold_has_a_row_for_each_year_with_its_source():
    # IRC 7345(f): adjusted each calendar year. 2019 ($52,000) and 2024 ($62,000) are in
    # IRS texts; the others are reported. 2026 is left out: the sources disagree.
    rows = {r.start.year: r for r in facts.load()["facts"]["passport_debt_threshold"]}
    assert {y: str(r.value) for y, r in rows.items()} == {
        2015: "50000", 2017: "50000", 2018: "51000", 2019: "52000", 2020: "53000",
        2021: "54000", 2022: "55000", 2023: "59000", 2024: "62000", 2025: "64000",
    }  # fmt: skip
    assert rows[2019].status == rows[2024].status == "confirmed"
    assert all(r.source.url.startswith("https://") for r in rows.values())


def test_the_21_day_rule_applies_to_notices_after_1996():
    # Pub. L. 104-168 § 303(c): "any notice and demand given after December 31, 1996".
    for name in ("notice_window_days", "notice_window_business_days"):
        assert facts.load()["facts"][name][0].start == date(1997, 1, 1)


# ---------------------------------------------------------------- penalty months


def estimate(payment_date: str, **more: str) -> dict:
    code, out, err = cli(
        "deadlines", "--notice-date", "2026-06-01", "--amount", "5000", "--tax", "4000",
        "--return-due-date", "2026-04-15", "--payment-date", payment_date,
        "--today", "2026-06-02", "--json", *(x for kv in more.items() for x in kv),
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def test_penalty_months_run_from_the_return_due_date():
    """IRC 6651(a)(2): 0.5% for each month or part of a month from the date the tax was
    due (April 15, 2026), not from the pay-by date. Month 4 begins July 16."""
    july_1, july_14, july_16 = (estimate(f"2026-07-{d}")["estimate"] for d in ("01", "14", "16"))
    assert D(july_16["penalty"]) - D(july_14["penalty"]) == D("0.005") * 4000
    assert july_14["penalty"] == july_1["penalty"]
    result = estimate("2026-07-16")
    assert result["penalty_months"]["on_notice"] == 3
    assert result["penalty_months"]["next_month_begins"] == "2026-07-16"


def test_the_tax_year_gives_the_due_date():
    # Tax year 2025: April 15, 2026 (IRC 6072(a), 6151(a)); 2021: April 18, 2022 (IRC 7503,
    # DC Emancipation Day observed on Friday April 15).
    r = api.call("deadlines", {"notice_date": "2026-06-01", "tax_year": "2025"})
    assert r["penalty_months"]["counted_from"] == "2026-04-15"
    r = api.call("deadlines", {"notice_date": "2022-06-06", "tax_year": "2021"})
    assert r["penalty_months"]["counted_from"] == "2022-04-18"


def test_the_25_percent_cap_counts_the_months_already_charged():
    # Due April 15, 2022; notice June 2026: 50 months have begun, so no more penalty.
    r = api.call(
        "deadlines",
        {"notice_date": "2026-06-01", "amount": "5000", "tax": "4000",
         "return_due_date": "2022-04-15", "payment_date": "2026-12-01", "today": "2026-06-02"},
    )  # fmt: skip
    assert r["penalty_months"]["capped"] and r["estimate"]["penalty"] == "0.00"
    assert D(r["estimate"]["interest"]) > 0


def test_a_levy_notice_raises_the_rate_for_months_beginning_after_its_tenth_day():
    # IRC 6651(d): levy notice July 1 -> months beginning after July 11 are 1%: month 4
    # (from July 16) is 1% of $4,000 = $40, month 5 (from August 16) another $40.
    plain = estimate("2026-08-20")["estimate"]
    levied = estimate("2026-08-20", **{"--levy-notice-date": "2026-07-01"})["estimate"]
    assert D(plain["penalty"]) == 40 and D(levied["penalty"]) == 80


def test_payments_since_the_notice_lower_what_is_added():
    full = estimate("2026-09-01")["estimate"]
    paid = estimate("2026-09-01", **{"--paid": "3000@2026-06-02"})["estimate"]
    assert D(paid["interest"]) < D(full["interest"]) and D(paid["penalty"]) < D(full["penalty"])
    assert paid["paid_before"] == "3000.00"


# ---------------------------------------------------------------- the notice held


def test_a_cp14h_has_no_penalty_and_no_lien_levy_or_passport_step():
    """IRS CP14H page: "Will I receive a penalty if I can't pay the full amount? No. The
    law prohibits us from using liens or levies"; IRC 5000A(g)(2); interest still runs."""
    code, out, _ = cli(
        "deadlines", "--notice-date", "2026-06-01", "--amount", "1000", "--notice", "CP14H",
        "--payment-date", "2026-12-01", "--today", "2026-06-02", "--json",
    )  # fmt: skip
    r = json.loads(out)
    assert code == 0
    assert r["estimate"]["penalty"] == "0.00" and D(r["estimate"]["interest"]) > 0
    steps = [(s["notice"], s["title"], s["description"]) for s in r["timeline"]]
    text = json.dumps(steps).lower()
    assert "cp504" not in text and "levy wages" not in text and "passport" not in text
    assert r["penalty_months"] is None and "no failure-to-pay penalty" in r["penalty_note"]
    plan = api.call(
        "plan", {"balance": "1000", "notice_date": "2026-06-01", "monthly": "100",
                 "notice": "CP14H", "today": "2026-06-02"},
    )  # fmt: skip
    assert all(o["penalty"] in (None, "0.00") for o in plan["options"])


def test_a_cp14i_works_like_a_cp14():
    a = api.call("deadlines", {"notice_date": "2026-06-01", "tax_year": "2025"})
    b = api.call("deadlines", {"notice_date": "2026-06-01", "tax_year": "2025", "notice": "CP14I"})
    assert a["pay_by"] == b["pay_by"] and a["penalty_months"] == b["penalty_months"]
    assert "Form 5329" in " ".join(b["assumptions"])


# ---------------------------------------------------------------- disaster postponement


def test_a_postponement_moves_the_pay_by_date_and_drops_interest_and_penalty():
    """26 CFR 301.7508A-1(b)(2): an act due in the postponement period is postponed to its
    last day, with relief from interest and penalties during the period (IRC 7508A(a))."""
    base = {"notice_date": "2026-06-01", "amount": "5000", "tax": "4000", "today": "2026-06-02",
            "return_due_date": "2026-04-15"}  # fmt: skip
    plain = api.call("deadlines", {**base, "payment_date": "2026-10-15"})
    moved = api.call(
        "deadlines", {**base, "payment_date": "2026-10-15", "postponed_until": "2026-10-15"}
    )
    assert plain["pay_by"] == "2026-06-22" and moved["pay_by"] == "2026-10-15"
    assert moved["pay_by_source"] == "postponed"
    assert moved["estimate"]["on_time"] and moved["estimate"]["total_added"] == "0.00"
    late = api.call(
        "deadlines", {**base, "payment_date": "2026-11-20", "postponed_until": "2026-10-15"}
    )["estimate"]
    # Only the days after October 15 bear interest (36 at 7%, reported); the penalty
    # clock stopped on June 1, so November 20 is still in month 3, which the notice holds.
    assert D(late["interest"]) == (D(5000) * ((1 + D("0.07") / 365) ** 36 - 1)).quantize(D("0.01"))
    assert late["penalty"] == "0.00"
    assert any("postponement" in a for a in moved["assumptions"])


def test_a_postponement_that_ends_before_the_pay_by_date_moves_nothing():
    r = api.call(
        "deadlines",
        {"notice_date": "2026-06-01", "postponed_from": "2026-03-01",
         "postponed_until": "2026-05-01", "today": "2026-06-02"},
    )  # fmt: skip
    assert r["pay_by"] == "2026-06-22" and r["postponement"]["moves_pay_by"] is False
    assert any("does not move it" in a for a in r["assumptions"])


def test_the_cli_takes_the_postponement_and_says_the_start_was_assumed():
    code, out, _ = cli(
        "deadlines", "--notice-date", "2026-06-01", "--postponed-until", "2026-09-30",
        "--today", "2026-06-02", "--json",
    )  # fmt: skip
    r = json.loads(out)
    assert code == 0 and r["pay_by"] == "2026-09-30" and r["postponement"]["start_assumed"]
    code, out, _ = cli(
        "plan", "--balance", "5000", "--notice-date", "2026-06-01", "--monthly", "500",
        "--postponed-until", "2026-09-30", "--today", "2026-06-02", "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["pay_by"] == "2026-09-30"


# ---------------------------------------------------------------- one set of checks


@pytest.mark.parametrize(
    ("argv", "field", "words"),
    [
        (["deadlines", "--notice-date", "2030-06-01"], "notice_date", "after today's date"),
        (["plan", "--balance", "100", "--monthly", "10", "--notice-date", "2030-06-01"],
         "notice_date", "after today's date"),
        (["deadlines", "--notice-date", "2026-06-01", "--tax-year", "2026"], "tax_year",
         "before the year of the notice"),
        (["plan", "--balance", "100", "--monthly", "10", "--notice-date", "2026-06-01",
          "--tax-year", "2026"], "tax_year", "before the year of the notice"),
        (["deadlines", "--notice-date", "2026-06-01", "--amount", "100", "--tax", "100000"],
         "tax", "can't be more than"),
        (["plan", "--balance", "100", "--tax", "200", "--monthly", "10", "--notice-date",
          "2026-06-01"], "tax", "can't be more than"),
    ],
)  # fmt: skip
def test_each_door_refuses_impossible_answers_with_one_line(argv, field, words):
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {field}: ") and words in lines[0]


def test_the_letter_refuses_a_notice_from_the_future_at_the_command_line(tmp_path):
    from cp14 import letters

    data = {**letters.example("dispute"), "notice_date": "2026-12-20", "letter_date": "2026-12-21"}
    path = tmp_path / "letter.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = cli("letter", "dispute", "--input", str(path))
    assert code == 2 and "error: notice_date: " in err and "after today's date" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_input_is_refused_in_one_line():
    code, out, err = cli("letter", "dispute", "--input", "/dev/zero")
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1
    assert lines[0].startswith("error: input: more than 1 MB")


def test_an_argument_that_is_not_utf_8_is_refused_in_one_line():
    # How Python hands over a byte that is not UTF-8 on the command line.
    notice = b"2026-11-16\xff".decode("utf-8", "surrogateescape")
    code, out, err = cli("deadlines", "--notice-date", notice)
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1 and lines[0].startswith("error: ")
    assert "Notice date is missing" not in err


def test_a_wrong_optional_answer_keeps_the_pay_by_date():
    r = api.call("deadlines", {"notice_date": "2026-11-16", "payment_date": "2026-12-20"})
    assert [e["field"] for e in r["errors"]] == ["amount"]
    assert r["partial"]["pay_by"] == "2026-12-07" and "estimate" not in r["partial"]
    r = api.call("deadlines", {"notice_date": "2026-11-16", "amount": "100", "tax": "500"})
    assert [e["field"] for e in r["errors"]] == ["tax"] and r["partial"]["pay_by"]
    # A wrong notice date leaves nothing to show.
    r = api.call("deadlines", {"notice_date": "2026-02-30"})
    assert "partial" not in r


def test_hostile_plan_estimate_and_calendar_inputs_get_field_messages():
    for blank in (" ", "\u200b", "\u00ad", "\x00"):
        r = api.call("plan", {"balance": "100", "notice_date": "2026-03-16", "monthly": blank})
        assert [e["field"] for e in r["errors"]] == ["monthly"], blank
        r = api.call("plan", {"balance": "100", "notice_date": "2026-03-16", "months": blank})
        assert [e["field"] for e in r["errors"]] == ["monthly"], blank
    r = api.call("plan", {"balance": "100", "notice_date": "2026-03-16", "months": "²"})
    assert [e["field"] for e in r["errors"]] == ["months"]
    r = api.call("estimate", {"notice_date": "2026-03-16", "amount": "10", "payment_date": " "})
    assert [e["field"] for e in r["errors"]] == ["payment_date"]
    r = api.call("calendar", {"notice_date": "2026-03-16", "now": "9999-12-31T23:59:59-01:00"})
    assert [e["field"] for e in r["errors"]] == ["now"]
    assert "Something went wrong" not in json.dumps(r)


# ---------------------------------------------------------------- the core's shape


def _imports(path: Path, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cp14"):
            for alias in node.names:  # `from cp14.letters import relief` is a module
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("cp14"))
    return found


def test_no_import_circle_in_the_core():
    modules = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        modules[name] = path
    graph = {
        name: {m for m in _imports(path, set(modules)) if m in modules and m != name}
        for name, path in modules.items()
    }
    # Depth-first search for a back edge.
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                pytest.fail("import circle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])
    assert "cp14.api" not in graph["cp14.api_plan"]


def test_the_window_and_penalty_figures_live_beside_their_rules():
    from cp14 import api as door
    from cp14.deadlines import window_rule
    from cp14.penalties import penalty_rates

    assert window_rule(date(2026, 1, 1)).calendar_days == 21
    assert penalty_rates(date(2026, 1, 1)).cap == 25
    assert not hasattr(door, "window_rule") and not hasattr(door, "penalty_rates")


def test_dates_inside_sentences_are_written_out():
    r = api.call(
        "deadlines",
        {"notice_date": "2026-03-16", "pay_by": "2026-04-08", "postponed_until": "2026-05-01",
         "payment_date": "2026-06-01", "amount": "100", "tax_year": "2025"},
    )  # fmt: skip
    words = " ".join(r["assumptions"] + r["estimate"]["assumptions"] + [r["penalty_note"]])
    assert not any(ch.isdigit() and "-" in part for part in words.split() for ch in part[:1]
                   if len(part) >= 10 and part[4:5] == "-")  # fmt: skip
    assert (date(2026, 3, 16) + timedelta(days=0)).isoformat() not in words
