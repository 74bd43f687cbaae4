"""The Makefile's set-up on Debian and on Ubuntu: where the browser comes from."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _make_chromium(os_release: Path, chromium: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "chromium", f"OS_RELEASE={os_release}"],
        cwd=ROOT,
        env={**os.environ, "CP14_CHROMIUM": chromium},
        capture_output=True,
        text=True,
        check=False,
    )


def test_on_ubuntu_a_missing_chromium_stops_with_what_to_do(tmp_path: Path) -> None:
    """Ubuntu's apt chromium is only the snap's installer, so the set-up does not
    install it: it stops, names CP14_CHROMIUM and points at the README."""
    release = tmp_path / "os-release"
    release.write_text('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n')
    proc = _make_chromium(release, str(tmp_path / "no-chromium"))
    assert proc.returncode != 0
    assert "CP14_CHROMIUM" in proc.stderr and "README" in proc.stderr, proc.stderr
    assert "apt-get" not in proc.stdout + proc.stderr


def test_a_chromium_that_is_there_is_used_as_it_is(tmp_path: Path) -> None:
    """With CP14_CHROMIUM pointing at a program, nothing is installed, on either system."""
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'Chromium 1.2.3'\n")
    fake.chmod(0o755)
    for release_text in ("ID=ubuntu\n", "ID=debian\n"):
        release = tmp_path / "os-release"
        release.write_text(release_text)
        proc = _make_chromium(release, str(fake))
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == "chromium: Chromium 1.2.3"
