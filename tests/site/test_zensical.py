"""Zensical (Material's successor, pinned in requirements-dev.txt) builds the site
from the same mkdocs.yml, and the site's own build step (hooks/finish.py) makes it
a working site: every guide page with its figures and notes, the Python runtime,
the tool forms, a Content-Security-Policy on every page and the service worker.
Zensical runs no MkDocs hooks, so the step runs after it, as `make site-zensical`
does. The three tools then start in Chromium. One part Zensical itself breaks is
pinned: its search styles itself inline, which the site's policy blocks.
README, "How it is built".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from e2ekit import wait_ready  # noqa: E402
from serve import start_server  # noqa: E402

# What a Zensical build needs of the project (cp14 itself is installed in the venv).
PARTS = ("docs", "overrides", "hooks", "mkdocs.yml", "mkdocs.es.yml")
RAW = re.compile(r"\{\{|\{%|Traceback \(most recent call last\)")
NOTES = "Where do the figures on this page come from?"
TEXT = re.compile(r"<[^>]+>")
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
TOOLS = ("letter", "deadlines", "plan")


def _pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text("utf-8")
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith("assets/")
    }


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    """Built by Zensical in a copy of the project (English, then the Spanish site
    into its es/ folder, as `make site-zensical` does), then finished by the
    site's step."""
    root = tmp_path_factory.mktemp("zensical")
    for part in PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
    for extra in ([], ["-f", "mkdocs.es.yml"]):
        run = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--clean", *extra],
            cwd=root,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    step = subprocess.run(
        [sys.executable, str(ROOT / "hooks" / "finish.py"), str(root / "site")],
        capture_output=True,
        text=True,
    )
    assert step.returncode == 0, step.stderr[-3000:]
    spanish = "es/tools/deadlines/, es/tools/letter/, es/tools/plan/"
    assert f"tools at {spanish}, tools/deadlines/, tools/letter/, tools/plan/" in step.stderr, (
        step.stderr
    )
    return root / "site"


@pytest.mark.site
def test_zensical_builds_every_guide_page_with_its_figures(zensical_site: Path, site_dir: Path):
    ours, theirs = _pages(site_dir), _pages(zensical_site)
    assert sorted(theirs) == sorted(ours)
    for name, html in theirs.items():
        assert not RAW.search(html), (name, RAW.search(html)[0])  # type: ignore[index]
        # Each page with notes has them, with as many footnotes as the MkDocs build.
        assert (NOTES in html) == (NOTES in ours[name]), name
        assert html.count('class="footnote-ref"') == ours[name].count('class="footnote-ref"'), name
    # The figures are the data file's: the same fee, as the MkDocs build states it.
    assert "$22" in TEXT.sub("", theirs["cant-pay/index.html"])
    assert "$22" in TEXT.sub("", theirs["es/cant-pay/index.html"])
    # Each language's pages say so, and name the other's.
    assert '<html lang="es"' in theirs["es/pay/index.html"]
    assert 'hreflang="en" href="http://127.0.0.1:8000/cp14/pay/"' in theirs["es/pay/index.html"]
    assert theirs["es/pay/index.html"].count('class="cp14-lang__link"') == 1


@pytest.mark.site
def test_the_step_finishes_every_page_of_a_zensical_build(zensical_site: Path):
    """Every page has its policy and no marker left; the tool pages have their form,
    their runtime settings and the strict worker policy; the service worker is there."""
    for name, html in _pages(zensical_site).items():
        policies = CSP.findall(html)
        assert len(policies) == 1 and "default-src 'self'" in policies[0], name
        assert "__CP14_CSP__" not in html and "<!-- cp14:" not in html, name
        tool = name.startswith(("tools/", "es/tools/"))
        assert ("'wasm-unsafe-eval'" in policies[0]) == tool, name
    for folder, tool in [(f, t) for f in ("", "es/") for t in TOOLS]:
        html = (zensical_site / f"{folder}tools" / tool / "index.html").read_text("utf-8")
        assert f'data-cp14-tool="{tool}"' in html, (folder, tool)
        assert 'type="importmap"' in html and "javascripts/cp14-material.js" in html, tool
        up = "../" * (2 + folder.count("/"))  # the site's own scripts, at its root
        assert f'src="{up}javascripts/cp14-material.js"' in html, (folder, tool)
    runtime = [p for p in (zensical_site / "assets" / "pyodide").iterdir() if p.is_dir()]
    assert len(runtime) == 1 and (runtime[0] / "pyodide.asm.wasm").is_file()
    sw = (zensical_site / "sw.js").read_text("utf-8")
    assert '"tools/letter/"' in sw and '"es/tools/letter/"' in sw and "__CP14_OFFLINE__" not in sw


@pytest.mark.site
def test_the_step_refuses_a_site_it_has_finished(zensical_site: Path):
    step = subprocess.run(
        [sys.executable, str(ROOT / "hooks" / "finish.py"), str(zensical_site)],
        capture_output=True,
        text=True,
    )
    assert step.returncode == 2
    assert step.stderr.strip().startswith("finish:") and "already finished" in step.stderr
    assert "Traceback" not in step.stderr


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    server = start_server(zensical_site, "/cp14/")
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/cp14/"
    server.shutdown()


# Every policy violation on the page, as the browser reports it.
VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective);
});"""
# Pinned: Zensical's own search interface, which its theme script builds when it
# starts, styles itself with inline styles; the site's policy (style-src 'self')
# blocks them. Material's theme (the MkDocs build) needs none.
ZENSICAL_STYLES = {"style-src-elem", "style-src-attr"}


@pytest.mark.browser
@pytest.mark.parametrize("tool", TOOLS)
def test_each_tool_starts_in_the_zensical_build(browser, zensical_url: str, tool: str):
    """The tool comes up ready, under its policy, with no error in the console
    but the one pinned above, once the theme has started too."""
    ctx = browser.new_context()
    problems: list[str] = []
    ctx.add_init_script(VIOLATIONS)
    try:
        page = ctx.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{zensical_url}tools/{tool}/")
        wait_ready(page)
        page.wait_for_function("() => typeof window.document$ === 'object'")  # the theme
        page.wait_for_function("() => window.__violations.length > 0")
        assert set(page.evaluate("window.__violations")) <= ZENSICAL_STYLES
        others = [p for p in problems if "Content Security Policy directive 'style-src" not in p]
        assert others == []
    finally:
        ctx.close()
