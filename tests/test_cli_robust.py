"""The command line never prints a traceback.

Input it cannot read, output it cannot write or encode: one line naming the
problem and status 2. A reader that stops early (``| head``): status 0 and
nothing on standard error. Plus a Hypothesis fuzz over arbitrary JSON.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cp14 import letters
from cp14.cli import main
from strategies import json_values

CALENDAR = ["calendar", "--notice-date", "2026-11-02", "--amount", "100"]


def cp14(
    *argv: str, stdin: str | bytes = "", env: dict | None = None
) -> subprocess.CompletedProcess:
    data = stdin.encode("utf-8", "surrogatepass") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "cp14", *argv],
        input=data,
        capture_output=True,
        check=False,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def one_line_error(proc: subprocess.CompletedProcess, *words: str) -> str:
    err = proc.stderr.decode("utf-8", "backslashreplace")
    assert proc.returncode == 2, (proc.returncode, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for word in words:
        assert word in lines[0]
    return lines[0]


def test_json_nested_100000_deep():
    proc = cp14("letter", "dispute", "--input", "-", stdin="[" * 100_000 + "]" * 100_000)
    one_line_error(proc, "input", "nested too deeply")


def test_an_integer_over_4300_digits():
    proc = cp14("letter", "dispute", "--input", "-", stdin='{"amount_due": ' + "9" * 5000 + "}")
    one_line_error(proc, "input", "too many digits")


def test_a_lone_surrogate_in_a_field_is_dropped():
    data = letters.example("dispute")
    data["name"] = "Alex\ud800 Sample"
    data["wrong_explanation"] += " \ud800"
    proc = cp14("letter", "dispute", "--input", "-", stdin=json.dumps(data))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8").startswith("Alex Sample\n")


def test_a_lone_surrogate_with_an_escape_in_the_json_text():
    data = json.dumps(letters.example("dispute")).replace("Alex Q.", "Alex\\ud800 Q.")
    proc = cp14("letter", "dispute", "--input", "-", stdin=data)
    assert proc.returncode == 0, proc.stderr
    assert b"Alex Q. Sample" in proc.stdout


def test_an_output_encoding_that_cannot_show_the_letter():
    data = {**letters.example("dispute"), "name": "\u674e\u534e"}  # 李华
    proc = cp14(
        "letter",
        "dispute",
        "--input",
        "-",
        stdin=json.dumps(data),
        env={"PYTHONIOENCODING": "latin-1"},
    )
    one_line_error(proc, "output", "latin-1", "PYTHONIOENCODING=utf-8")
    assert proc.stdout == b""


def test_latin_1_is_fine_when_the_text_fits():
    proc = cp14("deadlines", "--notice-date", "2026-03-16", env={"PYTHONIOENCODING": "latin-1"})
    assert proc.returncode == 0 and b"Pay by" in proc.stdout


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("missing/folder/cp14.ics", "No such file or directory"),
        (".", "it is a folder"),
        pytest.param(
            "/dev/full",
            "No space left on device",
            marks=pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full"),
        ),
    ],
)
def test_calendar_output_it_cannot_write(tmp_path, target, words):
    path = target if target.startswith("/") else str(tmp_path / target)
    proc = cp14(*CALENDAR, "--output", path)
    one_line_error(proc, "output", words)


def test_calendar_output_to_a_file(tmp_path):
    path = tmp_path / "cp14.ics"
    proc = cp14(*CALENDAR, "--output", str(path))
    assert proc.returncode == 0 and path.read_text().startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    "argv",
    [
        ["letter", "dispute", "--example"],
        ["deadlines", "--notice-date", "2026-03-16", "--json"],
        ["calendar", "--notice-date", "2026-11-02"],
        ["--help"],
    ],
)
def test_a_reader_that_closes_the_pipe_early(argv):
    """Like `cp14 ... | head -0`: the pipe is closed before cp14 writes anything."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cp14", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0
    assert err == b""


def test_piped_into_head_through_a_shell():
    shell = f"{sys.executable} -m cp14 letter penalty-relief --example | head -n 1"
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], capture_output=True, check=False, timeout=120
    )
    assert proc.returncode == 0 and proc.stdout == b"{\n" and proc.stderr == b""


# ---------------------------------------------------------------- fuzz


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """main() in this process; argparse's own messages (usage, --help) are captured too."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err, today=date(2026, 3, 20))
    return code, out.getvalue(), err.getvalue()


def _check(code: int, out: str, err: str) -> None:
    assert code in (0, 2), code
    assert "Traceback" not in err and "Traceback" not in out
    if code == 2:
        assert "error: " in err, err  # ours: "error: field: ..."; argparse's: "cp14: error: ..."
    else:
        out.encode("utf-8")  # printable: no lone surrogate reaches the output


letter_json = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            name: json_values | st.text(max_size=60)
            for name in sorted({f["name"] for k in letters.KINDS for f in letters.fields(k)})
        },
    ),
    st.sampled_from(letters.KINDS).map(letters.example),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(letters.KINDS), letter_json, st.sampled_from(["text", "html"]))
def test_letter_never_prints_a_traceback_on_any_json(kind, value, fmt):
    text = json.dumps(value)
    _check(*run(["letter", kind, "--input", "-", "--format", fmt], stdin=text))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["deadlines", "calendar", "interest", "business-day"]),
    st.lists(st.text(max_size=20), max_size=4),
    st.text(max_size=20),
)
def test_every_command_never_prints_a_traceback_on_any_arguments(command, extra, value):
    options = {
        "deadlines": ["--notice-date", value, "--amount", value, "--payment-date", value],
        "calendar": ["--notice-date", value, "--pay-by", value],
        "interest": ["--amount", value, "--from", value, "--to", value],
        "business-day": [value],
    }[command]
    _check(*run([command, *options, *extra]))
