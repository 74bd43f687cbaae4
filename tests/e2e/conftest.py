"""Fixtures for the end-to-end tests of the two tool pages (site_dir, base_url and browser
are in tests/conftest.py; helpers in e2ekit.py).

Each test gets a fresh context that records every request (pages and the worker) and
every Content-Security-Policy violation. The pages' own CSP stays on, except in the
axe tests, which must inject axe-core. The site's service worker is off, so that what
these tests record is what the pages themselves ask the network for; a test turns it
on with `@pytest.mark.parametrize("service_workers", ["allow"])` (test_offline.py
tests the service worker itself).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2ekit import CSP_PROBE, LOAD_TIMEOUT_MS, Recorder


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def _watch(ctx, rec: Recorder) -> None:
    ctx.on("request", lambda r: rec.requests.append(r.url))

    def on_page(p) -> None:
        p.set_default_timeout(LOAD_TIMEOUT_MS)
        p.on(
            "console",
            lambda m: (
                rec.problems.append(m.text)
                if m.type == "error" or "Content Security Policy" in m.text
                else None
            ),
        )
        p.on("pageerror", lambda e: rec.problems.append(f"page error: {e}"))

    ctx.on("page", on_page)
    ctx.add_init_script(CSP_PROBE)


@pytest.fixture
def service_workers() -> str:
    """Playwright's service_workers setting for tool_context: "block" or "allow"."""
    return "block"


def _tool_context(browser, recorder: Recorder, service_workers: str) -> Iterator[object]:
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900},
        service_workers=service_workers,
        accept_downloads=True,
        permissions=["clipboard-read", "clipboard-write"],
        locale="en-US",
        timezone_id="America/New_York",
    )
    _watch(ctx, recorder)
    yield ctx
    ctx.close()


@pytest.fixture
def tool_context(browser, recorder: Recorder, service_workers: str) -> Iterator[object]:
    """A fresh context with the site's CSP on, downloads allowed and the clipboard usable."""
    yield from _tool_context(browser, recorder, service_workers)


@pytest.fixture
def bfcache_context(bfcache_browser, recorder: Recorder, service_workers: str) -> Iterator[object]:
    """The same, in a browser whose back/forward cache is on."""
    yield from _tool_context(bfcache_browser, recorder, service_workers)


@pytest.fixture
def tool_page(tool_context) -> Iterator[object]:
    p = tool_context.new_page()
    yield p
    p.close()


@pytest.fixture
def slow_server(site_dir):
    """The site served over a 4 Mbit/s link (serve.PROFILES["4mbit"]), with `.url`."""
    from serve import start_server

    server = start_server(site_dir, "/cp14/", profile="4mbit")
    server.url = f"http://127.0.0.1:{server.server_address[1]}/cp14/"
    server.site_dir = site_dir
    yield server
    server.shutdown()


@pytest.fixture
def medium_server(site_dir):
    """The site served over a 20 Mbit/s link (serve.PROFILES["20mbit"]), with `.url`:
    fast enough for quick tests, slow enough that the tools' worker fetches the zstd
    copies of its big files and no memory image."""
    from serve import start_server

    server = start_server(site_dir, "/cp14/", profile="20mbit")
    server.url = f"http://127.0.0.1:{server.server_address[1]}/cp14/"
    server.site_dir = site_dir
    yield server
    server.shutdown()
