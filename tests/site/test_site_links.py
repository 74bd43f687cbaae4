"""Links, anchors and the /cp14/ sub-path.

GitHub Pages serves this project under /cp14/, so every internal link must be relative
(or, on 404.html only, start with /cp14/), resolve under /cp14/, and reach a built file.

Two checkers look at the links:
- LinkChecker (PyPI, pinned in requirements-dev.txt) crawls the site served under /cp14/
  over HTTP and checks every internal URL and #anchor it finds;
- a static pass over the built HTML names the exact attribute that leaves /cp14/.
"""

from __future__ import annotations

import csv
import http.server
import io
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitekit import LANGUAGES, PREFIX, Page, built_html_files, parse_links, resolve

pytestmark = pytest.mark.site

# Each language's 404 page (its build writes one), with links from its site_url.
NOT_FOUND_PAGES = {folder + "404.html" for folder in LANGUAGES.values()}
SKIP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "blob:", "sms:")


def _target_file(site_dir: Path, path: str) -> Path | None:
    """The built file a /cp14/... URL path is served from, or None if there is none."""
    rel = unquote(path[len(PREFIX) :])
    candidate = site_dir / rel
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def test_site_url_is_under_the_subpath(pages: list[Page]) -> None:
    """Each page's canonical URL (from site_url) has the /cp14/ sub-path."""
    problems = []
    for page in pages:
        if page.rel == "404.html":
            continue
        html = page.file.read_text(encoding="utf-8")
        canon = [lk.url for lk in parse_links(html).links if "canonical" in lk.rel]
        if not canon:
            problems.append(f"{page.path}: no <link rel=canonical> (is site_url set?)")
        elif not urlsplit(canon[0]).path.startswith(PREFIX):
            problems.append(f"{page.path}: canonical URL {canon[0]!r} is not under {PREFIX}")
    assert not problems, "site_url must include the sub-path:\n" + "\n".join(problems)


def test_no_root_relative_links(site_dir: Path) -> None:
    """No href="/..." or src="/...": they would skip the /cp14/ sub-path on GitHub Pages.

    404.html is the exception: GitHub Pages serves it for any missing URL, so MkDocs
    writes its links from site_url's path; those must start with /cp14/. So does each
    language's build its own (es/404.html, from site_url .../cp14/es/).
    """
    problems = []
    for file in built_html_files(site_dir):
        rel = file.relative_to(site_dir).as_posix()
        for link in parse_links(file.read_text(encoding="utf-8", errors="replace")).links:
            url = link.url
            if not url.startswith("/") or url.startswith("//"):
                continue
            if rel in NOT_FOUND_PAGES and url.startswith(PREFIX):
                continue
            problems.append(f"{rel}:{link.line}: <{link.tag} {link.attr}={url!r}>")
    assert not problems, (
        "Root-relative links in the built HTML (use relative links; MkDocs makes them "
        "from Markdown links to .md files):\n" + "\n".join(problems)
    )


def test_internal_links_stay_under_subpath_and_exist(site_dir: Path, pages: list[Page]) -> None:
    """Every relative link on every page resolves under /cp14/ to a file that was built."""
    problems = []
    for page in pages:
        html = page.file.read_text(encoding="utf-8")
        base = PREFIX if page.rel == "404.html" else page.path
        for link in parse_links(html).links:
            url = link.url
            if url.lower().startswith(SKIP_SCHEMES) or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
                continue  # other schemes and absolute URLs (checked for assets elsewhere)
            if url.startswith("//") or url.startswith("#"):
                continue
            target = resolve(base, url)
            where = f"{page.path} line {link.line}: <{link.tag} {link.attr}={url!r}>"
            if not target.startswith(PREFIX):
                problems.append(f"{where} leaves {PREFIX} (resolves to {target})")
            elif _target_file(site_dir, target) is None:
                problems.append(f"{where} points to {target}, which was not built")
    assert not problems, "Broken or escaping internal links:\n" + "\n".join(problems)


# --- LinkChecker over HTTP ------------------------------------------------------------------


def _linkchecker() -> str:
    exe = Path(sys.executable).with_name("linkchecker")
    found = str(exe) if exe.is_file() else shutil.which("linkchecker")
    if not found:
        pytest.fail("linkchecker is not installed: run `make setup` (requirements-dev.txt).")
    return found


@pytest.fixture(scope="module")
def linkcheck_url(site_dir: Path) -> Iterator[str]:
    """The site under /cp14/, served like tests/conftest.py's base_url, plus one header.

    LinkChecker paces itself to a few requests a second per host unless the server
    answers with a "LinkChecker" header; this local server does, so the crawl is fast.
    """
    from serve import Handler

    class Fast(Handler):
        prefix = PREFIX

        def end_headers(self) -> None:
            self.send_header("LinkChecker", "local test server")
            super().end_headers()

    def handler(*args, **kwargs):
        return Fast(*args, directory=str(site_dir), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}{PREFIX}"
    server.shutdown()
    server.server_close()


def test_linkchecker_finds_no_broken_links_or_anchors(linkcheck_url: str) -> None:
    origin = linkcheck_url[: -len(PREFIX)]
    # LinkChecker drops root privileges to "nobody" before it reads its configuration,
    # so the file goes in a directory anyone can read (pytest's tmp_path is private).
    with tempfile.TemporaryDirectory(prefix="cp14-linkcheck-") as tmp:
        Path(tmp).chmod(0o755)
        proc = _run_linkchecker(Path(tmp) / "linkcheckerrc", origin, linkcheck_url)
    _assert_linkchecker_clean(proc, origin)


def _run_linkchecker(config: Path, origin: str, start: str) -> subprocess.CompletedProcess[str]:
    # Everything on this host is internal (so a link that leaves /cp14/ is checked and
    # 404s); every other URL (irs.gov, mailto:) is skipped: the tests run offline.
    config.write_text(
        "[checking]\n"
        "maxrequestspersecond=1000\n"
        "threads=4\n"
        "timeout=20\n"
        "[filtering]\n"
        "checkextern=0\n"
        f"internlinks=^{re.escape(origin)}/\n"
        f"ignore=^(?!{re.escape(origin)}/)\n"
        "[AnchorCheck]\n",
        encoding="utf-8",
    )
    config.chmod(0o644)
    # -v: list every URL checked (valid ones too), so the test can count them.
    cmd = [_linkchecker(), "-f", str(config), "--no-status", "-v", "-o", "csv", start]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)


def _assert_linkchecker_clean(proc: subprocess.CompletedProcess[str], origin: str) -> None:
    # LinkChecker's CSV has comment lines that start with "# "; rows for fragment-only
    # links ("#section;...") start with "#" too, so only the "# " lines are dropped.
    lines = [ln for ln in proc.stdout.splitlines() if not ln.startswith("# ")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    if not rows and proc.returncode not in (0, 1):
        pytest.fail(f"linkchecker did not run (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    problems = []
    checked = 0
    for row in rows:
        checked += 1
        page = (row.get("parentname") or "").removeprefix(origin) or "(start)"
        where = f"{page} line {row.get('line')}: {row.get('urlname')!r}"
        if row.get("valid") != "True":
            problems.append(f"{where} -> {row.get('result')}")
        elif "Anchor" in (row.get("warningstring") or ""):
            anchor = (row.get("warningstring") or "").split(". Available", 1)[0]
            problems.append(f"{where} -> {anchor}")
    assert checked, f"linkchecker reported nothing:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    assert not problems, (
        f"LinkChecker found broken links or anchors on the site served under {PREFIX}:\n"
        + "\n".join(problems)
    )
