"""The site does not depend on MkDocs itself: ProperDocs (the maintained fork of
MkDocs, pinned in requirements-dev.txt) builds it from the same mkdocs.yml (and the
Spanish site from mkdocs.es.yml), and the two sites are the same, file for file,
apart from the generator tag each writes into its pages (and so the checksums of
those pages in the service worker's list).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
OFFLINE = re.compile(rb"^const OFFLINE = (\{.*\});$", re.M)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _sha(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def _page(files: dict[str, bytes], key: str) -> bytes | None:
    """The file the service worker's manifest means by `key` ("about/" is a page)."""
    return files.get(key + "index.html" if key.endswith("/") or key == "" else key)


def _normal(name: str, data: bytes, files: dict[str, bytes]) -> bytes:
    """The file without what names its generator. The service worker's manifest is
    checked against the site it is in, then compared by its names alone."""
    if name.endswith(".html"):
        return GENERATOR.sub(b'<meta name="generator">', data)
    if name == "sw.js":
        found = OFFLINE.search(data)
        assert found, "sw.js has no OFFLINE manifest"
        manifest = json.loads(found[1])
        wrong = [k for k, v in manifest["files"].items() if _page(files, k) is not None
                 and _sha(_page(files, k)) != v]  # fmt: skip
        assert not wrong, f"sw.js lists checksums that are not its site's: {wrong[:5]}"
        manifest["files"] = sorted(manifest["files"])
        return data[: found.start(1)] + json.dumps(manifest).encode() + data[found.end(1) :]
    return data


@pytest.mark.site
def test_properdocs_builds_the_same_site(site_dir: Path, tmp_path: Path):
    out = tmp_path / "site"
    # English, then the Spanish site into its es/ folder, as `make site` does.
    build = [sys.executable, "-m", "properdocs", "build", "--strict", "--quiet"]
    for config, dest in (("mkdocs.yml", out), ("mkdocs.es.yml", out / "es")):
        run = subprocess.run(
            [*build, "-f", config, "-d", str(dest)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr[-3000:]
    ours, theirs = _files(site_dir), _files(out)
    assert sorted(ours) == sorted(theirs)
    tags = {m[0] for n, d in theirs.items() if n.endswith(".html") and (m := GENERATOR.search(d))}
    assert tags and all(b"ProperDocs" in t for t in tags), tags
    differ = [
        name
        for name in sorted(ours)
        if _normal(name, ours[name], ours) != _normal(name, theirs[name], theirs)
    ]
    assert differ == []
