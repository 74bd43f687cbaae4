"""The command line: the documented calls, JSON output and exit status 2 on bad input."""

import io
import json
import subprocess
import sys
from datetime import date

import pytest

from cp14.cli import main


def run(*argv, stdin=""):
    out, err = io.StringIO(), io.StringIO()
    code = main(
        list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err, today=date(2026, 3, 20)
    )
    return code, out.getvalue(), err.getvalue()


def test_deadlines_json():
    code, out, _ = run(
        "deadlines",
        "--notice-date",
        "2026-03-16",
        "--amount",
        "2450.17",
        "--today",
        "2026-03-20",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert {"pay_by", "interest_free_until", "days_left", "timeline"} <= set(data)
    assert data["days_left"] == 17


def test_deadlines_text_mentions_estimate_and_disclaimer():
    code, out, _ = run(
        "deadlines",
        "--notice-date",
        "2026-03-16",
        "--payment-date",
        "2026-07-01",
        "--amount",
        "1000",
    )
    assert code == 0
    assert "Pay by: Monday, April 6, 2026" in out
    assert "estimate" in out
    assert "not tax advice" in out


def test_interest_json():
    code, out, _ = run(
        "interest", "--amount", "1000", "--from", "2025-04-15", "--to", "2026-03-16", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["interest"] == "66.35"
    assert data["periods"][0]["status"] == "confirmed"


def test_business_day():
    assert run("business-day", "2023-04-15")[1].strip() == "2023-04-18"
    assert run("business-day", "2023-04-19")[1].strip() == "2023-04-19"


def test_bad_input_exits_2_with_one_line_per_problem():
    code, out, err = run("deadlines", "--notice-date", "2026-02-30", "--amount", "lots")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("error: notice_date:")
    assert lines[1].startswith("error: amount:")


def test_missing_required_option_exits_2():
    assert run("interest", "--amount", "5")[0] == 2


def test_calendar_to_stdout():
    code, out, _ = run("calendar", "--notice-date", "2026-03-16")
    assert code == 0 and out.startswith("BEGIN:VCALENDAR")


def test_letter_input_not_json():
    code, _, err = run("letter", "dispute", "--input", "-", stdin="{not json")
    assert code == 2 and err.startswith("error: input:")


@pytest.mark.parametrize("command", ["deadlines", "interest", "business-day", "letter", "calendar"])
def test_every_command_has_help(command):
    proc = subprocess.run(
        [sys.executable, "-m", "cp14", command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert "usage: cp14" in proc.stdout
