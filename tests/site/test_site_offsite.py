"""No request may leave the site's own origin: no CDN, no web fonts, no analytics, no API.

Two checks:
- static: the built HTML, CSS and JavaScript name no absolute http(s) URL as something
  the browser fetches by itself (src=, srcset=, <link rel=stylesheet|preload|icon...>,
  form actions, @import, url(), importScripts/import/fetch/new Worker of a literal URL).
  Plain <a href="https://www.irs.gov/..."> links are fine: a person chooses to follow them.
- in the browser: every page is loaded in headless Chromium and every request the context
  sees (pages, web workers and the site's service worker, which is on and in charge after
  the first page) is recorded; any request to another origin fails the test. That
  browser resolves no host name but the test server's address
  (`--host-resolver-rules`), so such a request fails at once instead of leaving the
  machine. (Not a Playwright route: intercepting every request, with the service worker
  answering a tool's worker, crashes Chromium's renderer on a later tool page; readers'
  browsers never intercept.)
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitekit import (
    ABSOLUTE_HTTP,
    Page,
    built_html_files,
    css_remote_urls,
    js_remote_urls,
    parse_links,
)

LOCAL_SCHEMES = ("data", "blob", "about", "chrome-extension", "chrome", "devtools")


@pytest.mark.site
def test_built_files_name_no_offsite_assets(site_dir: Path) -> None:
    problems = []
    for file in built_html_files(site_dir):
        rel = file.relative_to(site_dir).as_posix()
        parsed = parse_links(file.read_text(encoding="utf-8", errors="replace"))
        for link in parsed.links:
            if link.is_asset and ABSOLUTE_HTTP.match(link.url):
                rels = f" rel={' '.join(link.rel)!r}" if link.rel else ""
                problems.append(f"{rel}:{link.line}: <{link.tag}{rels} {link.attr}={link.url!r}>")
        for line, css in parsed.styles:
            problems += [f"{rel}:{line}: CSS fetches {url!r}" for url in css_remote_urls(css)]
        problems += [f"{rel}: script fetches {url!r}" for url in js_remote_urls(_inline(file))]
    for file in sorted(site_dir.rglob("*.css")):
        rel = file.relative_to(site_dir).as_posix()
        css = file.read_text(encoding="utf-8", errors="replace")
        problems += [f"{rel}: CSS fetches {url!r}" for url in css_remote_urls(css)]
    for pattern in ("*.js", "*.mjs"):
        for file in sorted(site_dir.rglob(pattern)):
            rel = file.relative_to(site_dir).as_posix()
            js = file.read_text(encoding="utf-8", errors="replace")
            problems += [f"{rel}: script fetches {url!r}" for url in js_remote_urls(js)]
    assert not problems, (
        "The built site names assets on other origins (self-host them instead):\n"
        + "\n".join(problems)
    )


def _inline(file: Path) -> str:
    """The text of an HTML file's inline <script> blocks (good enough for the JS scan)."""
    html = file.read_text(encoding="utf-8", errors="replace")
    parts = []
    for chunk in html.split("<script")[1:]:
        head, _, rest = chunk.partition(">")
        if "src=" in head:
            continue
        parts.append(rest.split("</script>", 1)[0])
    return "\n".join(parts)


def _is_local(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin


# Every host name fails to resolve, but the test server's address (127.0.0.1).
NOWHERE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@pytest.mark.browser
def test_pages_request_nothing_from_other_origins(own_browser, base_url: str, pages: list[Page]):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
    offsite: list[str] = []
    current = {"page": "(none)"}

    browser = own_browser(NOWHERE)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="allow")
    try:
        # Every request from the pages, their workers and service workers.
        context.on(
            "request",
            lambda req: (
                None
                if _is_local(req.url, origin)
                else offsite.append(f"{current['page']}: {req.method} {req.url}")
            ),
        )

        page = context.new_page()
        page.on("websocket", lambda ws: offsite.append(f"{current['page']}: websocket {ws.url}"))
        for site_page in pages:
            current["page"] = site_page.path
            url = base_url.rstrip("/") + site_page.path[len("/cp14") :]
            response = page.goto(url, wait_until="networkidle")
            assert response is not None and response.ok, f"{site_page.path} did not load"
        # Exercise what loads lazily: the search worker and its index, the palette toggle.
        current["page"] = f"{pages[0].path} (search)"
        page.goto(base_url, wait_until="networkidle")
        search = page.locator("input[data-md-component=search-query]").first
        if search.count():
            search.focus()
            page.keyboard.type("penalty")  # the theme searches on key presses
            page.locator(".md-search-result__item").first.wait_for()
            page.wait_for_load_state("networkidle")
            page.keyboard.press("Escape")
        toggle = page.locator("form[data-md-component=palette] label:visible").first
        if toggle.count():
            toggle.click()
            page.wait_for_load_state("networkidle")
        # The service worker was on: it served these pages and sent its own requests.
        assert page.evaluate("navigator.serviceWorker.controller !== null")
        assert context.service_workers, "the site's service worker did not start"
    finally:
        context.close()
    assert not offsite, (
        f"Requests to origins other than {origin} (the site must be self-contained):\n"
        + "\n".join(sorted(set(offsite)))
    )
