"""Shared fixtures: the built site served under /cp14/, and headless Debian Chromium.

Browser tests use Playwright's Python API with ``executable_path`` pointing at
Debian's chromium (never Playwright's own browser download), with the back/forward
cache on, as in a reader's browser (Playwright turns it off by default with
``--disable-back-forward-cache``).

Tests wait for a state, never for a time: every wait (a context's actions, and
``expect``) has the same generous limit, CP14_TOOL_TIMEOUT_MS (90 s), so a busy
machine makes a test slower, never a failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "site"
PREFIX = "/cp14/"

sys.path.insert(0, str(ROOT / "scripts"))

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# How long any wait may take before a test fails (a machine can be very busy).
TIMEOUT_MS = float(os.environ.get("CP14_TOOL_TIMEOUT_MS", "90000"))
# Playwright's own switch that turns the back/forward cache off.
BFCACHE_OFF = "--disable-back-forward-cache"


class Browser:
    """The session's browser: every context it makes waits up to TIMEOUT_MS."""

    def __init__(self, browser: object) -> None:
        self._browser = browser

    def new_context(self, **options: object) -> object:
        ctx = self._browser.new_context(**options)  # type: ignore[attr-defined]
        ctx.set_default_timeout(TIMEOUT_MS)
        ctx.set_default_navigation_timeout(TIMEOUT_MS)
        return ctx

    def __getattr__(self, name: str) -> object:
        return getattr(self._browser, name)


def launch(pw: object, extra_args: tuple[str, ...] = (), bfcache: bool = False) -> Browser:
    """Debian's Chromium as the tests start it: the project's flags (and
    `extra_args`); with `bfcache`, the back/forward cache on (Playwright turns it
    off, and only the tests of what Back brings back need it)."""
    return Browser(
        pw.chromium.launch(  # type: ignore[attr-defined]
            executable_path=CHROMIUM,
            headless=True,
            args=[*CHROMIUM_ARGS, *extra_args],
            ignore_default_args=[BFCACHE_OFF] if bfcache else None,
        )
    )


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
def playwright() -> Iterator[object]:
    """Playwright, for tests that start a browser of their own (see `launch`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium`.")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        yield pw


@pytest.fixture
def own_browser(playwright) -> Iterator[object]:
    """A browser of the test's own: call it with Chromium flags to add; closed after."""
    started: list[Browser] = []

    def start(*extra_args: str) -> Browser:
        started.append(launch(playwright, extra_args))
        return started[-1]

    yield start
    for b in started:
        b.close()


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator[object]:
    b = launch(playwright)
    yield b
    b.close()


@pytest.fixture(scope="session")
def bfcache_browser(playwright) -> Iterator[object]:
    """A browser with the back/forward cache on, as readers' browsers have it."""
    b = launch(playwright, bfcache=True)
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
