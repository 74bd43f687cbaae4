"""`cp14 plan`: the documented call, JSON output and exit status 2 on bad input."""

import io
import json
import subprocess
import sys
from datetime import date

from cp14.cli import main


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, today=date(2026, 11, 20))
    return code, out.getvalue(), err.getvalue()


def test_plan_json_has_the_documented_shape():
    code, out, err = run(
        "plan", "--balance", "12000", "--monthly", "500", "--tax", "10000",
        "--notice-date", "2026-11-16", "--online", "--json",
    )  # fmt: skip
    assert code == 0 and err == ""
    data = json.loads(out)
    assert {"options", "assumptions", "assumed_rate_days", "reported", "disclaimer"} <= set(data)
    kinds = [o["kind"] for o in data["options"]]
    assert kinds == ["pay_now", "short_term", "long_term", "needs_financial_statement"]
    for o in data["options"]:
        assert isinstance(o["eligible"], bool) and o["why"]
        if o["eligible"] and o["schedule"]:
            for key in ("setup_fee", "monthly_payment", "interest", "penalty", "total_added",
                        "total_paid"):  # fmt: skip
                assert o[key].count(".") == 1 and len(o[key].split(".")[1]) == 2, key
            assert o["months"] == len(o["schedule"])
            assert o["last_payment_date"] == o["schedule"][-1]["date"]
    long = data["options"][2]
    assert long["eligible"] and long["setup_fee"] == "69.00"


def test_plan_months_and_flags():
    code, out, _ = run(
        "plan", "--balance", "5000", "--months", "12", "--pay-by", "2026-12-07",
        "--start", "2026-12-15", "--direct-debit", "--low-income", "--late-return", "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    long = data["options"][2]
    assert long["months"] == 12 and long["setup_fee"] == "0.00"
    assert long["penalty_rate"] == "0.5"  # late return: no lower plan rate
    assert data["start"] == "2026-12-15" and data["pay_by"] == "2026-12-07"


def test_plan_text_is_plain_words():
    code, out, _ = run(
        "plan", "--balance", "12000", "--monthly", "500", "--notice-date", "2026-11-16"
    )
    assert code == 0
    assert "Long-term plan (Simple Payment Plan): Open to you\n" in out
    assert "Paying $500 a month, you finish in" in out
    # Open, but $500 a month is too little for 180 days: said so, with what would do.
    assert (
        "Short-term plan: Open to you, but $500 a month would not finish it by June 5, 2027:" in out
    )
    assert "Ask the IRS for another plan: For balances over $50,000" in out
    assert "online-payment-agreement-application" in out
    assert "not tax advice" in out


def test_plan_bad_input_exits_2_with_one_line_per_field():
    code, out, err = run(
        "plan", "--balance", "lots", "--months", "0", "--notice-date", "2026-02-30",
        "--tax", "-3",
    )  # fmt: skip
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "balance", "months", "tax", "notice_date"
    ]  # fmt: skip
    assert all(line.startswith("error: ") for line in lines)


def test_plan_needs_monthly_or_months_not_both():
    assert run("plan", "--balance", "100", "--notice-date", "2026-03-16")[0] == 2
    assert run("plan", "--balance", "100", "--monthly", "5", "--months", "3")[0] == 2
    both_dates = run(
        "plan", "--balance", "100", "--monthly", "5", "--notice-date", "2026-03-16",
        "--pay-by", "2026-04-06",
    )  # fmt: skip
    assert both_dates[0] == 2


def test_plan_without_a_date_names_the_field():
    code, _, err = run("plan", "--balance", "100", "--monthly", "5")
    assert code == 2 and err.startswith("error: notice_date:")


def test_plan_has_help():
    proc = subprocess.run(
        [sys.executable, "-m", "cp14", "plan", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert "usage: cp14 plan" in proc.stdout and "--direct-debit" in proc.stdout
