"""MkDocs hook: the service worker that keeps the site working offline.

on_post_build writes `sw.js` at the site's root (a service worker's scope is its
own folder and below, and GitHub Pages cannot send Service-Worker-Allowed) from
hooks/sw.js, with this build's runtime folder and the files in it filled in. The
file changes whenever the runtime folder does, so browsers install the new worker.
Pages need no new worker: the worker always asks the network for them first.

docs/javascripts/cp14-offline.js (in `extra_javascript`, on every page) registers it.
This hook runs after hooks/pyodide_dist.py, which puts the runtime folder in the site.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "sw.js"
PLACEHOLDER = "__CP14_OFFLINE__"
RUNTIME_DIR = "assets/pyodide"


def runtime_folder(config: Any, site_dir: Path) -> Path:  # noqa: ANN401
    """The runtime folder of this build, inside the built site."""
    runtime = config["extra"].get("cp14_runtime") or {}
    if runtime.get("path"):
        folder = site_dir / runtime["path"]
    else:
        found = [p for p in (site_dir / RUNTIME_DIR).glob("*") if p.is_dir()]
        if len(found) != 1:
            raise RuntimeError(f"Expected one runtime folder in {RUNTIME_DIR}/, found {found}")
        folder = found[0]
    if not folder.is_dir():
        raise RuntimeError(f"The runtime folder {folder} is missing: hooks/pyodide_dist.py first.")
    return folder


def sri(path: Path) -> str:
    """Subresource Integrity (sha256) of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return "sha256-" + base64.b64encode(digest.digest()).decode()


def service_worker(folder: Path, site_dir: Path) -> str:
    """The text of sw.js for this runtime folder."""
    files = {p.name: sri(p) for p in sorted(folder.iterdir()) if p.is_file()}
    offline = {
        "folder": folder.name,
        "runtime": folder.relative_to(site_dir).as_posix() + "/",
        "files": files,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    if text.count(PLACEHOLDER) != 1:
        raise RuntimeError(f"{TEMPLATE} must name {PLACEHOLDER} once")
    return text.replace(PLACEHOLDER, json.dumps(offline, indent=2))


def on_post_build(config: Any) -> None:  # noqa: ANN401
    site_dir = Path(config["site_dir"])
    folder = runtime_folder(config, site_dir)
    (site_dir / "sw.js").write_text(service_worker(folder, site_dir), encoding="utf-8")
