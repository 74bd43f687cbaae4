"""MkDocs hook: the in-browser tools' runtime, their no-JavaScript fallbacks, and the CSP.

- on_config: build (or reuse from build/pyodide/) the runtime folder, Pyodide plus
  the cp14 wheel and its dependencies (scripts/build_pyodide_dist.py), and tell the
  templates where it lives and which packages each tool page starts with.
- on_page_content: replace `<!-- cp14:... -->` markers in the tool pages with the
  tools' HTML (hooks/tool_pages.py): the letter form and blank letters rendered by
  cp14 itself, and the deadline form, so the pages work without JavaScript or
  WebAssembly (the deadline rules are written out in the page itself).
- on_post_page / on_post_template: give every script of the site's own (the theme's
  bundle, the tools' modules, the site's scripts) its `integrity` (sha256), so the
  browser runs only the build's bytes; fill in each page's Content-Security-Policy
  with the sha256 of every inline script on that page (Material has a few). On tool
  pages, the theme's script starts once the tool has started
  (javascripts/cp14-material.js), not while Python loads.
- on_post_build: give the tools' module imports the build's version token, and
  link the runtime folder into the site under assets/pyodide/.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_DIR = "assets/pyodide"
CSP_PLACEHOLDER = "__CP14_CSP__"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_BLOCK = re.compile(r"""\btype=["']?application/(?:ld\+)?json""", re.I)


def _load(name: str, path: Path) -> Any:  # noqa: ANN401
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_state: dict[str, Any] = {}


MODULES = "javascripts/cp14"  # the tools' browser modules (main.js is the entry)
_IMPORT = re.compile(
    r"""((?:(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*)|\bimport\(\s*)"""
    r"""(["'])(\.{1,2}/[^"'?]+\.js)\2"""
)


def _assets_token(docs_dir: Path) -> str:
    h = hashlib.sha256()
    scripts = docs_dir / "javascripts"
    for p in [*sorted(scripts.rglob("*.js")), docs_dir / "stylesheets" / "tool.css"]:
        if p.is_file():
            h.update(str(p.relative_to(docs_dir)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:10]


def _modules(docs_dir: Path) -> list[str]:
    """The tools' module files, relative to the site root, the entry first."""
    folder = docs_dir / MODULES
    names = sorted(str(p.relative_to(docs_dir)) for p in folder.rglob("*.js"))
    entry = f"{MODULES}/main.js"
    return [entry, *(n for n in names if n != entry)]


def versioned_imports(source: str, token: str) -> str:
    """Relative module imports with the build's token, like the page's own script tag,
    so a browser never mixes modules from two builds."""
    return _IMPORT.sub(lambda m: f"{m[1]}{m[2]}{m[3]}?v={token}{m[2]}", source)


def sri(data: bytes) -> str:
    """Subresource Integrity (sha256) of some bytes."""
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def script_integrity(docs_dir: Path, token: str) -> dict[str, str]:
    """The integrity of each of the site's own scripts, by path from the site root, as
    the site serves them: the tools' modules with their imports versioned (as
    on_post_build writes them), every other script as it is."""
    modules = set(_modules(docs_dir))
    out = {}
    for path in sorted((docs_dir / "javascripts").rglob("*.js")):
        name = path.relative_to(docs_dir).as_posix()
        text = path.read_bytes()
        if name in modules:
            text = versioned_imports(text.decode("utf-8"), token).encode("utf-8")
        out[name] = sri(text)
    return out


# Served compressed by the host (GitHub Pages gzips these types); the rest as they are.
_GZIPPED = {".wasm", ".mjs", ".js", ".json"}


def _file_facts(folder: Path, name: str) -> dict[str, Any]:
    """A runtime file's integrity, its size, and its size on the wire (gzipped by
    the host where it compresses that type), cached by the folder's hashed name."""
    cache = folder.parent / f"{folder.name}.facts.json"
    facts = json.loads(cache.read_text()) if cache.is_file() else {}
    if name not in facts:
        data = (folder / name).read_bytes()
        wire = len(gzip.compress(data, 6)) if Path(name).suffix in _GZIPPED else len(data)
        digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
        facts[name] = {"integrity": f"sha256-{digest}", "size": len(data), "wire": wire}
        cache.write_text(json.dumps(facts, sort_keys=True))
    return facts[name]


def start_files(dist: Any, builder: Any) -> dict[str, list[str]]:  # noqa: ANN401
    """The runtime files each tool page needs before Python runs (without the memory
    image, which it fetches only where it pays)."""
    stdlib = dist.stdlib or "python_stdlib.zip"
    out = {}
    for tool, pkgs in builder.START_PACKAGES.items():
        start = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", stdlib, "pyodide-lock.json"]
        out[tool] = start + [dist.wheels[p] for p in dist.closure(pkgs)]
    return out


def tool_settings(dist: Any, builder: Any) -> dict[str, dict[str, Any]]:  # noqa: ANN401
    """What each tool page's worker starts with (the page adds `indexURL`): the
    packages it mounts at once, what each call needs later, its memory image, and
    every runtime file's checksum and size, so that every byte is checked and the
    progress bar knows how much is coming. `download` is the compressed size of
    what the page needs to start (without the memory image, which it fetches only
    where it pays)."""
    files = {name: _file_facts(dist.path, name) for name in dist.files}
    checks = {k: {"integrity": v["integrity"], "size": v["size"]} for k, v in files.items()}
    out = {}
    for tool, pkgs in builder.START_PACKAGES.items():
        packages = dist.closure(pkgs)
        start = start_files(dist, builder)[tool]
        memory = dist.memory.get(tool)
        out[tool] = {
            "packages": packages,
            "needs": builder.NEEDS,
            "memory": memory,
            # The trimmed standard library to start Python with (loadPyodide's
            # stdLibURL); the memory images were taken with it.
            "stdlib": dist.stdlib,
            "files": checks,
            "download": sum(files[name]["wire"] for name in start),
        }
    return out


def on_config(config: Any) -> Any:  # noqa: ANN401
    builder = _load("build_pyodide_dist", ROOT / "scripts" / "build_pyodide_dist.py")
    dist = builder.build()
    _state["dist"] = dist
    settings = tool_settings(dist, builder)
    docs_dir = Path(config["docs_dir"])
    token = _assets_token(docs_dir)
    integrity = script_integrity(docs_dir, token)
    config["extra"]["cp14_runtime"] = {
        "path": f"{RUNTIME_DIR}/{dist.name}/",
        "name": dist.name,
        "assets": token,
        "modules": _modules(docs_dir),
        # sha256 of every script of the site's own, by path (the page's modules, the
        # worker script: see overrides/main.html).
        "integrity": integrity,
        "packages": {tool: s["packages"] for tool, s in settings.items()},
        "needs": builder.NEEDS,
        "memory": dist.memory,
        "settings": settings,
        # What each tool page needs to start, for the service worker (hooks/offline.py).
        "start": start_files(dist, builder),
    }
    return config


# ---------------------------------------------------------------- fallbacks


_MARKER = re.compile(r"<!--\s*cp14:([a-z-]+)(?:\s+([a-z-]+))?\s*-->")


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:  # noqa: ANN401
    if "<!-- cp14:" not in html:
        return html
    if "tool_pages" not in _state:
        _state["tool_pages"] = _load("tool_pages", ROOT / "hooks" / "tool_pages.py")
    render = _state["tool_pages"].render_marker
    up = "../" * page.url.count("/")  # from this page's folder back to the site root
    runtime = {**config["extra"]["cp14_runtime"], "base": up}
    return _MARKER.sub(lambda m: render(m[1], m[2], runtime), html)


# ---------------------------------------------------------------- CSP


def csp_for(html: str, tool: bool = False) -> str:
    """The page's policy. Workers started from a `blob:` URL run under it too (the
    Python worker and the theme's search worker, see overrides/main.html), so it is
    theirs as well: on a tool page, the Python worker may compile WebAssembly
    ('wasm-unsafe-eval') and import the checked copies of Pyodide's JavaScript it
    makes itself (blob:); nothing may connect anywhere but the site."""
    hashes = []
    for attrs, body in _INLINE_SCRIPT.findall(html):
        if _DATA_BLOCK.search(attrs):
            continue  # JSON data blocks are not run, so CSP does not apply
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        token = f"'sha256-{digest}'"
        if token not in hashes:
            hashes.append(token)
    extra = ["'wasm-unsafe-eval'", "blob:"] if tool else []
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *extra, *hashes]),
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


def _with_csp(html: str, tool: bool = False) -> str:
    if CSP_PLACEHOLDER not in html:
        return html
    return html.replace(CSP_PLACEHOLDER, csp_for(html, tool), 1)


# A script or module preload of the page: its tag, up to the URL, and the URL.
_SCRIPT_URL = re.compile(
    r'<(?:script\b[^>]*?\bsrc|link\b[^>]*?\brel="modulepreload"[^>]*?\bhref)="([^"]+)"', re.I
)
_BUNDLE_ATTR = re.compile(r'\bdata-bundle="([^"]+)"')


def _site_path(page_url: str, url: str, root: str = "/") -> str | None:
    """The path from the site root of a URL on the page at `page_url` (relative to
    the site root), or None for one that is not the site's. `root` is the site's
    path on its host ("/cp14/"), for the absolute paths of the 404 page."""
    bare = url.split("?", 1)[0].split("#", 1)[0]
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", bare, re.I):
        return None
    if bare.startswith("/"):
        if not bare.startswith(root):
            return None
        folder, bare = "", bare[len(root) :]
    else:
        folder = page_url if page_url.endswith("/") else page_url.rpartition("/")[0] + "/"
    parts: list[str] = [p for p in folder.split("/") if p]
    for part in bare.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def with_integrity(html: str, page_url: str, table: dict[str, str], root: str = "/") -> str:
    """`html` with `integrity` on every script (and module preload) whose file is in
    `table` (path from the site root -> sha256), and `data-integrity` beside the
    theme's bundle where cp14-material.js loads it. A tag that has one keeps it."""

    def tag(m: re.Match[str]) -> str:
        text = m[0]
        rest = html[m.end() : html.find(">", m.end())]
        path = _site_path(page_url, m[1], root)
        if path in table and "integrity=" not in rest:
            text += f' integrity="{table[path]}"'
        bundle = _BUNDLE_ATTR.search(rest)
        if bundle and "data-integrity=" not in rest:
            target = _site_path(page_url, bundle[1], root)
            if target in table:
                text += f' data-integrity="{table[target]}"'
        return text

    return _SCRIPT_URL.sub(tag, html)


_THEME_TABLE: dict[str, str] = {}


def theme_integrity(config: Any) -> dict[str, str]:  # noqa: ANN401
    """sha256 of the theme's scripts, by path from the site root (as the build copies
    them from the theme's folder)."""
    if not _THEME_TABLE:
        for folder in reversed(config["theme"].dirs):
            scripts = Path(folder) / "assets" / "javascripts"
            for path in scripts.rglob("*.js") if scripts.is_dir() else []:
                name = path.relative_to(folder).as_posix()
                _THEME_TABLE[name] = sri(path.read_bytes())
    return _THEME_TABLE


# Material's own script, as its base.html writes it.
_THEME_SCRIPT = re.compile(
    r'<script src="(?P<root>[^"]*?)(?P<bundle>assets/javascripts/bundle\.[0-9a-f]+\.min\.js)">'
    r"</script>"
)


def defer_theme(html: str) -> str:
    """A tool page's HTML with Material's script started by cp14-material.js
    (once the tool has started) in place of its own <script> tag."""
    out, found = _THEME_SCRIPT.subn(
        lambda m: (
            f'<script src="{m["root"]}javascripts/cp14-material.js"'
            f' data-bundle="{m["root"]}{m["bundle"]}"></script>'
        ),
        html,
    )
    if found != 1:
        raise ValueError(f"a tool page should have one Material script tag, found {found}")
    return out


def _integrity_table(config: Any) -> dict[str, str]:  # noqa: ANN401
    own = (config["extra"].get("cp14_runtime") or {}).get("integrity") or {}
    return {**theme_integrity(config), **own}


def _root(config: Any) -> str:  # noqa: ANN401
    """The site's path on its host, as the 404 page's absolute links start ("/cp14/")."""
    path = urlsplit(config.get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def on_post_page(output: str, page: Any, config: Any) -> str:  # noqa: ANN401
    tool = bool(page.meta.get("tool") and config["extra"].get("cp14_runtime"))
    if tool:
        output = defer_theme(output)
    output = with_integrity(output, page.url, _integrity_table(config), _root(config))
    return _with_csp(output, tool)


def on_post_template(output: str, template_name: str, config: Any) -> str:  # noqa: ANN401
    url = "" if "/" not in template_name else template_name.rsplit("/", 1)[0] + "/"
    output = with_integrity(output, url, _integrity_table(config), _root(config))
    return _with_csp(output)


# ---------------------------------------------------------------- runtime files


def on_post_build(config: Any) -> None:  # noqa: ANN401
    token = config["extra"]["cp14_runtime"]["assets"]
    for name in config["extra"]["cp14_runtime"]["modules"]:
        path = Path(config["site_dir"]) / name
        path.write_text(versioned_imports(path.read_text(), token))
    dist = _state["dist"]
    target_root = Path(config["site_dir"]) / RUNTIME_DIR
    target = target_root / dist.name
    if target_root.exists():
        for old in target_root.iterdir():
            if old.name != dist.name:
                shutil.rmtree(old)
    target.mkdir(parents=True, exist_ok=True)
    for name in dist.files:
        dst = target / name
        if dst.exists():
            dst.unlink()
        try:
            dst.hardlink_to(dist.path / name)
        except OSError:
            shutil.copy2(dist.path / name, dst)
