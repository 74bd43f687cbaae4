"""The wheels the pages start with carry bytecode without the sources Python does not
read in the browser (scripts/build_pyodide_dist.py: strip_sources), and keep their
data files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from modkit import build_script

builder = build_script()


def test_only_sources_beside_their_bytecode_go() -> None:
    names = {
        "pkg/__init__.py",
        "pkg/__init__.pyc",
        "pkg/only_source.py",
        "pkg/_speedups.c",
        "pkg/_speedups.pyi",
        "pkg/templates/letter.txt.j2",
        "pkg/data/facts.toml",
        "pkg-1.0.dist-info/RECORD",
    }
    assert builder.dropped(names) == {"pkg/__init__.py", "pkg/_speedups.c", "pkg/_speedups.pyi"}


def test_the_wheel_is_rewritten_the_same_way_each_time(tmp_path: Path) -> None:
    def make(path: Path) -> Path:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in [
                ("pkg/__init__.py", "x = 1\n"),
                ("pkg/__init__.pyc", "bytecode"),
                ("pkg/data.toml", "a = 1\n"),
                (
                    "pkg-1.0.dist-info/RECORD",
                    "pkg/__init__.py,sha256=a,6\npkg/data.toml,sha256=b,6\n",
                ),
            ]:
                z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), text)
        builder.strip_sources(path)
        return path

    one, two = make(tmp_path / "a.whl"), make(tmp_path / "b.whl")
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as z:
        assert sorted(z.namelist()) == [
            "pkg-1.0.dist-info/RECORD",
            "pkg/__init__.pyc",
            "pkg/data.toml",
        ]
        assert z.read("pkg-1.0.dist-info/RECORD") == b"pkg/data.toml,sha256=b,6\n"


@pytest.mark.site
def test_the_served_start_wheels_have_bytecode_and_data_but_no_sources(site_dir: Path) -> None:
    folder = next((site_dir / "assets" / "pyodide").iterdir())
    for pattern in ("cp14-*.whl", "jinja2-*.whl", "markupsafe-*.whl"):
        (wheel,) = folder.glob(pattern)
        with zipfile.ZipFile(wheel) as z:
            names = set(z.namelist())
        assert not builder.dropped(names), wheel.name
        assert any(n.endswith(".pyc") for n in names), wheel.name
    with zipfile.ZipFile(next(folder.glob("cp14-*.whl"))) as z:
        names = set(z.namelist())
    assert "cp14/data/facts.toml" in names
    assert any(n.endswith(".j2") for n in names)
