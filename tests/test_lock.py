"""requirements-lock.txt: every Python package the build and the tests install, each
pinned to one version with the sha256 of its files, and a set-up that refuses
anything else.

The lock is made by `make lock` (uv pip compile, from requirements-dev.txt and
pyproject.toml) and installed by scripts/install-locked with --require-hashes.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements-lock.txt"
DEV = ROOT / "requirements-dev.txt"
PYPI_PINS = ROOT / "scripts" / "pypi-sha256.txt"
ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)(?P<rest>.*)$")
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")


def lock_entries(text: str) -> list[tuple[str, str, list[str], str]]:
    """(canonical name, version, sha256 list, raw entry text) for each entry of a lock."""
    entries: list[tuple[str, str, list[str], str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if current and not line.startswith(" "):
            raw = "\n".join(current)
            first = ENTRY.match(current[0])
            assert first, f"not a pinned name==version line: {current[0]!r}"
            entries.append(
                (canonicalize_name(first["name"]), first["version"], HASH.findall(raw), raw)
            )
            current = []
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith(" "):
            if current and not line.strip().startswith("#"):
                current.append(line)
        else:
            current = [line]
    return entries


@pytest.fixture(scope="module")
def lock() -> dict[str, tuple[str, list[str]]]:
    entries = lock_entries(LOCK.read_text(encoding="utf-8"))
    names = [name for name, *_ in entries]
    assert len(names) == len(set(names)), "a package appears twice in the lock"
    return {name: (version, hashes) for name, version, hashes, _ in entries}


def test_every_entry_is_one_version_with_its_hashes(lock) -> None:
    assert len(lock) > 50, "the lock looks truncated"
    text = LOCK.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(-e|--editable|git\+|https?:)", text, re.M), "only index pins"
    missing = [name for name, (_, hashes) in lock.items() if not hashes]
    assert not missing, f"entries without a sha256: {missing}"


def test_every_pin_in_requirements_dev_is_locked_at_that_version(lock) -> None:
    problems = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        pinned = [s.version for s in req.specifier if s.operator == "=="]
        assert pinned, f"requirements-dev.txt: {line!r} is not pinned with =="
        name = canonicalize_name(req.name)
        if lock.get(name, ("",))[0] != pinned[0]:
            problems.append(f"{name}=={pinned[0]} (lock: {lock.get(name, ('missing',))[0]})")
    assert not problems, "run `make lock`; requirements-dev.txt and the lock differ:\n" + (
        "\n".join(problems)
    )


def test_the_installer_and_the_browser_wheel_builder_are_locked(lock) -> None:
    """pip installs everything; setuptools builds MarkupSafe's wheel for the browser;
    uv makes the lock. None of them may come unpinned."""
    for name in ("pip", "setuptools", "uv", "hatchling", "build"):
        assert name in lock, f"{name} is not in the lock"


def test_browser_downloads_are_files_of_the_lock(lock) -> None:
    """Each file the site build downloads from PyPI for the browser (scripts/pypi-sha256.txt)
    is a file of the version the lock pins, with the same sha256."""
    problems = []
    for line in PYPI_PINS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        spec, file_name, sha256 = line.split()
        name, version = spec.split("==")
        locked_version, hashes = lock.get(canonicalize_name(name), ("missing", []))
        if locked_version != version or sha256 not in hashes:
            problems.append(f"{spec} {file_name} (lock: {locked_version})")
    assert not problems, "pypi-sha256.txt disagrees with the lock:\n" + "\n".join(problems)


def _tampered(entry_name: str, tmp_path: Path) -> tuple[Path, list[str]]:
    """A copy of the lock in which every sha256 of one entry is replaced by a wrong one."""
    text = LOCK.read_text(encoding="utf-8")
    raw = next(r for name, _, _, r in lock_entries(text) if name == entry_name)
    flipped = []

    def flip(m: re.Match[str]) -> str:
        wrong = hashlib.sha256(b"tampered " + m[1].encode()).hexdigest()
        flipped.append(wrong)
        return f"--hash=sha256:{wrong}"

    copy = tmp_path / "requirements-lock.txt"
    copy.write_text(text.replace(raw, HASH.sub(flip, raw)), encoding="utf-8")
    return copy, flipped


def _set_up(venv: Path, lock: Path) -> subprocess.CompletedProcess[str]:
    """The Makefile's own set-up step, into `venv`, from `lock`."""
    env = {**os.environ, "PYTHON": sys.executable}
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", f"LOCK={lock}", f"{venv}/.stamp"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("package", ["pip", "attrs"])
def test_a_tampered_hash_in_the_lock_stops_the_set_up(package: str, tmp_path: Path) -> None:
    """With one entry's sha256 changed, `make setup` fails on that package and installs
    nothing from the lock: pip itself (the first step), or the first package of the rest."""
    lock, flipped = _tampered(package, tmp_path)
    venv = tmp_path / "venv"
    proc = _set_up(venv, lock)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"the set-up went on with a tampered hash:\n{out[-3000:]}"
    assert "DO NOT MATCH THE HASHES" in out, out[-3000:]
    assert any(h in out for h in flipped), f"pip did not name the tampered hash:\n{out[-3000:]}"
    assert not (venv / ".stamp").exists()
    site = next(venv.glob("lib/python3.*/site-packages"))
    assert not list(site.glob("attrs-*.dist-info")), "a package was installed anyway"
    if package == "pip":
        locked = dict((n, v) for n, v, _, _ in lock_entries(LOCK.read_text()))["pip"]
        assert not list(site.glob(f"pip-{locked}.dist-info")), "the tampered pip was installed"
