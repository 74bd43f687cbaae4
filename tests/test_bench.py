"""The benchmark's ideal column: xz -9e of each file a page fetched, each once."""

from __future__ import annotations

import importlib.util
import lzma
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("cp14_bench", ROOT / "bench" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_ideal_bytes_counts_each_file_once_and_pages_as_their_index(tmp_path):
    bench = _bench()
    (tmp_path / "about").mkdir()
    page = b"<p>" + b"plain words " * 500 + b"</p>"
    (tmp_path / "about" / "index.html").write_bytes(page)
    (tmp_path / "a.js").write_bytes(b"x" * 10_000)
    xz = lambda b: len(lzma.compress(b, preset=9 | lzma.PRESET_EXTREME))  # noqa: E731
    paths = ["/cp14/about/", "/cp14/a.js?v=1", "/cp14/a.js?v=1", "/elsewhere/a.js", "/cp14/gone"]
    assert bench.ideal_bytes(tmp_path, paths) == xz(page) + xz(b"x" * 10_000)
    assert bench.ideal_bytes(tmp_path, []) == 0
