"""How the tools load, in real Chromium: real progress, no giving up while bytes arrive,
Try again after a failure, every runtime file checked, and a tool that stops never
leaves an answer that looks current.

Requests are held, answered late or altered with Playwright's routes, which see the
worker's requests too (DevTools network emulation does not reach dedicated workers).
Every test waits for a state (a held request, a value on the progress bar), never
for a time.
"""

from __future__ import annotations

import json
import threading
from html import unescape

import pytest
from e2ekit import (
    LOAD_TIMEOUT_MS,
    cp14_worker,
    hold_wasm,
    tab_to,
    type_into,
    wait_idle,
    wait_ready,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PREVIEW = "[data-role=letter-preview]"
LIVE = "[data-role=live-letter]"
ROOT = "[data-cp14-tool]"


def page_settings(page) -> dict:
    return json.loads(unescape(page.locator(ROOT).get_attribute("data-settings")))


# Every value the progress bar takes, in order (recorded in the page as it changes).
RECORD_PROGRESS = """
new MutationObserver(() => {
  const bar = document.querySelector("[data-role=progress]");
  if (!bar) return;
  window.__progress = window.__progress || [];
  const value = Number(bar.getAttribute("aria-valuenow"));
  if (window.__progress[window.__progress.length - 1] !== value) window.__progress.push(value);
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["aria-valuenow"] });
"""


def test_progress_is_real_bytes_of_this_page(browser, base_url):
    """While the WebAssembly is held back, the bar stands part way and the status says
    this page's real download size; once it arrives, the tool is ready."""
    ctx = browser.new_context(service_workers="block")
    held = []
    release = threading.Event()

    def hold(route):
        if release.is_set():
            route.continue_()
        else:
            held.append(route)

    ctx.route("**/pyodide.asm.wasm*", hold)
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/letter/")
        bar = page.locator("[data-role=progress]")
        expect(bar).to_be_visible()
        assert bar.get_attribute("role") == "progressbar"
        download = int(page.locator(ROOT).get_attribute("data-download"))
        size = f"{download / 1e6:.1f} MB"
        expect(page.locator("[data-role=status]")).to_contain_text(size)
        # Some files are in while the WebAssembly is held: the bar is part way.
        page.wait_for_function(
            """() => { const v = Number(document.querySelector("[data-role=progress]")
                                          .getAttribute("aria-valuenow"));
                       return v > 0 && v < 100; }"""
        )
        assert page.locator(ROOT).get_attribute("data-state") == "loading"
        release.set()
        while held:
            held.pop().continue_()
        wait_ready(page)
        expect(bar).to_be_hidden()
        expect(page.locator("[data-action=retry]")).to_be_hidden()
    finally:
        release.set()
        ctx.close()


def test_a_stalled_download_fails_and_try_again_succeeds(browser, base_url):
    """Nothing arrives for a while: the page says so and offers Try again; once the
    server answers, Try again gives a live letter."""
    ctx = browser.new_context(service_workers="block")
    held = []
    answering = threading.Event()

    def stall(route):
        if answering.is_set():
            route.continue_()
        else:
            held.append(route)  # never answered: the download stalls

    ctx.route("**/pyodide.asm.wasm*", stall)
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/letter/#q-kind")
        page.wait_for_selector(f"{ROOT}[data-state=failed]", timeout=LOAD_TIMEOUT_MS)
        # It gave up because nothing arrived (the stall), not for any other reason.
        expect(page.locator("[data-role=status]")).to_contain_text("download stopped")
        expect(page.locator("[data-role=status]")).to_contain_text("fill it in by hand")
        expect(page.locator(".cp14-blank[data-blank=dispute]")).to_be_visible()
        retry = page.locator("[data-action=retry]")
        expect(retry).to_be_visible()
        answering.set()
        tab_to(page, "[data-action=retry]")
        page.keyboard.press("Enter")
        wait_ready(page)
        page.wait_for_selector(f"{PREVIEW}[data-live=true]", timeout=LOAD_TIMEOUT_MS)
        expect(retry).to_be_hidden()
        type_into(page, "#f-name", "Robin Ashe")
        expect(page.locator(LIVE)).to_contain_text("Robin Ashe", timeout=LOAD_TIMEOUT_MS)
    finally:
        ctx.close()


def test_a_server_error_fails_at_once(browser, base_url):
    ctx = browser.new_context(service_workers="block")
    ctx.route("**/pyodide-lock.json", lambda route: route.fulfill(status=404, body="gone"))
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/deadlines/")
        page.wait_for_selector(f"{ROOT}[data-state=failed]", timeout=LOAD_TIMEOUT_MS)
        # At once, for the error: not after waiting for bytes that never came.
        expect(page.locator("[data-role=status]")).to_contain_text("404")
        expect(page.locator("[data-role=status]")).not_to_contain_text("download stopped")
        expect(page.locator("[data-role=status]")).to_contain_text("work out your dates")
        expect(page.locator("[data-action=retry]")).to_be_visible()
    finally:
        ctx.close()


def tamper(route) -> None:
    """Answer with the file, one byte in its middle changed."""
    if route.request.method != "GET":
        route.continue_()  # the worker's follow-up question for the status
        return
    body = bytearray(route.fetch().body())
    body[len(body) // 2] ^= 0x01
    route.fulfill(status=200, body=bytes(body))


def _refused(browser, url, name, travel):
    """Reload `url` with one byte changed in the runtime file `name` as it travels
    (`travel`: "plain" for the file itself, "zstd" or "gzip" for that copy):
    the file is refused before it runs, and the page falls back to the blank letter.
    (No service worker: it would answer the reload from its own checked copies.)"""
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    page.goto(url)
    settings = page_settings(page)
    wait_ready(page)
    target = (settings["stdlib"] or "python_stdlib.zip") if name == "stdlib" else name
    if travel != "plain":
        target = settings["transport" if travel == "zstd" else "gzipped"][target]
    assert target in settings["files"]
    asked = []
    ctx.on("request", lambda r: asked.append(r.url.rsplit("/", 1)[-1]))
    ctx.route(f"**/{target}", tamper)
    ctx.route("**/letter.memory.gz", lambda route: route.abort())
    try:
        page.reload()
        page.wait_for_selector(f"{ROOT}[data-state=failed]", timeout=LOAD_TIMEOUT_MS)
        expect(page.locator("[data-role=status]")).to_contain_text("checksum")
        expect(page.locator(".cp14-blank[data-blank=dispute]")).to_be_visible()
        expect(page.locator("[data-action=print]")).to_be_enabled()
        expect(page.locator("[data-action=retry]")).to_be_visible()
        assert target in asked, asked  # refused as it came, not skipped
    finally:
        ctx.close()


@pytest.mark.parametrize(
    "name", ["stdlib", "pyodide-lock.json", "pyodide.asm.mjs", "pyodide.asm.wasm"]
)
def test_a_tampered_runtime_file_is_refused(browser, base_url, name):
    """One changed byte in the standard library, the lock, Pyodide's JavaScript or its
    WebAssembly, as they travel on a fast link (here: loopback): the WebAssembly as it
    is, the standard library as its gzip copy."""
    _refused(browser, base_url + "tools/letter/", name, "plain" if name != "stdlib" else "gzip")


@pytest.mark.parametrize("name", ["stdlib", "pyodide.asm.wasm"])
def test_a_tampered_zstd_copy_is_refused(browser, medium_server, name):
    """On a slower link the big files come as their zstd copies: one changed byte in
    the standard library's copy or the WebAssembly's is refused just the same."""
    _refused(browser, medium_server.url + "tools/letter/", name, "zstd")


def test_each_link_gets_the_copies_that_are_quickest_there(browser, base_url, medium_server):
    """A fast link (loopback) gets the WebAssembly itself, which the host gzips, the
    standard library's gzip copy (the host does not compress a zip), both decoded by
    the browser, and the memory image; a slower one (20 Mbit/s) gets their zstd
    copies, the fewest bytes, and no image. Nothing is fetched twice."""
    seen = {}
    for where, url in (("fast", base_url), ("slower", medium_server.url)):
        ctx = browser.new_context(service_workers="block")
        asked = []  # downloads (not the worker's questions to the cache, which fail)
        ctx.on("requestfinished", lambda r, asked=asked: asked.append(r.url.rsplit("/", 1)[-1]))
        try:
            page = ctx.new_page()
            page.goto(url + "tools/letter/")
            wait_ready(page)
            page.wait_for_selector(f"{PREVIEW}[data-live=true]", timeout=LOAD_TIMEOUT_MS)
            settings = page_settings(page)
            detail = page.evaluate("() => performance.getEntriesByName('cp14:ready')[0].detail")
            seen[where] = (asked, settings, detail)
        finally:
            ctx.close()
    wasm, stdlib = "pyodide.asm.wasm", "cp14-stdlib.zip"
    for where in ("fast", "slower"):
        asked, settings, detail = seen[where]
        copy, gz = settings["transport"], settings["gzipped"]
        assert stdlib not in asked, asked
        assert len(asked) == len(set(asked)), asked
        if where == "fast":
            assert gz[stdlib] in asked and copy[stdlib] not in asked, asked
            assert wasm in asked and copy[wasm] not in asked, asked
            assert settings["memory"]["file"] in asked and detail["fromMemory"] is True
            # Fetched and compiled by the worker's helper, not on its busy thread.
            assert detail["aside"] is True, detail
        else:
            assert copy[stdlib] in asked and gz[stdlib] not in asked, asked
            assert copy[wasm] in asked and wasm not in asked, asked
            assert settings["memory"]["file"] not in asked and detail["fromMemory"] is False
            assert detail["aside"] is False, detail  # the zstd copy: decoded on the worker


def test_a_helper_that_fails_leaves_the_webassembly_to_the_worker(browser, base_url):
    """On a fast link a helper worker fetches and compiles the WebAssembly. When that
    download comes with one byte changed, the helper's copy is refused, and the worker
    fetches the file again itself (this time as the server has it): the tool starts,
    and the broken copy was never used."""
    ctx = browser.new_context(service_workers="block")
    wasm = []  # what the WebAssembly's GET requests were answered with

    def once(route) -> None:
        # The first GET is the worker's question to the cache (is the file kept?),
        # the second the helper's download, the third the worker's own.
        if route.request.method == "GET" and len(wasm) == 1:
            wasm.append("tampered")
            tamper(route)
            return
        if route.request.method == "GET":
            wasm.append("as it is")
        route.continue_()

    ctx.route("**/pyodide.asm.wasm", once)
    try:
        page = ctx.new_page()
        page.goto(base_url + "tools/letter/")
        wait_ready(page)
        page.wait_for_selector(f"{PREVIEW}[data-live=true]", timeout=LOAD_TIMEOUT_MS)
        detail = page.evaluate("() => performance.getEntriesByName('cp14:ready')[0].detail")
        assert wasm == ["as it is", "tampered", "as it is"], wasm
        assert detail["aside"] is False and detail["fromMemory"] is True, detail
    finally:
        ctx.close()


def test_a_second_visit_uses_what_is_kept_without_sampling_the_link(browser, medium_server):
    """On a slower link the first visit watches its first downloads to choose the
    copies; the next visit finds them in this browser's cache and starts with them at
    once: it does not wait for a speed sample that no download would give."""
    ctx = browser.new_context(service_workers="block")
    try:
        page = ctx.new_page()
        details = []
        for _ in range(2):
            page.goto(medium_server.url + "tools/letter/")
            wait_ready(page)
            details.append(
                page.evaluate("() => performance.getEntriesByName('cp14:ready')[0].detail")
            )
            page.goto("about:blank")
        first, second = details
        assert first["sampled"] is True and first["fromMemory"] is False, first
        assert second["sampled"] is False and second["fromMemory"] is False, second
    finally:
        ctx.close()


def test_a_tampered_decoder_falls_back_to_the_plain_webassembly(browser, medium_server):
    """The zstd decoder refused (one changed byte) on a link where the zstd copies
    would be fetched: the worker fetches the plain WebAssembly instead, checked like
    every file, and the tool starts."""
    ctx = browser.new_context(service_workers="block")
    fetched = []  # downloads (not the worker's questions to the cache, which fail)
    ctx.on("requestfinished", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]))

    ctx.route("**/fzstd.mjs", tamper)
    try:
        page = ctx.new_page()
        page.goto(medium_server.url + "tools/deadlines/")
        wait_ready(page)
        assert "pyodide.asm.wasm" in fetched and "pyodide.asm.wasm.zst" not in fetched, fetched
        assert "cp14-stdlib.zip" in fetched and "cp14-stdlib.zip.zst" not in fetched, fetched
    finally:
        ctx.close()


def test_a_worker_that_dies_marks_the_letter_out_of_date(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "tools/letter/#q-kind")
    wait_ready(page)
    type_into(page, "#f-name", "Kim Osei")
    expect(page.locator(LIVE)).to_contain_text("Kim Osei", timeout=LOAD_TIMEOUT_MS)
    cp14_worker(page).evaluate("setTimeout(() => { throw new Error('worker crashed'); }, 0)")
    page.wait_for_selector(f"{ROOT}[data-state=stopped]", timeout=LOAD_TIMEOUT_MS)
    expect(page.locator(PREVIEW)).to_have_attribute("data-stale", "true")
    stale = page.locator("[data-role=stale]")
    expect(stale).to_be_visible()
    expect(stale).to_contain_text("may not match your answers")
    for action in ("print", "copy", "download"):
        expect(page.locator(f"[data-action={action}]")).to_be_disabled()
    # Typing more does not bring back a letter that looks current.
    type_into(page, "#f-name", " Jr")
    expect(page.locator(PREVIEW)).to_have_attribute("data-stale", "true")
    tab_to(page, "[data-action=restart]")
    page.keyboard.press("Enter")
    wait_ready(page)
    expect(page.locator(LIVE)).to_contain_text("Kim Osei Jr", timeout=LOAD_TIMEOUT_MS)
    expect(page.locator(PREVIEW)).to_have_attribute("data-stale", "false")
    expect(stale).to_be_hidden()
    for action in ("print", "copy", "download"):
        expect(page.locator(f"[data-action={action}]")).to_be_enabled()


def test_a_worker_that_dies_removes_the_dates(tool_page, base_url):
    page = tool_page
    page.goto(base_url + "tools/deadlines/")
    wait_ready(page)
    page.locator("#f-notice_date").fill("2026-11-16")
    results = page.locator("[data-role=results]")
    expect(results).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    cp14_worker(page).evaluate("setTimeout(() => { throw new Error('worker crashed'); }, 0)")
    page.wait_for_selector(f"{ROOT}[data-state=stopped]", timeout=LOAD_TIMEOUT_MS)
    expect(results).to_be_hidden()
    expect(page.locator("[data-role=status]")).to_contain_text("out of date")
    page.locator("[data-action=retry]").click()
    wait_ready(page)
    expect(results).to_be_visible(timeout=LOAD_TIMEOUT_MS)


# ---------------------------------------------------------------- on a real slow link
# The site's own server with a throttled link shared by every connection
# (scripts/serve.py), as the benchmark's "4 Mbit/s" profile: bytes arrive slowly,
# in the worker too.


def slow_server_dir(server):
    """The runtime folder the throttled server serves."""
    return next((server.site_dir / "assets" / "pyodide").iterdir())


def test_a_slow_link_completes_with_moving_progress(browser, slow_server):
    ctx = browser.new_context(service_workers="block")
    ctx.add_init_script(RECORD_PROGRESS)
    page = ctx.new_page()
    try:
        page.goto(slow_server.url + "tools/letter/", wait_until="commit")
        # The form and the printable blank letter do not wait for Python.
        expect(page.locator(".cp14-blank[data-blank=dispute]")).to_be_visible()
        wait_ready(page)
        values = page.evaluate("window.__progress || []")
        # The bar moved many times on the way, and never backwards.
        assert len(values) >= 10, values
        assert values == sorted(values), values
        page.wait_for_selector(f"{PREVIEW}[data-live=true]", timeout=LOAD_TIMEOUT_MS)
        # On this link the memory image does not pay: it is never asked for, so
        # it takes no share of the link.
        image = page_settings(page)["memory"]
        assert (slow_server_dir(slow_server) / image["file"]).is_file()
        asked = [r.path for r in slow_server.link.take_log() if r.path.endswith(image["file"])]
        assert asked == [], asked
    finally:
        ctx.close()


def test_a_stalled_server_fails_and_try_again_succeeds_once_it_answers(browser, slow_server):
    slow_server.link.use("loopback")
    # Some bytes of the standard library (as any copy), then nothing.
    slow_server.link.stall(r"cp14-stdlib\.zip(\.zst|\.gz)?$", after=50_000)
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    try:
        page.goto(slow_server.url + "tools/deadlines/")
        assert slow_server.link.wait_stalled(timeout=LOAD_TIMEOUT_MS / 1000)
        page.wait_for_selector(f"{ROOT}[data-state=failed]", timeout=LOAD_TIMEOUT_MS)
        expect(page.locator("[data-role=status]")).to_contain_text("download stopped")
        expect(page.locator("[data-role=status]")).to_contain_text("work out your dates")
        slow_server.link.reset()  # the server answers again
        page.locator("[data-action=retry]").click()
        wait_ready(page)
        page.locator("#f-notice_date").fill("2026-11-16")
        expect(page.locator("[data-role=results]")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    finally:
        ctx.close()


# What the page asks of its worker and what the worker answers, by message type.
RECORD_CALLS = """
window.__toWorker = [];
window.__fromWorker = [];
const Plain = window.Worker;
window.Worker = class extends Plain {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (e) => window.__fromWorker.push(e.data || {}));
  }
  postMessage(msg, ...rest) {
    window.__toWorker.push(msg);
    return super.postMessage(msg, ...rest);
  }
};
"""
# The ids of the calls the page asked its worker to run for this tool.
CALLS = "(n) => window.__toWorker.filter((m) => m.type === 'call' && m.name === n).map((m) => m.id)"
# The ids, in order, of the answers the worker sent to any of `ids`.
ANSWERED = """(ids) => window.__fromWorker
  .filter((m) => m.type === 'result' && ids.includes(m.id)).map((m) => m.id)"""


@pytest.mark.parametrize(
    ("tool", "fill", "shown", "text"),
    [
        (
            "plan",
            [("#f-balance", "12000"), ("#f-monthly", "500"), ("#f-notice_date", "2026-03-16")],
            "[data-role=results]",
            "$12,000",
        ),
        ("letter", [("#f-name", "Dana"), ("#f-name", "Dana Whitfield")], LIVE, "Dana Whitfield"),
    ],
    ids=["plan", "letter"],
)
def test_answers_typed_while_python_loads_get_one_call(browser, base_url, tool, fill, shown, text):
    """Each change made while Python starts takes back the call the one before it
    asked for: once Python runs, the worker answers the form as it is, once, and
    no answer to an older form comes first."""
    ctx = browser.new_context(service_workers="block")
    ctx.add_init_script(RECORD_CALLS)
    let_go = hold_wasm(ctx)
    page = ctx.new_page()
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    try:
        page.goto(base_url + f"tools/{tool}/")
        for selector, value in fill:
            page.locator(selector).fill(value)
        assert page.locator(ROOT).get_attribute("data-state") == "loading"
        asked = page.evaluate(CALLS, tool)
        withdrawn = page.evaluate(
            "() => window.__toWorker.filter((m) => m.type === 'withdraw').map((m) => m.id)"
        )
        assert len(asked) >= 2, asked
        assert withdrawn == asked[:-1], (asked, withdrawn)
        let_go()
        wait_ready(page)
        expect(page.locator(shown)).to_contain_text(text)
        wait_idle(page)
        answered = page.evaluate(ANSWERED, page.evaluate(CALLS, tool))
        # The only answer is to the last call asked for while loading: none to the
        # others, and Python's start asks for no second one for the same form.
        assert answered == [asked[-1]], (asked, answered)
        assert page.evaluate(CALLS, tool) == asked
    finally:
        let_go()
        ctx.close()
