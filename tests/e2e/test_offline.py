"""Offline after the first visit: the service worker (hooks/sw.js, registered by
docs/javascripts/cp14-offline.js), in headless Chromium against a real server.

Each test serves the site from its own server, which it stops to go offline: that
cuts off the pages, their workers and the service worker alike. The server sends
`Cache-Control: no-cache`, so the browser's HTTP cache cannot answer for itself
once the server is gone (like a reader who comes back after a while): whatever
works offline came from the service worker's caches.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2ekit import LOAD_TIMEOUT_MS, type_date, type_into, wait_ready
from playwright.sync_api import expect
from serve import Handler

pytestmark = pytest.mark.browser

PREFIX = "/cp14/"
PREVIEW = "[data-role=letter-preview]"
LIVE = "[data-role=live-letter]"
RESULTS = "[data-role=results]"


class NoCacheHandler(Handler):
    """The site as scripts/serve.py serves it, but the browser must ask again every time.
    Every path it answers is added to `served`."""

    served: list[str]

    def do_GET(self) -> None:
        self.served.append(self.path)
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        http.server.SimpleHTTPRequestHandler.end_headers(self)


class Server:
    """A server for one test, that the test can stop (offline)."""

    def __init__(self, site_dir: Path) -> None:
        self.served: list[str] = []
        handler = functools.partial(
            type("Prefixed", (NoCacheHandler,), {"prefix": PREFIX, "served": self.served}),
            directory=str(site_dir),
        )
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        host, port = self.httpd.server_address[:2]
        self.origin = f"http://{host}:{port}"
        self.url = self.origin + PREFIX
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.running = False


@pytest.fixture
def server(site_dir: Path) -> Iterator[Server]:
    s = Server(site_dir)
    yield s
    s.stop()


@pytest.fixture
def sw_context(browser) -> Iterator[object]:
    """A fresh context with service workers on (the default for readers)."""
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900},
        service_workers="allow",
        locale="en-US",
        timezone_id="America/New_York",
        accept_downloads=True,
    )
    ctx.set_default_timeout(LOAD_TIMEOUT_MS)
    yield ctx
    ctx.close()


def wait_kept(page, what: str) -> None:
    """The service worker has copied what this page used ("page", or "tool" once it is ready)."""
    page.wait_for_selector(f"html[data-cp14-offline={what}]", state="attached")


def cache_names(page) -> list[str]:
    return page.evaluate("caches.keys()")


def controlled(page) -> bool:
    return page.evaluate("navigator.serviceWorker.controller !== null")


def check_runtime_cache(page, server: Server, site_dir: Path) -> None:
    """What the letter page used is kept, byte for byte, with its Content-Type."""
    folder = next((site_dir / "assets" / "pyodide").iterdir())
    kept = page.evaluate(
        """async (name) => {
            const cache = await caches.open(name);
            const out = {};
            for (const request of await cache.keys()) {
                const response = await cache.match(request);
                const bytes = await response.arrayBuffer();
                const digest = await crypto.subtle.digest("SHA-256", bytes);
                out[request.url.split("/").pop()] = {
                    sha256: [...new Uint8Array(digest)]
                        .map((b) => b.toString(16).padStart(2, "0")).join(""),
                    type: response.headers.get("Content-Type"),
                };
            }
            return out;
        }""",
        f"cp14-runtime-{folder.name} {server.url}",
    )
    used = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "cp14-stdlib.zip"}
    used |= {"pyodide-lock.json", "letter.memory.gz"}
    assert used <= set(kept), sorted(kept)
    assert not [name for name in kept if name.startswith(("holidays", "icalendar"))], kept
    for name, entry in kept.items():
        assert entry["sha256"] == hashlib.sha256((folder / name).read_bytes()).hexdigest(), name
    assert kept["pyodide.asm.wasm"]["type"] == "application/wasm"


def test_the_letter_works_offline_after_one_visit(sw_context, server, site_dir):
    page = sw_context.new_page()
    page.goto(server.url + "tools/letter/")
    wait_ready(page)
    page.wait_for_selector(f"{PREVIEW}[data-live=true]")
    wait_kept(page, "tool")
    check_runtime_cache(page, server, site_dir)

    # Online again: the page comes from the server, the runtime from the cache
    # (the tool's own worker goes through the service worker too).
    server.served.clear()
    page.reload()
    assert controlled(page)
    wait_ready(page)
    page.wait_for_selector(f"{PREVIEW}[data-live=true]")
    assert "/cp14/tools/letter/" in server.served
    assert not [p for p in server.served if "/assets/pyodide/" in p], server.served

    server.stop()
    page.reload()
    wait_ready(page)
    page.wait_for_selector(f"{PREVIEW}[data-live=true]")
    type_into(page, "#f-name", "Dana Whitfield")
    expect(page.locator(LIVE)).to_contain_text("Dana Whitfield", timeout=LOAD_TIMEOUT_MS)


def test_the_deadlines_and_calendar_work_offline_after_one_visit(sw_context, server):
    page = sw_context.new_page()
    page.goto(server.url + "tools/deadlines/")
    wait_ready(page)
    # Dated today (the browser's today), so the calendar file has dates ahead.
    today = page.evaluate("() => new Date().toLocaleDateString('en-CA')")
    type_date(page, "#f-notice_date", today)
    expect(page.locator(RESULTS)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    # The calendar's packages load now, the first time they are needed.
    with page.expect_download() as first:
        page.locator("[data-action=calendar]").click()
    assert first.value.suggested_filename == "cp14-deadlines.ics"
    wait_kept(page, "tool")

    server.stop()
    page.reload()  # leaving the page keeps what the tool fetched since it was ready
    assert controlled(page)
    wait_ready(page)
    type_date(page, "#f-notice_date", today)
    expect(page.locator(RESULTS)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(page.locator(RESULTS)).to_contain_text(today[:4])
    with page.expect_download() as again:
        page.locator("[data-action=calendar]").click()
    ics = Path(again.value.path()).read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR")


def test_a_new_build_replaces_the_kept_pages_when_online(sw_context, site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, copy_function=os.link)  # hard links: nothing to copy
    server = Server(copy)
    try:
        page = sw_context.new_page()
        page.goto(server.url)
        wait_kept(page, "page")
        page.reload()
        assert controlled(page)
        heading = page.locator("article h1").first
        old = heading.evaluate("(h) => h.firstChild.textContent").strip()
        assert old and old in (copy / "index.html").read_text(encoding="utf-8")

        index = copy / "index.html"
        html = index.read_text(encoding="utf-8").replace(old, "A new build says hello", 1)
        index.unlink()  # never write through the hard link into the real site
        index.write_text(html, encoding="utf-8")
        page.reload()
        expect(heading).to_contain_text("A new build says hello")

        server.stop()
        page.reload()
        expect(heading).to_contain_text("A new build says hello")
    finally:
        server.stop()


def test_only_this_sites_old_caches_are_deleted(sw_context, server):
    """All the project sites of one github.io account share an origin and its caches."""
    scope = server.url
    other_scope = server.origin + "/another-project/"
    ours_old = [f"cp14-runtime-0.0.0-000000000000 {scope}", f"cp14-retired {scope}"]
    theirs = ["another-app", "workbox-precache-v2", f"cp14-pages {other_scope}"]
    page = sw_context.new_page()
    page.goto(server.origin + "/not-the-site/")  # same origin, outside the site's scope
    page.evaluate(
        """async (names) => {
            for (const name of names) {
                const cache = await caches.open(name);
                await cache.put(location.href, new Response("kept by someone else"));
            }
        }""",
        ours_old + theirs,
    )
    page.goto(server.url + "glossary/")
    wait_kept(page, "page")
    names = cache_names(page)
    for name in theirs:
        assert name in names, f"deleted a cache that is not ours: {name}"
    for name in ours_old:
        assert name not in names, f"kept an old cache of ours: {name}"
    assert f"cp14-pages {scope}" in names


def test_guide_pages_do_not_download_the_runtime(sw_context, server):
    requests: list[str] = []
    sw_context.on("request", lambda r: requests.append(r.url))  # pages, workers, service worker
    page = sw_context.new_page()
    for path in ("", "pay/", "glossary/", "about/"):
        page.goto(server.url + path)
        wait_kept(page, "page")
    assert controlled(page)
    runtime = [u for u in requests if "/assets/pyodide/" in u]
    assert runtime == [], runtime
    assert not [p for p in server.served if "/assets/pyodide/" in p], server.served
    names = cache_names(page)
    assert [n for n in names if n.startswith("cp14-runtime-")] == [], names
    kept = page.evaluate(
        "async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)",
        f"cp14-pages {server.url}",
    )
    assert server.url + "pay/" in kept
    assert not [u for u in kept if "/assets/pyodide/" in u]


def test_a_file_that_is_not_the_builds_is_never_kept(sw_context, server):
    """A wrong memory image costs time (Python starts from scratch) but is never kept."""
    junk = b"\x1f\x8b" + b"x" * 64
    sw_context.route("**/letter.memory.gz", lambda route: route.fulfill(body=junk))
    page = sw_context.new_page()
    for _ in range(2):  # a first visit, then one the service worker is in charge of
        page.goto(server.url + "tools/letter/")
        wait_ready(page)
        wait_kept(page, "tool")
        detail = page.evaluate("() => performance.getEntriesByName('cp14:ready')[0].detail")
        assert detail["fromMemory"] is False
    assert controlled(page)
    kept = page.evaluate(
        """async () => {
            const out = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) out.push(request.url);
            }
            return out;
        }"""
    )
    assert any(u.endswith("/pyodide.asm.wasm") for u in kept), kept
    assert not [u for u in kept if u.endswith("/letter.memory.gz")], kept
