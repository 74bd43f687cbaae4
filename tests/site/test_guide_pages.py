"""The guide pages ask the reader's questions, and work on a phone, at 200% zoom,
with a keyboard and on paper. (Readability is measured in test_site_readability.py.)
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sitekit import article, page_html_path

ROOT = Path(__file__).resolve().parents[2]
GUIDE_PAGES = sorted((ROOT / "docs").glob("*.md"))


@pytest.mark.site
@pytest.mark.parametrize("md", GUIDE_PAGES, ids=lambda p: p.name)
def test_headings_are_questions(site_dir, md):
    body = article(page_html_path(site_dir, md).read_text(encoding="utf-8"))
    for level, heading in re.findall(r"<h([1-3])\b[^>]*>(.*?)</h\1>", body, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", heading)).replace("¶", "").strip()
        assert "?" in text, f"{md.name}: h{level} {text!r} is not a question"


def test_pages_use_the_two_advice_boxes():
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert '!!! tip "Do this now"' in home
    assert '!!! warning "Watch out"' in home
    for md in GUIDE_PAGES:
        text = md.read_text(encoding="utf-8")
        for title in re.findall(r"^!!! \w+ \"([^\"]+)\"", text, flags=re.M):
            assert title in ("Do this now", "Watch out"), f"{md.name}: box titled {title!r}"


def test_internal_links_are_relative():
    for md in GUIDE_PAGES:
        for target in re.findall(r"\]\(([^)\s]+)", md.read_text(encoding="utf-8")):
            assert not target.startswith(("/", "http://127", "https://cp14")), (md.name, target)
            if not target.startswith("#"):
                path = target.split("#", 1)[0]
                assert path.endswith(".md"), f"{md.name}: link {target} should point at a .md page"


def test_home_links_to_both_tools_and_all_four_paths():
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "](tools/letter.md){ .md-button .md-button--primary }" in home
    assert "](tools/deadlines.md){ .md-button" in home
    for page in ("pay.md", "cant-pay.md", "dispute.md", "penalty-relief.md"):
        assert f"]({page})" in home


# ---------------------------------------------------------------- in the browser

PAGE_URLS = ["" if md.stem == "index" else f"{md.stem}/" for md in GUIDE_PAGES]


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scale"), [(360, 1), (640, 2)], ids=["phone", "zoom200"])
def test_no_sideways_scrolling(browser, base_url, width, scale):
    ctx = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=scale)
    try:
        page = ctx.new_page()
        for url in PAGE_URLS:
            page.goto(base_url + url)
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= client, f"/{url} scrolls sideways at {width}px ({scroll} > {client})"
    finally:
        ctx.close()


@pytest.mark.browser
def test_keyboard_focus_is_clearly_outlined(page, base_url):
    page.goto(base_url + "pay/")
    page.locator("article a[href^='http']").first.focus()
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert style[0] == "solid" and style[1] >= 2, style


@pytest.mark.browser
def test_print_hides_navigation_and_shows_link_addresses(page, base_url):
    page.goto(base_url + "pay/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(selector).first.is_hidden(), selector
    after = page.evaluate(
        "() => getComputedStyle(document.querySelector(\"article a[href^='http']\"),"
        " '::after').content"
    )
    assert "irs.gov" in after or "http" in after, after
