"""The cp14 API inside real Pyodide (Node), from the runtime folder the site serves.

One Node process loads Pyodide from site/assets/pyodide/<version-hash>/ (the same
files, trimmed lock and wheels a browser gets), then runs each case through
cp14.api.call exactly as the page's worker does. Every answer must equal the
answer CPython gives for the same input, so a Python 3.14 or Pyodide-only
difference shows up here. Before each call only the packages that the build's
NEEDS table lists are loaded, so a missing entry there fails a case.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cp14 import api
from modkit import build_script

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("runner.mjs")

pytestmark = pytest.mark.pyodide

DEADLINE = {
    "notice_date": "2026-03-16",
    "amount": "2450.17",
    "today": "2026-03-20",
    "payment_date": "2026-06-01",
    "tax": "2000",
    "penalty": "300",
    "interest": "150.17",
}
NOW = "2026-03-20T10:00:00Z"
PLAN = {"balance": "12000", "tax": "10000", "notice_date": "2026-11-16"}


def _builder():
    return build_script()


OVERDUE = {
    "notice_date": "2026-11-02",
    "amount": "2450.17",
    "today": "2026-11-25",
    "payment_date": "2026-12-15",
}


def _cases() -> list[tuple[str, dict]]:
    dispute = api.call("letter_example", {"kind": "dispute"})
    relief = api.call("letter_example", {"kind": "penalty-relief"})
    # Order matters: calls that need no extra package first, then the letter
    # (jinja2), then business days (no package), then the calendar (icalendar).
    return [
        ("interest", {"amount": "1000", "from": "2025-04-15", "to": "2026-03-16"}),
        ("interest", {"amount": "1000", "from": "2026-01-01", "to": "2027-06-30", "rate": "7"}),
        ("interest", {"amount": "-5", "from": "x"}),
        ("facts", {}),
        ("letter_fields", {"kind": "dispute"}),
        ("letter_example", {"kind": "penalty-relief"}),
        ("letter", {"kind": "dispute", "draft": True}),
        ("letter", {"kind": "penalty-relief", "draft": True}),
        ("letter", dispute),
        ("letter", relief),
        ("letter", {**dispute, "name": "<img src=x onerror=alert(1)> {{7*7}}"}),
        ("letter", {"kind": "dispute", "draft": True, "ssn_last4": "12"}),
        ("letter", {"kind": "nonsense"}),
        ("letter", {**relief, "fta_clean_record": "not_sure", "fta_tax_paid": "no"}),
        ("letter", {**relief, "grounds": ["first_time"], "penalty_type": "other"}),
        ("deadlines", DEADLINE),
        ("deadlines", {"notice_date": "2026-12-18", "amount": "150000", "today": "2026-12-20"}),
        ("deadlines", {"notice_date": "2026-13-16", "amount": "abc"}),
        ("estimate", DEADLINE),
        ("business_day", {"date": "2026-04-16"}),
        ("calendar", {**DEADLINE, "now": NOW}),
        ("calendar", {"notice_date": "2026-03-16", "now": NOW}),
        ("nonsense", {}),
        ("deadlines", {"notice_date": "2016-06-01", "amount": "12,34.5", "pay_by": "2026-02-30"}),
        ("deadlines", OVERDUE),
        ("calendar", {**OVERDUE, "now": NOW}),
        # Payment plans, after the cases indexed above.
        ("plan", {**PLAN, "monthly": "500", "online": True}),
        ("plan", {**PLAN, "months": 18, "direct_debit": True, "low_income": True}),
        ("plan", {"balance": "60000", "pay_by": "2026-12-07", "monthly": "1500"}),
        ("plan", {"balance": "50000", "notice_date": "2026-03-16", "monthly": "100"}),
        ("plan", {"balance": "x", "months": 0}),
        # Every function with every field, then wrong input for each (error paths).
        ("deadlines", {**DEADLINE, "pay_by": "2026-04-01", "installment_agreement": True}),
        ("deadlines", {"notice_date": "03/16/2026", "amount": "100", "rate": "7"}),
        ("letter_fields", {"kind": "penalty-relief"}),
        ("letter_example", {"kind": "dispute"}),
        ("business_day", {"date": "2100-12-31"}),
        ("business_day", {"date": "1990-01-01"}),
        ("letter", {"kind": "penalty-relief", "amount_due": "-1", "grounds": "first_time"}),
        ("letter_fields", {"kind": 3}),
        ("letter_example", {}),
        ("deadlines", {"notice_date": "2010-01-01", "payment_date": "2009-01-01"}),
        ("deadlines", None),
        ("estimate", {"notice_date": "2026-03-16"}),
        ("estimate", [1, 2]),
        ("interest", {"amount": "1000", "from": "2026-03-16", "to": "2025-01-01"}),
        ("interest", "not an object"),
        ("business_day", {"date": "3000-01-01"}),
        ("business_day", {}),
        ("calendar", {"notice_date": "2026-03-16", "now": "yesterday"}),
        ("calendar", {"notice_date": "x"}),
        ("facts", []),
        (3, {}),
        # In Spanish: the same calls answer from the compiled catalogs in the wheel.
        ("nonsense", {"lang": "es"}),
        ("deadlines", {**DEADLINE, "lang": "es"}),
        ("deadlines", {"notice_date": "2026-13-16", "amount": "abc", "lang": "es"}),
        ("letter_fields", {"kind": "dispute", "lang": "es"}),
        ("letter", {**dispute, "lang": "es"}),
        ("plan", {**PLAN, "monthly": "500", "lang": "es"}),
        ("calendar", {**DEADLINE, "now": NOW, "lang": "es"}),
        ("interest", {"amount": "1", "from": "2026-01-01", "to": "2026-02-01", "lang": "fr"}),
    ]


def _memory_length(image: Path) -> int:
    with gzip.open(image) as f:
        return int.from_bytes(f.read(12)[8:12], "little")


def _run_cases(site_dir: Path, tmp: Path, start: list[str], memory: Path | None = None) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (it is needed for the Pyodide tests)")
    runtimes = sorted((site_dir / "assets" / "pyodide").iterdir())
    assert len(runtimes) == 1, runtimes
    worker = site_dir / "javascripts" / "cp14-worker.js"
    spec = {
        "start": start,
        "needs": _builder().NEEDS,
        "cases": [{"name": n, "payload": p} for n, p in _cases()],
        "stdlib": _builder().STDLIB,  # the trimmed standard library the pages start with
        "memory": str(memory) if memory else None,
        "memory_length": _memory_length(memory) if memory else None,
    }
    path = tmp / "cases.json"
    path.write_text(json.dumps(spec))
    proc = subprocess.run(
        [node, str(RUNNER), str(runtimes[0]), str(worker), str(path)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def pyodide_run(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _run_cases(site_dir, tmp_path_factory.mktemp("pyodide"), ["cp14"])


def _letter_image(site_dir: Path) -> Path:
    image = next((site_dir / "assets" / "pyodide").glob("*/letter.memory.gz"), None)
    assert image is not None, "the build wrote no memory image for the letter page"
    return image


@pytest.fixture(scope="module")
def memory_run(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Python started from the letter page's memory image, as its worker does."""
    start = _builder().START_PACKAGES["letter"]
    tmp = tmp_path_factory.mktemp("pyodide-memory")
    return _run_cases(site_dir, tmp, start, _letter_image(site_dir))


@pytest.fixture(scope="module")
def plan_memory_run(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Python started from the plan page's memory image, as its worker does."""
    image = next((site_dir / "assets" / "pyodide").glob("*/plan.memory.gz"), None)
    assert image is not None, "the build wrote no memory image for the plan page"
    tmp = tmp_path_factory.mktemp("pyodide-plan-memory")
    return _run_cases(site_dir, tmp, _builder().START_PACKAGES["plan"], image)


@pytest.fixture(scope="module")
def broken_memory_run(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The same with a damaged image: the worker must start Python from scratch."""
    tmp = tmp_path_factory.mktemp("pyodide-broken")
    plain = gzip.decompress(_letter_image(site_dir).read_bytes())
    broken = tmp / "letter.memory.gz"
    broken.write_bytes(gzip.compress(plain[: len(plain) // 2]))
    return _run_cases(site_dir, tmp, _builder().START_PACKAGES["letter"], broken)


def test_runs_python_314(pyodide_run: dict) -> None:
    assert pyodide_run["python"].startswith("3.14.")


def test_imports_bytecode_from_the_mounted_wheels(pyodide_run: dict) -> None:
    """The wheels are used as zip archives, not unpacked, and their bytecode is used."""
    files = pyodide_run["files"]
    assert files["cp14.api"].endswith("/cp14-wheels/cp14-0.1.0-py3-none-any.whl/cp14/api.pyc")
    assert ".whl/jinja2/environment.pyc" in files["jinja2.environment"]
    assert "holidays" not in files  # business days come from the cp14 wheel's table


@pytest.mark.parametrize("index", range(len(_cases())))
def test_same_answer_as_cpython(pyodide_run: dict, index: int) -> None:
    name, payload = _cases()[index]
    got = pyodide_run["results"][index]["result"]
    assert got == api.call(name, payload)


def test_answers_are_real(pyodide_run: dict) -> None:
    results = [r["result"] for r in pyodide_run["results"]]
    by = dict(enumerate(results))
    assert by[0]["interest"] == api.call("interest", _cases()[0][1])["interest"]
    assert by[6]["missing"] and '<span class="placeholder placeholder--' in by[6]["html"]
    escaped = by[10]["html"]
    assert "<img" not in escaped and "&lt;img src=x" in escaped and "{{7*7}}" in escaped
    assert by[11]["errors"][0]["field"] == "ssn_last4"
    assert by[15]["pay_by"] == "2026-04-06" and by[15]["estimate"]["total_added"]
    assert by[16]["window"]["business_days"] is True
    assert {e["field"] for e in by[17]["errors"]} == {"notice_date", "amount"}
    assert by[20]["ics"].startswith("BEGIN:VCALENDAR") and by[20]["filename"].endswith(".ics")
    assert by[22]["errors"][0]["field"] == "function"
    assert by[13]["advice"] and "First Time Abate" not in by[13]["text"]
    assert by[14]["errors"][0]["field"] == "grounds"
    assert {e["field"] for e in by[23]["errors"]} == {"notice_date", "amount", "pay_by"}
    assert by[24]["overdue"]["days"] == 2 and by[24]["estimate"]["total_to_pay"] == "2482.71"
    assert "check your mail" in by[25]["ics"]
    plans = [r for r, (n, _) in zip(results, _cases(), strict=True) if n == "plan"]
    assert plans[0]["options"][2]["eligible"] and plans[0]["options"][2]["schedule"]
    assert plans[2]["options"][3]["eligible"] is True  # over $50,000
    assert plans[3]["options"][2]["minimum_monthly"]  # would not finish in time
    assert {e["field"] for e in plans[4]["errors"]} == {"balance", "months", "notice_date"}


def test_spanish_comes_from_the_catalogs_in_the_wheel(pyodide_run: dict) -> None:
    index = _cases().index(("nonsense", {"lang": "es"}))
    answer = pyodide_run["results"][index]["result"]
    assert answer["errors"][0]["message"] == "Función desconocida: 'nonsense'."


def test_letter_does_not_load_holidays(pyodide_run: dict) -> None:
    """The letter page never downloads or imports holidays (or icalendar)."""
    cases = _cases()
    first_deadline = next(i for i, (n, _) in enumerate(cases) if n == "deadlines")
    letter_calls = [i for i, (n, _) in enumerate(cases[:first_deadline]) if n == "letter"]
    modules = set(pyodide_run["results"][first_deadline]["modules_before"])
    assert len(letter_calls) >= 4  # both kinds, blank and filled in, come first
    assert "jinja2" in modules
    assert not {"holidays", "icalendar", "dateutil"} & modules


def test_error_paths_answer_with_errors(pyodide_run: dict) -> None:
    """The trimmed standard library holds what every error path imports."""
    cases = _cases()
    first = cases.index(
        ("letter", {"kind": "penalty-relief", "amount_due": "-1", "grounds": "first_time"})
    )
    spanish = cases.index(("nonsense", {"lang": "es"}))  # the Spanish calls come last
    for index in range(first, spanish):
        result = pyodide_run["results"][index]["result"]
        if cases[index][0] != "facts":  # facts takes no input
            assert result["errors"], cases[index]


def test_uses_the_trimmed_standard_library(pyodide_run: dict) -> None:
    """Python imports its standard library from the trimmed zip, as bytecode only."""
    assert pyodide_run["files"]["json"] == "/lib/python314.zip/json/__init__.pyc"
    assert pyodide_run["has_unittest"] is False  # in python_stdlib.zip, not in the trimmed one


def test_a_python_exception_reaches_javascript_with_its_traceback(pyodide_run: dict) -> None:
    """Pyodide formats a Python exception for JavaScript with traceback and linecache;
    the formatted traceback names the cp14 frame and the error."""
    message = pyodide_run["python_error"]
    assert "Traceback" in message and "cp14/businessdays.py" in message
    assert "ValueError: count must be at least 1" in message
    assert pyodide_run["traceback_in_python"] == "traceback ok"


def test_business_days_never_load_holidays(pyodide_run: dict) -> None:
    """Deadlines, estimates and business days use the table in the cp14 wheel: not
    even the calendar file (icalendar) mounts or imports `holidays`."""
    cases = _cases()
    first_calendar = next(i for i, (n, _) in enumerate(cases) if n == "calendar")
    for index in range(first_calendar):
        modules = set(pyodide_run["results"][index]["modules_before"])
        assert not {"holidays", "icalendar", "dateutil", "six"} & modules, cases[index]
    assert "holidays" not in pyodide_run["modules_after"]
    assert "icalendar" in pyodide_run["modules_after"]


def test_letter_page_starts_from_its_memory_image(memory_run: dict) -> None:
    """Restored, Python already has cp14 and Jinja2 imported before the first call."""
    assert memory_run["fromMemory"] is True
    assert memory_run["python"].startswith("3.14.")
    before_first = set(memory_run["results"][0]["modules_before"])
    assert {"cp14", "jinja2", "markupsafe"} <= before_first
    assert not {"holidays", "icalendar", "dateutil"} & before_first
    # Modules imported after the restore come from the wheels mounted then.
    assert ".whl/icalendar/" in memory_run["files"]["icalendar"]


@pytest.mark.parametrize("index", range(len(_cases())))
def test_same_answer_from_the_memory_image(memory_run: dict, index: int) -> None:
    name, payload = _cases()[index]
    assert memory_run["results"][index]["result"] == api.call(name, payload)


def test_damaged_memory_image_falls_back_to_a_fresh_start(broken_memory_run: dict) -> None:
    assert broken_memory_run["fromMemory"] is False
    first = set(broken_memory_run["results"][0]["modules_before"])
    assert "jinja2" not in first  # a fresh interpreter, not the image
    for index, (name, payload) in enumerate(_cases()):
        assert broken_memory_run["results"][index]["result"] == api.call(name, payload), name


def test_the_plan_image_has_its_tables_imported_and_gives_the_same_answers(
    plan_memory_run: dict, pyodide_run: dict
) -> None:
    assert plan_memory_run["fromMemory"] is True
    before_first = set(plan_memory_run["results"][0]["modules_before"])  # top-level names
    assert "cp14" in before_first
    assert not {"jinja2", "markupsafe"} & before_first  # the plan page starts without them
    # The plan's own imports are in the image already: more modules than a fresh start.
    assert before_first > set(pyodide_run["results"][0]["modules_before"])
    for index, (name, payload) in enumerate(_cases()):
        assert plan_memory_run["results"][index]["result"] == api.call(name, payload), name
