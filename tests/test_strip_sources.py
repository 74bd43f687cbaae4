"""The wheels the pages start with carry bytecode without the sources Python does not
read in the browser (scripts/build_pyodide_dist.py: strip_sources), and keep their
data files."""

from __future__ import annotations

import json
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
    # What only the command line reads stays out; the API's catalogs stay in.
    assert "cp14/api.pyc" in names and "cp14/cli.pyc" not in names
    assert "cp14/locale/es/LC_MESSAGES/letters.mo" in names
    assert not [n for n in names if n.endswith(("cli.mo", "glossary-es.toml"))], names


def test_metadata_keeps_its_headers_only() -> None:
    data = b"Metadata-Version: 2.4\nName: pkg\nVersion: 1.0\n\n# pkg\n\nA long README.\n"
    assert builder.metadata_headers(data) == b"Metadata-Version: 2.4\nName: pkg\nVersion: 1.0\n"
    assert builder.metadata_headers(b"Name: pkg\n") == b"Name: pkg\n"


def test_a_shortened_metadata_gets_a_record_line_that_matches(tmp_path: Path) -> None:
    wheel = tmp_path / "pkg-1.0-py3-none-any.whl"
    body = b"Name: pkg\nVersion: 1.0\n\nA README of many words.\n"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("pkg/__init__.pyc", b"bytecode")
        z.writestr("pkg-1.0.dist-info/METADATA", body)
        z.writestr("pkg-1.0.dist-info/RECORD", "pkg-1.0.dist-info/METADATA,sha256=x,47\n")
    builder.strip_sources(wheel)
    with zipfile.ZipFile(wheel) as z:
        meta = z.read("pkg-1.0.dist-info/METADATA")
        record = z.read("pkg-1.0.dist-info/RECORD").decode()
    assert meta == b"Name: pkg\nVersion: 1.0\n"
    assert record == builder._record_line("pkg-1.0.dist-info/METADATA", meta)
    assert record.endswith(f",{len(meta)}\n")


def test_bytecode_only_wheels_still_name_their_imports(tmp_path: Path) -> None:
    wheel = tmp_path / "pkg-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        for name in (
            "pkg/__init__.pyc",
            "pkg/sub/__init__.pyc",
            "solo.pyc",
            "pkg-1.0.dist-info/RECORD",
        ):
            z.writestr(name, b"")
    assert builder.top_level_imports(wheel) == ["pkg", "solo"]


@pytest.mark.site
def test_the_served_lock_names_each_start_wheels_imports(site_dir: Path) -> None:
    folder = next((site_dir / "assets" / "pyodide").iterdir())
    lock = json.loads((folder / "pyodide-lock.json").read_text())
    assert lock["packages"]["cp14"]["imports"] == ["cp14"]
    assert lock["packages"]["jinja2"]["imports"] == ["jinja2"]
    assert lock["packages"]["markupsafe"]["imports"] == ["markupsafe"]


@pytest.mark.site
def test_the_served_start_wheels_carry_no_readme(site_dir: Path) -> None:
    folder = next((site_dir / "assets" / "pyodide").iterdir())
    (wheel,) = folder.glob("cp14-*.whl")
    with zipfile.ZipFile(wheel) as z:
        meta = z.read("cp14-0.1.0.dist-info/METADATA")
    assert b"\nName: cp14\n" in meta
    assert b"\n\n" not in meta
