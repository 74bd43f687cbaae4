"""Shared fixtures: the built site served under /cp14/, and headless Debian Chromium.

Browser tests use Playwright's Python API with ``executable_path`` pointing at
Debian's chromium (never Playwright's own browser download).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "site"
PREFIX = "/cp14/"

sys.path.insert(0, str(ROOT / "scripts"))

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site (``make test`` builds it first with ``mkdocs build --strict``)."""
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail("The site is not built: run `make site` (make test does it for you).")
    return SITE_DIR


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The site served at http://127.0.0.1:PORT/cp14/ (like a GitHub Pages project site)."""
    from serve import start_server

    server = start_server(site_dir, PREFIX)
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}{PREFIX}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser) -> Iterator[object]:
    """A fresh browser context (no cache, no storage) per test."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> Iterator[object]:
    p = context.new_page()
    yield p
    p.close()
