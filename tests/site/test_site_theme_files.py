"""The theme's scripts and styles in the built site are the locked wheel's own files.

Material's JavaScript bundle runs on every page. It is not fetched on its own: it
comes inside the mkdocs-material wheel, which requirements-lock.txt pins by sha256
(pip refuses any other file). That wheel's RECORD lists the sha256 of each file in
it, so: the lock fixes the wheel, the wheel fixes RECORD, and RECORD fixes every
file installed from it. Here each theme asset in the site is checked against
RECORD, byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import metadata
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ASSETS = ("assets/javascripts", "assets/stylesheets")
BUNDLE = re.compile(r"assets/javascripts/(bundle\.[0-9a-f]+\.min\.js)\b")


def _record() -> dict[str, tuple[Path, str]]:
    """Theme asset path (relative to the theme folder) -> (installed file, RECORD sha256)."""
    dist = metadata.distribution("mkdocs-material")
    found = {}
    for f in dist.files or []:
        parts = Path(str(f)).parts
        if parts[:2] == ("material", "templates") and f.hash and f.hash.mode == "sha256":
            found["/".join(parts[2:])] = (Path(str(f.locate())), f.hash.value)
    return found


def _b64_sha256(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def test_theme_assets_match_the_locked_wheel(site_dir: Path) -> None:
    record = _record()
    served = [
        p
        for folder in ASSETS
        for p in (site_dir / folder).rglob("*")
        if p.is_file() and str(p.relative_to(site_dir)) in record
    ]
    bundles = [p for p in served if p.name.startswith("bundle.") and p.name.endswith(".min.js")]
    assert bundles, "the site has no Material bundle from the installed wheel"
    problems = []
    for path in served:
        installed, sha256 = record[str(path.relative_to(site_dir))]
        if _b64_sha256(installed.read_bytes()) != sha256:
            problems.append(f"{installed} differs from the wheel's RECORD")
        if path.read_bytes() != installed.read_bytes():
            problems.append(f"{path.relative_to(site_dir)} differs from the wheel's file")
    assert not problems, "\n".join(problems)


def test_every_page_loads_the_bundle_from_the_wheel(pages) -> None:
    """Each page names exactly one bundle, and it is the wheel's (tool pages name it in
    the deferred loader's data-bundle)."""
    names = {Path(k).name for k in _record() if k.startswith("assets/javascripts/bundle.")}
    problems = []
    for page in pages:
        found = set(BUNDLE.findall(page.file.read_text(encoding="utf-8")))
        if len(found) != 1 or not found <= names:
            problems.append(f"{page.name}: {sorted(found) or 'no bundle'}")
    assert not problems, f"wheel's bundle: {sorted(names)}\n" + "\n".join(problems)
