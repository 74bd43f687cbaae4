"""Offline after the first visit: the service worker (hooks/sw.js, registered by
docs/javascripts/cp14-offline.js), in headless Chromium against a real server.

Each test serves the site from its own server, which it stops to go offline: that
cuts off the pages, their workers and the service worker alike. The server sends
`Cache-Control: no-cache`, so the browser's HTTP cache cannot answer for itself
once the server is gone (like a reader who comes back after a while): whatever
works offline came from the service worker's caches.

The caches can be written by any page of the same origin (every project site of a
github.io account shares it): the service worker serves a kept copy only if it is
the build's (the manifest in sw.js), so a forged page is never served and a damaged
file is deleted and fetched again.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from e2ekit import LOAD_TIMEOUT_MS, type_date, type_into, wait_ready
from playwright.sync_api import expect
from serve import Handler, start_server

from modkit import load_file

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
    """A server for one test, that the test can stop (offline) and start again on the
    same address (`Server(site_dir, port=old.port)`: back online)."""

    def __init__(self, site_dir: Path, port: int = 0) -> None:
        self.served: list[str] = []
        handler = functools.partial(
            type("Prefixed", (NoCacheHandler,), {"prefix": PREFIX, "served": self.served}),
            directory=str(site_dir),
        )
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.port = self.httpd.server_address[1]
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
    # On this fast link the WebAssembly comes as it is (the host gzips it), not as its
    # zstd copy; the standard library as its gzip copy (build_pyodide_dist.py); and
    # the memory image.
    used = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "cp14-stdlib.zip.gz"}
    used |= {"pyodide-lock.json", "letter.memory.gz"}
    assert used <= set(kept), sorted(kept)
    assert not [name for name in kept if name.startswith(("holidays", "icalendar"))], kept
    for name, entry in kept.items():
        assert entry["sha256"] == hashlib.sha256((folder / name).read_bytes()).hexdigest(), name
    others = ("pyodide.asm.wasm.zst", "cp14-stdlib.zip.zst", "cp14-stdlib.zip")
    assert not [n for n in others if n in kept], "another copy was downloaded too"


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


def rebuild_service_worker(site: Path) -> None:
    """sw.js for the site as it now is, as the build writes it (hooks/finish.py)."""
    offline = load_file("cp14_finish", "hooks/finish.py")
    old = (site / "sw.js").read_text(encoding="utf-8")
    tools = json.loads(old.split("const OFFLINE = ", 1)[1].split(";\n", 1)[0])["tools"]
    folder = next((site / "assets" / "pyodide").iterdir())
    text = offline.service_worker(folder, site, tools)
    (site / "sw.js").unlink()  # never write through the hard link into the real site
    (site / "sw.js").write_text(text, encoding="utf-8")


def test_a_new_build_shows_on_the_next_visit(sw_context, site_dir, tmp_path):
    """Served as GitHub Pages serves it (the browser may keep a page for ten minutes),
    a page changed by a new build shows on the next ordinary visit, and is the one
    kept for offline use once the new build's service worker is in charge."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, copy_function=os.link)  # hard links: nothing to copy
    server = start_server(copy, PREFIX)  # Cache-Control: public, max-age=600
    url = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    try:
        page = sw_context.new_page()
        page.goto(url)
        wait_kept(page, "page")
        page.goto(url + "glossary/")
        assert controlled(page)
        heading = page.locator("article h1").first
        page.goto(url)
        old = heading.evaluate("(h) => h.firstChild.textContent").strip()
        assert old and old in (copy / "index.html").read_text(encoding="utf-8")

        index = copy / "index.html"
        html = index.read_text(encoding="utf-8").replace(old, "A new build says hello", 1)
        index.unlink()  # never write through the hard link into the real site
        index.write_text(html, encoding="utf-8")
        rebuild_service_worker(copy)
        page.goto(url + "glossary/")
        page.goto(url)  # an ordinary visit, not a reload
        expect(heading).to_contain_text("A new build says hello")

        # The new build's worker takes over, and keeps the new page.
        page.evaluate(
            """async () => {
                const registration = await navigator.serviceWorker.getRegistration();
                await registration.update();
            }"""
        )
        page.wait_for_function(
            """async () => {
                const registration = await navigator.serviceWorker.getRegistration();
                return !registration.installing && !registration.waiting;
            }"""
        )
        page.goto(url + "glossary/")
        page.goto(url)
        wait_kept(page, "page")
        server.shutdown()
        server.server_close()
        page.reload()
        expect(heading).to_contain_text("A new build says hello")
        expect(page.locator(".cp14-saved")).to_contain_text("saved")
    finally:
        server.shutdown()


# A page of the same origin, outside the site (a sibling project site), writes its
# own page and its own bytes into every cp14- cache, under the site's own addresses.
FORGE = """async (urls) => {
  for (const name of await caches.keys()) {
    if (!name.startsWith("cp14-")) continue;
    const cache = await caches.open(name);
    for (const url of urls) {
      await cache.put(url, new Response(
        "<!doctype html><h1>Forged</h1><script>window.__forged = 1</script>",
        {headers: {"Content-Type": "text/html", "X-CP14-Sha256": "sha256-x"}}));
    }
  }
}"""


def test_a_forged_page_in_every_cache_is_never_served(sw_context, server, site_dir):
    folder = next((site_dir / "assets" / "pyodide").iterdir())
    runtime = f"{server.url}assets/pyodide/{folder.name}/"
    page = sw_context.new_page()
    page.goto(server.url + "tools/letter/")
    wait_ready(page)
    wait_kept(page, "tool")
    page.reload()
    assert controlled(page)
    wait_ready(page)
    sibling = sw_context.new_page()
    sibling.goto(server.origin + "/another-project/")
    urls = [server.url + "tools/letter/", server.url, runtime + "cp14-stdlib.zip.gz"]
    sibling.evaluate(FORGE, urls)

    # Online: the site's own page, and its own standard library.
    page.goto(server.url + "tools/letter/")
    wait_ready(page)
    page.wait_for_selector(f"{PREVIEW}[data-live=true]")
    expect(page.locator("article h1")).to_contain_text("Write my letter")
    assert page.evaluate("window.__forged") is None

    # Offline: refused, with a message, and the forged copy is deleted. (The page is
    # left first: leaving a tool page asks the worker to keep its files, which
    # would put the good copy back from the browser's HTTP cache.)
    page.goto(server.url + "pay/")
    wait_kept(page, "page")
    sibling.evaluate(FORGE, urls)
    server.stop()
    page.goto(server.url + "tools/letter/")
    expect(page.locator("h1")).to_have_text("This page cannot be shown offline")
    expect(page.locator("body")).to_contain_text("was damaged, so it was removed")
    assert page.evaluate("window.__forged") is None
    kept = page.evaluate(
        "async ([n, u]) => { const r = await (await caches.open(n)).match(u);"
        " return r ? r.text() : null; }",
        [f"cp14-pages {server.url}", server.url + "tools/letter/"],
    )
    assert kept is None, kept[:200]


def flip_a_byte(page, cache: str, url: str) -> None:
    """One byte of the kept copy of `url` changed, as a failing disk might."""
    page.evaluate(
        """async ([name, url]) => {
            const cache = await caches.open(name);
            const kept = await cache.match(url);
            const bytes = new Uint8Array(await kept.arrayBuffer());
            bytes[bytes.length >> 1] ^= 1;
            await cache.put(url, new Response(bytes, {headers: kept.headers}));
        }""",
        [cache, url],
    )


def kept_sha256(page, cache: str, url: str) -> str:
    return page.evaluate(
        """async ([name, url]) => {
            const kept = await (await caches.open(name)).match(url);
            const digest = await crypto.subtle.digest("SHA-256", await kept.arrayBuffer());
            return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
        }""",
        [cache, url],
    )


def test_a_damaged_runtime_file_is_removed_and_the_tool_recovers(sw_context, server, site_dir):
    folder = next((site_dir / "assets" / "pyodide").iterdir())
    cache = f"cp14-runtime-{folder.name} {server.url}"
    # The standard library as it travels on this fast link: its gzip copy.
    stdlib = f"{server.url}assets/pyodide/{folder.name}/cp14-stdlib.zip.gz"
    good = hashlib.sha256((folder / "cp14-stdlib.zip.gz").read_bytes()).hexdigest()
    page = sw_context.new_page()
    page.goto(server.url + "tools/letter/")
    wait_ready(page)
    wait_kept(page, "tool")

    # Online: the tool's worker refuses the damaged copy and says so; Try again
    # downloads it afresh, which replaces the copy, and the tool starts.
    flip_a_byte(page, cache, stdlib)
    page.reload()
    assert controlled(page)
    page.wait_for_selector("[data-cp14-tool][data-state=failed]")
    status = page.locator("[data-role=status]")
    expect(status).to_contain_text("cp14-stdlib.zip")
    expect(status).to_contain_text("Try again downloads it afresh")
    page.locator("[data-action=retry]").click()
    wait_ready(page)
    page.wait_for_selector(f"{PREVIEW}[data-live=true]")
    page.wait_for_function(
        """async ([n, u, want]) => {
             const r = await (await caches.open(n)).match(u);
             if (!r) return false;
             const d = new Uint8Array(await crypto.subtle.digest("SHA-256", await r.arrayBuffer()));
             return [...d].map((b) => b.toString(16).padStart(2, "0")).join("") === want;
           }""",
        arg=[cache, stdlib, good],
    )

    # Offline: refused, and the page says how to recover; Try again, once online, works.
    flip_a_byte(page, cache, stdlib)
    port = server.port
    server.stop()
    page.reload()
    page.wait_for_selector("[data-cp14-tool][data-state=failed]")
    status = page.locator("[data-role=status]")
    expect(status).to_contain_text("cp14-stdlib.zip")
    expect(status).to_contain_text("you need to be online")
    # Try again while still offline: the kept copy fails its check in the service
    # worker too, which refuses it and says how to recover.
    page.locator("[data-action=retry]").click()
    expect(status).to_contain_text("damaged")
    expect(status).to_contain_text("Connect to the internet and press Try again")
    page.wait_for_selector("[data-cp14-tool][data-state=failed]")
    again = Server(site_dir, port=port)
    try:
        page.locator("[data-action=retry]").click()
        wait_ready(page)
        page.wait_for_selector(f"{PREVIEW}[data-live=true]")
        type_into(page, "#f-name", "Dana Whitfield")
        expect(page.locator(LIVE)).to_contain_text("Dana Whitfield")
        page.wait_for_function(
            "async ([n, u]) => !!(await (await caches.open(n)).match(u))", arg=[cache, stdlib]
        )
        assert kept_sha256(page, cache, stdlib) == good
    finally:
        again.stop()


def long_date(d) -> str:
    return f"{d:%A}, {d:%B} {d.day}, {d.year}"


def test_an_offline_page_says_it_is_a_saved_copy_of_its_date(sw_context, server):
    page = sw_context.new_page()
    page.goto(server.url + "pay/")
    wait_kept(page, "page")
    page.reload()
    assert page.locator(".cp14-saved").count() == 0  # online: the page itself
    server.stop()
    page.reload()
    notice = page.locator(".cp14-saved")
    expect(notice).to_contain_text("You are offline. This page is the copy your browser saved")
    expect(notice).to_contain_text(long_date(datetime.now(ZoneInfo("America/New_York")).date()))
    assert page.locator("html").get_attribute("data-cp14-saved") == "complete"
    expect(notice).not_to_contain_text("Only part")


def test_a_partial_offline_copy_says_so(sw_context, server):
    """With too little room for the runtime (the browser's storage quota), the tool is
    kept only in part: the page knows, says so offline, and the tool says what is
    missing instead of "the download failed"."""
    page = sw_context.new_page()
    cdp = sw_context.new_cdp_session(page)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": server.origin, "quotaSize": 3_000_000})
    page.goto(server.url + "tools/letter/")
    wait_ready(page)
    wait_kept(page, "partial")
    server.stop()
    page.reload()
    notice = page.locator(".cp14-saved")
    expect(notice).to_contain_text("Only part of this tool was saved on this device")
    assert page.locator("html").get_attribute("data-cp14-saved") == "partial"
    page.wait_for_selector("[data-cp14-tool][data-state=failed]")
    status = page.locator("[data-role=status]")
    expect(status).to_contain_text("not saved on this device")
    expect(status).to_contain_text("Connect to the internet and press Try again")


def test_the_service_worker_touches_nothing_outside_its_scope(browser, server, site_dir):
    """Requests for another origin, for the same origin outside the site, and for a
    URL with a query go past the service worker; it fetches nothing outside the site,
    not even when asked to keep such addresses."""
    other = Server(site_dir)
    ctx = browser.new_context(service_workers="allow", bypass_csp=True)
    requests = []
    ctx.on("request", lambda r: requests.append(r))
    try:
        page = ctx.new_page()
        page.goto(server.url + "pay/")
        wait_kept(page, "page")
        page.reload()
        assert controlled(page)
        responses = []
        page.on("response", lambda r: responses.append(r))
        outside = [
            other.url + "pay/",
            server.origin + "/another-project/",
            server.url + "?q=penalty",
        ]
        page.evaluate(
            "async (urls) => { for (const u of urls) await fetch(u).catch(() => null); }", outside
        )
        # Each went out from the page itself (the other origin answers without CORS,
        # so the page's fetch of it fails: it was still asked), none through the worker.
        for url in outside:
            made = [r for r in requests if r.url == url]
            assert made and all(r.service_worker is None for r in made), url
        assert not [r.url for r in responses if r.url in outside and r.from_service_worker]
        assert [r.url for r in responses if r.url in outside[1:]] == outside[1:]
        # Asked to keep addresses outside the site, it fetches none of them.
        page.evaluate(
            """(urls) => new Promise((resolve) => {
                const channel = new MessageChannel();
                channel.port1.onmessage = () => resolve();
                navigator.serviceWorker.controller.postMessage(
                    {type: "cp14-keep", tag: "page", urls}, [channel.port2]);
            })""",
            [other.url + "glossary/", server.origin + "/another-project/x"],
        )
        by_worker = [r.url for r in requests if r.service_worker is not None]
        assert by_worker and all(u.startswith(server.url) for u in by_worker), by_worker
        assert not [p for p in other.served if "glossary" in p], other.served
    finally:
        ctx.close()
        other.stop()


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


def test_a_file_that_is_not_the_builds_is_never_kept(sw_context, site_dir, tmp_path):
    """A server that sends a wrong memory image: it costs time (Python starts from
    scratch) but is never kept. (The site is copied with that one file changed; a
    Playwright route would turn the browser's HTTP cache off.)"""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, copy_function=os.link)  # hard links: nothing to copy
    image = next((copy / "assets" / "pyodide").iterdir()) / "letter.memory.gz"
    image.unlink()  # never write through the hard link into the real site
    image.write_bytes(b"\x1f\x8b" + b"x" * 64)
    server = Server(copy)
    try:
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
    finally:
        server.stop()
