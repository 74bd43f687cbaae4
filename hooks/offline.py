"""MkDocs hook: the service worker that keeps the site working offline.

on_post_build writes `sw.js` at the site's root (a service worker's scope is its
own folder and below, and GitHub Pages cannot send Service-Worker-Allowed) from
hooks/sw.js, with this build's manifest filled in: every file of the site with its
sha256 (the worker serves nothing else from its caches, and checks each copy
against it), the runtime folder, and the files each tool page needs to start (so a
partial offline copy is known as partial). The manifest covers the pages, so sw.js
changes with every build, and browsers install the new worker; installing it
downloads nothing.

docs/javascripts/cp14-offline.js (in `extra_javascript`, on every page) registers it.
This hook runs after hooks/pyodide_dist.py, which puts the runtime folder in the site
and writes the tools' modules as they are served.
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
# Never served from the worker's caches: the worker itself, and what only a
# browser's developer tools ask for.
SKIP_SUFFIXES = (".map",)

_tools: dict[str, str] = {}  # page URL ("tools/letter/") -> tool name


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


def url_path(rel: str) -> str:
    """The path a file is asked for by, from the site's root: a folder's index.html
    by the folder ("pay/", and "" for the home page)."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def manifest(site_dir: Path) -> dict[str, str]:
    """Every file of the built site (but sw.js), by the path it is asked for, with its
    sha256."""
    files = {}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if rel == "sw.js" or rel.endswith(SKIP_SUFFIXES):
            continue
        files[url_path(rel)] = sri(path)
    return files


def service_worker(
    folder: Path,
    site_dir: Path,
    tools: dict[str, list[str]] | None = None,
) -> str:
    """The text of sw.js for this build. `tools` names, for each tool page, the
    runtime files it needs to start (paths from the site's root)."""
    offline = {
        "folder": folder.name,
        "runtime": folder.relative_to(site_dir).as_posix() + "/",
        "files": manifest(site_dir),
        "tools": tools or {},
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    if text.count(PLACEHOLDER) != 1:
        raise RuntimeError(f"{TEMPLATE} must name {PLACEHOLDER} once")
    return text.replace(PLACEHOLDER, json.dumps(offline, separators=(",", ":")))


def start_files(config: Any, folder: Path, site_dir: Path) -> dict[str, list[str]]:  # noqa: ANN401
    """For each tool page, the runtime files its worker needs before Python starts."""
    runtime = config["extra"].get("cp14_runtime") or {}
    base = folder.relative_to(site_dir).as_posix() + "/"
    out = {}
    for url, tool in sorted(_tools.items()):
        names = (runtime.get("start") or {}).get(tool) or []
        out[url] = [base + name for name in names]
    return out


def on_post_page(output: str, page: Any, config: Any) -> str:  # noqa: ANN401
    tool = page.meta.get("tool")
    if tool:
        _tools[page.url] = str(tool)
    return output


def on_post_build(config: Any) -> None:  # noqa: ANN401
    site_dir = Path(config["site_dir"])
    folder = runtime_folder(config, site_dir)
    tools = start_files(config, folder, site_dir)
    (site_dir / "sw.js").write_text(service_worker(folder, site_dir, tools), encoding="utf-8")
