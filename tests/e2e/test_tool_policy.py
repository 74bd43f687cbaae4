"""The site's doors, in headless Chromium: workers run under the page's policy, the
site runs only its own checked code, another site cannot frame it, searched words
stay out of the address, forms cannot send answers, and plain HTTP says why the
tools cannot run.

Another origin is a second server on another port: it records every request, so
"blocked" means that nothing reached it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2ekit import LOAD_TIMEOUT_MS, cp14_worker, wait_ready
from playwright.sync_api import expect
from serve import start_server

pytestmark = pytest.mark.browser

ROOT = "[data-cp14-tool]"


@pytest.fixture
def elsewhere(site_dir: Path):
    """Another origin (the site again, on another port), and what it was asked for."""
    server = start_server(site_dir, "/cp14/")
    server.url = f"http://127.0.0.1:{server.server_address[1]}/cp14/"
    server.link.take_log()
    yield server
    server.shutdown()


def asked(server) -> list[str]:
    return [r.path for r in server.link.take_log()]


# From inside a worker: the browser's own fetch (the Python worker puts a checked one
# in its place), a dynamic import, and a WebSocket, each to another origin.
REACH_OUT = """async (url) => {
  const out = {};
  const plainFetch = WorkerGlobalScope.prototype.fetch;
  out.fetch = await plainFetch.call(self, url + "fetched").then(() => "sent", (e) => String(e));
  out.import = await import(url + "imported.js").then(() => "sent", (e) => String(e));
  try {
    new WebSocket(url.replace("http", "ws") + "socket");
    out.socket = "made";
  } catch (e) {
    out.socket = String(e);
  }
  return out;
}"""


def test_the_python_worker_cannot_reach_another_origin(tool_page, base_url, elsewhere):
    page = tool_page
    page.goto(base_url + "tools/letter/")
    wait_ready(page)
    worker = cp14_worker(page)
    assert worker.url.startswith("blob:"), worker.url  # under the page's policy
    result = worker.evaluate(REACH_OUT, elsewhere.url)
    assert result["fetch"] != "sent" and result["import"] != "sent", result
    assert asked(elsewhere) == []
    # Its own checked fetch refuses a file that is not in its settings, even on the site.
    refused = worker.evaluate(
        "(u) => self.fetch(u).then(() => 'fetched', (e) => String(e))",
        base_url + "assets/pyodide/extra-package-0.1-py3-none-any.whl",
    )
    assert "not one of this page's checked files" in refused
    # The page still works.
    page.locator("#f-name").fill("Robin Ashe")
    expect(page.locator("[data-role=live-letter]")).to_contain_text("Robin Ashe")


def search(page, word: str) -> None:
    """Type `word` into the theme's search box (it searches on key presses)."""
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    page.locator("input.md-search__input").focus()
    page.keyboard.type(word)
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_the_search_worker_cannot_reach_another_origin(browser, base_url, elsewhere):
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    try:
        page.goto(base_url + "pay/")
        search(page, "penalty")
        [worker] = [w for w in page.workers if w.evaluate("typeof lunr !== 'undefined'")]
        assert worker.url.startswith("blob:"), worker.url
        result = worker.evaluate(REACH_OUT, elsewhere.url)
        assert result["fetch"] != "sent" and result["import"] != "sent", result
        assert asked(elsewhere) == []
    finally:
        ctx.close()


def tamper(route) -> None:
    """The file as the server has it, with a line of someone else's code in front."""
    body = route.fetch().text()
    route.fulfill(
        status=200,
        content_type="text/javascript",
        body="self.__tampered = 1; try { postMessage({type: 'ready'}); } catch (e) {}\n"
        "window.__tampered = 1;\n" + body,
    )


def test_a_tampered_worker_script_is_refused(browser, base_url):
    ctx = browser.new_context(service_workers="block")
    ctx.route("**/cp14-worker.js*", tamper)
    page = ctx.new_page()
    try:
        page.goto(base_url + "tools/letter/")
        page.wait_for_selector(f"{ROOT}[data-state=failed]")
        status = page.locator("[data-role=status]")
        expect(status).to_contain_text("cp14-worker.js")
        expect(status).to_contain_text("checksum")
        expect(page.locator(".cp14-blank[data-blank=dispute]")).to_be_visible()
        expect(page.locator("[data-action=print]")).to_be_enabled()
        for worker in page.workers:
            assert worker.evaluate("self.__tampered") is None
    finally:
        ctx.close()


@pytest.mark.parametrize("module", ["tools/letter.js", "runtime.js", "main.js"])
def test_a_tampered_tool_module_is_refused(browser, base_url, module):
    ctx = browser.new_context(service_workers="block")
    ctx.route(f"**/javascripts/cp14/{module}*", tamper)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(base_url + "tools/letter/")
        expect(page.locator(".cp14-blank[data-blank=dispute]")).to_be_visible()
        page.wait_for_selector(f"{ROOT}[data-state=failed]")
        expect(page.locator("[data-role=status]")).to_contain_text("do not match their checksums")
        assert page.evaluate("window.__tampered") is None
        assert page.evaluate("window.__cp14Early") is None  # its worker was stopped
        assert page.locator("[data-role=live-letter]").is_hidden()
    finally:
        ctx.close()


def test_a_tampered_theme_is_refused(browser, base_url):
    ctx = browser.new_context(service_workers="block")
    ctx.route("**/assets/javascripts/bundle.*.min.js", tamper)
    page = ctx.new_page()
    failed = []
    page.on("console", lambda m: failed.append(m.text) if "integrity" in m.text else None)
    try:
        page.goto(base_url + "pay/")
        page.wait_for_load_state("load")
        assert page.evaluate("window.__tampered") is None
        assert page.evaluate("typeof window.document$") == "undefined"
        assert failed, "the browser did not report the failed integrity check"
    finally:
        ctx.close()


FRAMING = """<!doctype html><title>Someone else's site</title>
<iframe id="f" src="{src}" width="800" height="600"></iframe>"""


@pytest.mark.parametrize("path", ["", "tools/letter/"])
def test_another_site_cannot_frame_the_site(browser, base_url, path, tmp_path):
    """A page on another origin (its own server, reached as localhost rather than
    127.0.0.1) shows the site in a frame: the site hides itself, says how to open it
    on its own, and no tool starts."""
    (tmp_path / "framing.html").write_text(FRAMING.format(src=base_url + path))
    other = start_server(tmp_path, "/other/")
    outer = f"http://localhost:{other.server_address[1]}/other/framing.html"
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    try:
        page.goto(outer)
        frame = page.frame_locator("#f")
        notice = frame.locator(".cp14-framed")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("Another website is showing this page")
        link = notice.get_by_role("link", name="Open CP14 Help in a tab of its own")
        expect(link).to_have_attribute("href", base_url + path)
        expect(frame.locator(".md-header")).to_be_hidden()
        expect(frame.locator("article.md-content__inner")).to_be_hidden()
        if path:
            inner = page.frames[1]
            assert inner.evaluate("window.__cp14Early") is None
            assert inner.locator(ROOT).get_attribute("class").split() == ["cp14-tool"]
            names = [w.evaluate("self.name") for w in page.workers]
            assert not [n for n in names if "indexURL" in (n or "")], names
    finally:
        ctx.close()
        other.shutdown()


def test_the_site_may_frame_itself(browser, base_url):
    ctx = browser.new_context(service_workers="block")
    outer = base_url + "framing-test.html"
    ctx.route(
        outer,
        lambda route: route.fulfill(
            content_type="text/html", body=FRAMING.format(src=base_url + "pay/")
        ),
    )
    page = ctx.new_page()
    try:
        page.goto(outer)
        frame = page.frame_locator("#f")
        expect(frame.locator("article h1")).to_be_visible()
        assert frame.locator(".cp14-framed").count() == 0
    finally:
        ctx.close()


def test_search_keeps_the_words_out_of_the_address(browser, base_url):
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    try:
        page.goto(base_url + "pay/")
        search(page, "penalty")
        result = page.locator(".md-search-result__item a").first
        # No query at all (the theme's highlight put the words in "?h="); a link may
        # still point at a heading (its #fragment), which only names the heading.
        for href in page.locator(".md-search-result a").evaluate_all(
            "(all) => all.map((a) => a.href)"
        ):
            assert "?" not in href, href
        result.click()
        page.wait_for_load_state("load")
        assert "?" not in page.url, page.url
    finally:
        ctx.close()


@pytest.mark.parametrize("bypass_csp", [False, True])
def test_without_javascript_enter_sends_nothing(browser, base_url, bypass_csp):
    """No form can send what is typed, even with the page's policy out of the way:
    every form's method is "dialog", which sends nothing outside a dialog."""
    ctx = browser.new_context(java_script_enabled=False, bypass_csp=bypass_csp)
    page = ctx.new_page()
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url))
    try:
        for tool, field in (("deadlines", "#f-amount"), ("plan", "#f-balance")):
            url = base_url + f"tools/{tool}/"
            page.goto(url)
            # Every form with a box to type in (the tool's, the search); the theme's
            # light/dark switch is a form of choices only, which Enter cannot send.
            typed = page.locator("form:has(input[type=text], input[type=date], textarea)")
            assert typed.count() == 2
            for form in typed.all():
                assert form.get_attribute("method") == "dialog"
            page.fill("#f-notice_date", "2026-03-16")
            page.fill(field, "2450.17")
            sent.clear()
            page.locator(field).press("Enter")
            page.locator("form.cp14-form [type=submit]").click()
            page.wait_for_load_state("load")
            assert page.url == url
            assert not [u for u in sent if "2450" in u or "penalty" in u or "?" in u], sent
            assert page.locator(field).input_value() == "2450.17"  # the page did not reload
    finally:
        ctx.close()


def test_over_plain_http_the_tools_say_why_they_cannot_run(browser, base_url):
    """Off this computer, over http:// (no https), the browser turns off the checks
    the tools need (crypto.subtle): the page says so, instead of failing oddly."""
    origin = base_url.split("/cp14/")[0]
    plain = "http://cp14.test/cp14/"
    ctx = browser.new_context(service_workers="block")

    def forward(route):
        url = route.request.url.replace("http://cp14.test", origin, 1)
        route.fulfill(response=route.fetch(url=url))

    ctx.route("http://cp14.test/**", forward)
    page = ctx.new_page()
    try:
        page.goto(plain + "tools/letter/")
        assert page.evaluate("window.isSecureContext") is False
        page.wait_for_selector(f"{ROOT}[data-state=failed]", timeout=LOAD_TIMEOUT_MS)
        status = page.locator("[data-role=status]")
        expect(status).to_contain_text("plain HTTP")
        expect(status).to_contain_text("https://")
        expect(status).not_to_contain_text("undefined")
        expect(page.locator(".cp14-blank[data-blank=dispute]")).to_be_visible()
    finally:
        ctx.close()
