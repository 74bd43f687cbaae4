"""How the tool's worker (docs/javascripts/cp14-worker.js) tells a fast link, where
the memory image pays, from a slow one: run in Node on resource timing entries."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

WORKER = Path(__file__).resolve().parents[1] / "docs" / "javascripts" / "cp14-worker.js"
SCRIPT = """
const { fastFile, fastLink, linkSample } = await import(process.argv[1]);
const [which, cases] = JSON.parse(process.argv[2]);
const test = which === "file" ? fastFile : (c) => fastLink(linkSample(c));
console.log(JSON.stringify(cases.map(test)));
"""


def _fast(*cases: list[dict[str, float]], which: str = "link") -> list[bool]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed")
    run = subprocess.run(
        [node, "--input-type=module", "-e", SCRIPT, WORKER.as_uri(), json.dumps([which, cases])],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


def _entry(size: int, start: float, end: float) -> dict[str, float]:
    return {"transferSize": size, "startTime": start, "responseEnd": end}


def test_the_rate_counts_from_the_first_request_not_from_the_worker_start() -> None:
    # 1 MB in 50 ms (20 MB/s) that began 300 ms after the worker started: fast.
    late_but_fast = [_entry(600_000, 300, 330), _entry(400_000, 310, 350)]
    # 1 MB in 500 ms (2 MB/s): slow.
    slow = [_entry(1_000_000, 0, 500)]
    assert _fast(late_but_fast, slow) == [True, False]


def test_files_from_a_cache_and_no_finished_file_say_nothing_fast() -> None:
    cached = [_entry(0, 0, 1), _entry(0, 1, 2)]
    assert _fast(cached, []) == [False, False]


def _file(size: int, first_byte: float, end: float) -> dict[str, float]:
    return {"transferSize": size, "startTime": 0, "responseStart": first_byte, "responseEnd": end}


def test_one_big_file_that_came_in_fast_is_enough_to_tell() -> None:
    # 260 KB in 20 ms from its first byte (13 MB/s), after a long wait for it: fast.
    fast = [_file(9_000, 5, 40), _file(260_000, 180, 200)]
    # The same file over 500 ms (0.5 MB/s, the 4 Mbit/s link): slow.
    slow = [_file(260_000, 250, 770)]
    # A small file says nothing (its time is mostly the request's), nor a cached one.
    small = [_file(50_000, 10, 11)]
    cached = [_file(0, 10, 11)]
    assert _fast(fast, slow, small, cached, which="file") == [True, False, False, False]


def test_a_20_mbit_link_is_not_fast_and_a_50_mbit_one_is() -> None:
    # Pyodide's JavaScript (260 KB gzipped) at 2.5 MB/s (20 Mbit/s): 104 ms from its
    # first byte; at 6.25 MB/s (50 Mbit/s): 42 ms. The line is 5 MB/s (40 Mbit/s).
    twenty = [_file(260_000, 100, 204)]
    fifty = [_file(260_000, 100, 142)]
    assert _fast(twenty, fifty, which="file") == [False, True]
