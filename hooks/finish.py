"""The site's own build step: what makes the generated guide a working site.

    python hooks/finish.py SITE_DIR [--root /cp14/]

It runs on the folder a site generator wrote (MkDocs, ProperDocs or Zensical, all
from the same mkdocs.yml), reads nothing of the generator but its output, and
changes that folder in place:

1. The Python runtime: build it, or reuse it from build/pyodide/
   (scripts/build_pyodide_dist.py: Pyodide, the cp14 wheel and its dependencies),
   and link it into the site under assets/pyodide/<name>/.
2. The tools' modules (javascripts/cp14/) import each other with the build's
   version token, as the pages load them, so a browser never mixes two builds.
3. Each page. A tool page is one the theme marked with `<!-- cp14:early NAME -->`
   (overrides/main.html, from the front matter `tool: NAME`):
   - its tool's HTML in place of `<!-- cp14:letter-tool -->` (and the others:
     hooks/tool_pages.py), so it works without JavaScript;
   - the script that starts Python from the head, the tool's stylesheet, import
     map and modules in place of the theme's markers (hooks/templates/head/);
   - the theme's script started by javascripts/cp14-material.js once the tool
     has started, not while Python loads.
   Every page: `integrity` (sha256) on every script of the site's own, the theme's
   too, so the browser runs only the build's bytes; then the Content-Security-Policy
   in place of `__CP14_CSP__`, with the sha256 of each inline script on that page.
4. sw.js at the site's root (hooks/sw.js with this build's manifest: every file of
   the site with its sha256, and the runtime files each tool page needs to start),
   last, once every other file is as it will be served.

mkdocs.yml names this file as a hook: MkDocs and ProperDocs call `on_post_build`.
For a generator that runs no hooks (Zensical), run it after the build:
`make site-zensical`. A folder it has already finished is refused (step 2 and the
theme's script would be changed twice); one finished but for a language built into
it since (site/es/, from mkdocs.es.yml) gets only its new pages finished, with the
same runtime, and a new sw.js for every page of both languages.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUNTIME_DIR = "assets/pyodide"
MODULES = "javascripts/cp14"  # the tools' browser modules (main.js is the entry)
CSP_PLACEHOLDER = "__CP14_CSP__"
SW_TEMPLATE = HERE / "sw.js"
SW_PLACEHOLDER = "__CP14_OFFLINE__"
# Never served from the service worker's caches: what only developer tools ask for.
SKIP_SUFFIXES = (".map",)

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_BLOCK = re.compile(r"""\btype=["']?application/(?:ld\+)?json""", re.I)
_IMPORT = re.compile(
    r"""((?:(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*)|\bimport\(\s*)"""
    r"""(["'])(\.{1,2}/[^"'?]+\.js)\2"""
)
# The theme's markers (overrides/main.html) and the tool pages' (docs/tools/*.md).
_EARLY = re.compile(r"<!-- cp14:early ([a-z]+) -->")
_HEAD = re.compile(r"<!-- cp14:head ([a-z]+) -->")
_MARKER = re.compile(r"<!--\s*cp14:([a-z]+-tool)\s*-->")
# The page's language, as the theme writes it on <html> (a Spanish page: lang="es").
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang=[\"']?([A-Za-z]{2})", re.I)
# A script or module preload of the page: its tag, up to the URL, and the URL.
_SCRIPT_URL = re.compile(
    r'<(?:script\b[^>]*?\bsrc|link\b[^>]*?\brel="modulepreload"[^>]*?\bhref)="([^"]+)"', re.I
)
_BUNDLE_ATTR = re.compile(r'\bdata-bundle="([^"]+)"')
# The theme's own script, as Material's and Zensical's base.html write it.
_THEME_SCRIPT = re.compile(
    r'<script src="(?P<root>[^"]*?)(?P<bundle>assets/javascripts/bundle\.[0-9a-f]+\.min\.js)">'
    r"</script>"
)
# Served compressed by the host (GitHub Pages gzips these types); the rest as they are.
_GZIPPED = {".wasm", ".mjs", ".js", ".json"}


# A tool's HTML for its marker ("letter-tool") and the page's runtime (hooks/tool_pages.py).
Render = Callable[[str, dict[str, Any]], str]


class FinishError(RuntimeError):
    """The site folder is not one this step can finish (said in one line)."""


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- small pure parts


def sri(data: bytes) -> str:
    """Subresource Integrity (sha256) of some bytes."""
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def file_sri(path: Path) -> str:
    """Subresource Integrity (sha256) of a file, read a block at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return "sha256-" + base64.b64encode(digest.digest()).decode()


def versioned_imports(source: str, token: str) -> str:
    """Relative module imports with the build's token, like the page's own script tag,
    so a browser never mixes modules from two builds."""
    return _IMPORT.sub(lambda m: f"{m[1]}{m[2]}{m[3]}?v={token}{m[2]}", source)


# The version token versioned_imports adds (read back to hash a module as it was).
_VERSION_TAG = re.compile(rb"\?v=[0-9a-f]{10}(?=[\"'])")


def assets_token(site_dir: Path) -> str:
    """The version token of the site's own scripts and the tools' stylesheet: a hash
    of them as the generator copied them from docs/ (a module already given the
    token counts without it, so a second language's build gets the same token)."""
    h = hashlib.sha256()
    scripts = site_dir / "javascripts"
    for p in [*sorted(scripts.rglob("*.js")), site_dir / "stylesheets" / "tool.css"]:
        if p.is_file():
            data = _VERSION_TAG.sub(b"", p.read_bytes())
            h.update(str(p.relative_to(site_dir)).encode() + b"\0" + data)
    return h.hexdigest()[:10]


def modules(site_dir: Path) -> list[str]:
    """The tools' module files, relative to the site root, the entry first."""
    folder = site_dir / MODULES
    names = sorted(p.relative_to(site_dir).as_posix() for p in folder.rglob("*.js"))
    entry = f"{MODULES}/main.js"
    if entry not in names:
        raise FinishError(f"{site_dir / entry} is missing: is this a built site?")
    return [entry, *(n for n in names if n != entry)]


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
        token = f"'{sri(body.encode())}'"
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


def with_csp(html: str, tool: bool = False) -> str:
    if CSP_PLACEHOLDER not in html:
        return html
    return html.replace(CSP_PLACEHOLDER, csp_for(html, tool), 1)


def site_path(page_url: str, url: str, root: str = "/") -> str | None:
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
        path = site_path(page_url, m[1], root)
        if path in table and "integrity=" not in rest:
            text += f' integrity="{table[path]}"'
        bundle = _BUNDLE_ATTR.search(rest)
        if bundle and "data-integrity=" not in rest:
            target = site_path(page_url, bundle[1], root)
            if target in table:
                text += f' data-integrity="{table[target]}"'
        return text

    return _SCRIPT_URL.sub(tag, html)


def defer_theme(html: str, up: str | None = None) -> str:
    """A tool page's HTML with the theme's script started by cp14-material.js
    (once the tool has started) in place of its own <script> tag. `up` leads to
    the site's root, where the site's own scripts are (a language's pages, such as
    es/, have the theme's files in their own folder but share the site's scripts);
    by default, the theme's root."""

    def loader(m: re.Match[str]) -> str:
        root = m["root"] if up is None else up
        return (
            f'<script src="{root}javascripts/cp14-material.js"'
            f' data-bundle="{m["root"]}{m["bundle"]}"></script>'
        )

    out, found = _THEME_SCRIPT.subn(loader, html)
    if found != 1:
        raise ValueError(f"a tool page should have one theme script tag, found {found}")
    return out


def page_url(rel: str) -> str:
    """The address of a built page from the site's root ("tools/letter/" for
    tools/letter/index.html), as the service worker's manifest and the
    generators name it; "" for the home page."""
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
        files[page_url(rel)] = file_sri(path)
    return files


def service_worker(
    folder: Path, site_dir: Path, tools: dict[str, list[list[str]]] | None = None
) -> str:
    """The text of sw.js for this build. `tools` names, for each tool page, the
    runtime files it needs to start, for each way it may start (start_ways; paths
    from the site's root)."""
    offline = {
        "folder": folder.name,
        "runtime": folder.relative_to(site_dir).as_posix() + "/",
        "files": manifest(site_dir),
        "tools": tools or {},
    }
    text = SW_TEMPLATE.read_text(encoding="utf-8")
    if text.count(SW_PLACEHOLDER) != 1:
        raise FinishError(f"{SW_TEMPLATE} must name {SW_PLACEHOLDER} once")
    return text.replace(SW_PLACEHOLDER, json.dumps(offline, separators=(",", ":")))


# ---------------------------------------------------------------- the runtime


def _file_facts(folder: Path, name: str) -> dict[str, Any]:
    """A runtime file's integrity, its size, and its size on the wire (gzipped by
    the host where it compresses that type), cached by the folder's hashed name."""
    cache = folder.parent / f"{folder.name}.facts.json"
    facts = json.loads(cache.read_text()) if cache.is_file() else {}
    if name not in facts:
        data = (folder / name).read_bytes()
        wire = len(gzip.compress(data, 6)) if Path(name).suffix in _GZIPPED else len(data)
        facts[name] = {"integrity": sri(data), "size": len(data), "wire": wire}
        cache.write_text(json.dumps(facts, sort_keys=True))
    return facts[name]


def start_ways(dist: Any, builder: Any) -> dict[str, list[list[str]]]:  # noqa: ANN401
    """The runtime files each tool page needs before Python runs (without the memory
    image, which it fetches only where it pays), for each way its worker may fetch
    them: first the zstd copies with their decoder (a slow link), then the
    WebAssembly itself and gzip copies of the rest (a fast link, where decoding
    costs more than bytes), then the files themselves (a browser that cannot
    decode). A tool can start when every file of one way is at hand."""
    stdlib = dist.stdlib or "python_stdlib.zip"
    # What the worker fetches in place of a file that travels compressed with zstd.
    transport = (dist.transport or {}) if dist.decoder else {}
    out = {}
    for tool, pkgs in builder.START_PACKAGES.items():
        plain = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", stdlib, "pyodide-lock.json"]
        plain += [dist.wheels[p] for p in dist.closure(pkgs)]
        sent = [transport.get(name, name) for name in plain]
        gzipped = getattr(dist, "gzipped", None) or {}
        fast = [gzipped.get(name, name) for name in plain]
        ways = [[*sent, dist.decoder], fast, plain] if sent != plain else [plain]
        out[tool] = [w for i, w in enumerate(ways) if w not in ways[:i]]
    return out


def start_files(dist: Any, builder: Any) -> dict[str, list[str]]:  # noqa: ANN401
    """The runtime files each tool page needs before Python runs on a slow link, where
    every byte counts (start_ways' first way)."""
    return {tool: ways[0] for tool, ways in start_ways(dist, builder).items()}


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
        start = start_files(dist, builder)[tool]
        out[tool] = {
            "packages": dist.closure(pkgs),
            "needs": builder.NEEDS,
            "memory": dist.memory.get(tool),
            # The trimmed standard library to start Python with (loadPyodide's
            # stdLibURL); the memory images were taken with it.
            "stdlib": dist.stdlib,
            # Files the worker fetches compressed with zstd (file -> its copy), and
            # the decoder it runs for them; it falls back to the file itself.
            "transport": dist.transport or {},
            "decoder": dist.decoder,
            # What a fast link fetches in their place: the WebAssembly itself (the
            # host gzips it) and these gzip copies (file -> its copy).
            "gzipped": getattr(dist, "gzipped", None) or {},
            "files": checks,
            "download": sum(files[name]["wire"] for name in start),
        }
    return out


def link_runtime(dist: Any, site_dir: Path) -> Path:  # noqa: ANN401
    """The runtime folder linked (or copied) into the site; older ones removed."""
    target_root = site_dir / RUNTIME_DIR
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
    return target


def _rewrite(path: Path, text: str) -> None:
    """Write a file of the site anew (a new file, never through a link a generator
    may have made to the source)."""
    path.unlink()
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- the pages

_ENV: list[jinja2.Environment] = []
_WORDS: list[ModuleType] = []


def _words() -> ModuleType:
    """hooks/web_i18n.py (the site's own words in the page's language), loaded once."""
    if not _WORDS:
        _WORDS.append(_load("cp14_hooks_web_i18n", HERE / "web_i18n.py"))
    return _WORDS[0]


def page_lang(html: str, url: str) -> str:
    """The language of a page: its <html lang>, else "es" for a page under es/."""
    found = _HTML_LANG.search(html)
    lang = found[1].lower() if found else ("es" if url.startswith("es/") else "en")
    return lang if lang in ("en", "es") else "en"


def _js_string(text: str) -> Markup:
    """Text as a JavaScript string literal inside an inline script."""
    literal = json.dumps(str(text), ensure_ascii=False).replace("</", "<\\/")
    return Markup(literal)


def _head(template: str, lang: str = "en", **data: Any) -> str:  # noqa: ANN401
    if not _ENV:
        words = _words()
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates" / "head"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            extensions=["jinja2.ext.i18n"],
        )
        env.policies["ext.i18n.trimmed"] = True
        env.install_gettext_callables(words._, words.ngettext, newstyle=False)  # type: ignore[attr-defined]
        env.filters["js_string"] = _js_string
        _ENV.append(env)
    from cp14.i18n import language

    with language(lang):
        return _ENV[0].get_template(template).render(**data).strip()


def finish_page(
    html: str, url: str, runtime: dict[str, Any], table: dict[str, str], root: str, render: Render
) -> str:
    """One page as it is served. `runtime` is the build's runtime (path, token,
    modules, integrity, settings); `table` the sha256 of every script of the
    site's; `render(marker, runtime)` a tool's HTML (hooks/tool_pages.py)."""
    early = _EARLY.search(html)
    tool = early[1] if early else None
    if tool:
        if tool not in runtime["settings"]:
            raise FinishError(f"{url or 'the home page'}: no tool named {tool!r}")
        up = "../" * url.count("/")  # from this page's folder back to the site root
        lang = page_lang(html, url)
        # The tool's words in the page's language (hooks/tool_pages.py renders in it);
        # its links to guide pages lead to that language's pages (es/ for Spanish),
        # its runtime and scripts are the site's one copy.
        pages = up + "es/" if lang == "es" and url.startswith("es/") else up
        rt = {**runtime, "base": up, "lang": lang, "pages": pages}
        html = _MARKER.sub(lambda m: render(m[1], rt), html)
        data = {"rt": rt, "tool": tool, "up": up, "dist": up + runtime["path"]}
        html = html.replace(early[0], _head("early.html", lang, **data), 1)
        html = _HEAD.sub(lambda _m: _head("tool.html", lang, **data), html, count=1)
        html = defer_theme(html, up)
    elif _MARKER.search(html):
        raise FinishError(f"{url}: a tool marker on a page without `tool:` in its front matter")
    else:
        html = with_page_words(html, url)
    html = _HEAD.sub("", html)
    html = with_integrity(html, url, table, root)
    return with_csp(html, bool(tool))


# The script every page runs (javascripts/cp14-offline.js: the saved-copy notice).
PAGE_SCRIPT = "cp14-offline.js"
_BODY = re.compile(r"<body\b[^>]*>", re.I)


def with_page_words(html: str, url: str) -> str:
    """A page in another language than English with the translations of the words
    the script of every page writes (a tool page has them all, with its tool)."""
    lang = page_lang(html, url)
    if lang == "en":
        return html
    words = _words()
    block = words.messages_block(lang, PAGE_SCRIPT)
    body = _BODY.search(html)
    if not block or not body:
        return html
    return html[: body.end()] + block + html[body.end() :]


def root_of(site_url: str | None) -> str:
    """The site's path on its host ("/cp14/"), as the 404 page's absolute links start."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def kept_tools(site_dir: Path) -> dict[str, list[list[str]]]:
    """The tool pages (and their start files) the site's sw.js names, if the site
    has one: what an earlier run of this step found on the pages it finished."""
    sw = site_dir / "sw.js"
    if not sw.is_file():
        return {}
    found = re.search(r"^const OFFLINE = (\{.*\});$", sw.read_text(encoding="utf-8"), re.M)
    return dict(json.loads(found[1]).get("tools", {})) if found else {}


def finish(site_dir: Path, root: str = "/") -> dict[str, Any]:
    """Finish the built site in `site_dir` (see the module's text). Returns what it
    did: the runtime's name, the tool pages and the number of pages.

    The site may be built in parts, one per language (the Spanish build writes
    es/ into a site the English build has written and this step has finished):
    a page already finished is left as it is, the runtime and the modules are the
    same ones (linked again, versioned with the same token), and sw.js is written
    anew for every page of the site."""
    site_dir = Path(site_dir)
    pages = sorted(p for p in site_dir.rglob("*.html") if RUNTIME_DIR not in p.as_posix())
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    if not any(CSP_PLACEHOLDER in t for t in texts.values()):
        raise FinishError(
            f"{site_dir}: no page has {CSP_PLACEHOLDER}: already finished, or not built"
        )
    done = {p for p, t in texts.items() if CSP_PLACEHOLDER not in t}
    builder = _load("build_pyodide_dist", ROOT / "scripts" / "build_pyodide_dist.py")
    dist = builder.build()
    folder = link_runtime(dist, site_dir)

    token = assets_token(site_dir)
    names = modules(site_dir)
    for name in names:
        path = site_dir / name
        source = path.read_text(encoding="utf-8")
        versioned = versioned_imports(source, token)
        if versioned != source:
            _rewrite(path, versioned)
    table = {
        p.relative_to(site_dir).as_posix(): file_sri(p)
        for p in sorted(site_dir.rglob("*.js"))
        if not p.relative_to(site_dir).as_posix().startswith(RUNTIME_DIR + "/")
    }
    runtime = {
        "path": f"{RUNTIME_DIR}/{dist.name}/",
        "name": dist.name,
        "assets": token,
        "modules": names,
        "integrity": table,
        "settings": tool_settings(dist, builder),
    }
    tool_pages = _load("cp14_tool_pages", HERE / "tool_pages.py")

    def render(marker: str, rt: dict[str, Any]) -> str:
        return tool_pages.render_marker(marker, None, rt)

    starts = start_ways(dist, builder)
    finished = {page_url(p.relative_to(site_dir).as_posix()) for p in done}
    tools = {url: files for url, files in kept_tools(site_dir).items() if url in finished}
    for path, html in texts.items():
        if path in done:
            continue
        rel = path.relative_to(site_dir).as_posix()
        url = page_url(rel)
        early = _EARLY.search(html)
        if early:
            tools[url] = [[runtime["path"] + name for name in way] for way in starts[early[1]]]
        out = finish_page(html, url, runtime, table, root, render)
        if out != html:
            _rewrite(path, out)
    (site_dir / "sw.js").write_text(service_worker(folder, site_dir, tools), encoding="utf-8")
    return {"runtime": dist.name, "tools": sorted(tools), "pages": len(pages)}


# ---------------------------------------------------------------- doors


def whole_site(site_dir: Path, site_url: str | None, folder: str) -> tuple[Path, str]:
    """The whole site's folder and its path on its host, for a build that writes
    `folder` of it ("es/": site/es/ at .../cp14/es/ is part of site/ at /cp14/)."""
    depth = len([part for part in folder.split("/") if part])
    root = root_of(site_url)
    for _ in range(depth):
        site_dir = site_dir.parent
        root = root.rstrip("/").rpartition("/")[0] + "/"
    return site_dir, root


def on_post_build(config: Any) -> None:  # noqa: ANN401
    """MkDocs and ProperDocs: finish the site they have just written (for a
    language's own build, such as mkdocs.es.yml, the whole site it is part of)."""
    folder = ((config.get("extra") or {}).get("cp14") or {}).get("folder") or ""
    site_dir, root = whole_site(Path(config["site_dir"]), config.get("site_url"), folder)
    finish(site_dir, root)


def _default_site_url() -> str | None:
    """SITE_URL, else the default mkdocs.yml gives it."""
    if os.environ.get("SITE_URL"):
        return os.environ["SITE_URL"]
    found = re.search(r'^site_url:.*?"([^"]+)"', (ROOT / "mkdocs.yml").read_text(), re.M)
    return found[1] if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("site_dir", type=Path, help="the folder the site generator wrote")
    parser.add_argument("--root", help="the site's path on its host (default: from SITE_URL)")
    args = parser.parse_args(argv)
    try:
        done = finish(args.site_dir, args.root or root_of(_default_site_url()))
    except FinishError as e:
        print(f"finish: {e}", file=sys.stderr)
        return 2
    print(f"finish: {done['pages']} pages, tools at {', '.join(done['tools'])}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
