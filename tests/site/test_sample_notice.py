"""The annotated sample CP14 (hooks/sample_notice.py): what it says, where it appears,
and that it works for everyone: axe-core in light and dark mode, a phone, and print.
"""

from __future__ import annotations

import importlib.util
import re
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest
from sitekit import article

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The pages that show the sample, and the id each gives it.
PAGES = {"": "home-sample", "check-the-amount/": "amount-sample"}


def load_sample() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "sample_notice", ROOT / "hooks" / "sample_notice.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sample = load_sample()


def text_alternative(figure_html: str, prefix: str) -> str:
    m = re.search(
        rf'<details class="cp14-sample__alt" id="{prefix}-alt">(.*?)</details>', figure_html, re.S
    )
    assert m, "no text version"
    return re.sub(r"<[^>]+>", " ", m.group(1))


# ---------------------------------------------------------------- the figure itself


def test_the_figure_is_marked_sample_and_every_text_is_made_up():
    out = sample.sample_notice_html("t")
    svg = re.search(r"<svg\b.*?</svg>", out, re.S).group(0)
    assert "SAMPLE" in svg and "NOT A REAL NOTICE" in svg
    assert sample.PHONE.startswith("800-555-01")  # numbers set aside for fiction
    assert "XXX-XX-0000" in svg and "00000" in svg
    assert "style=" not in out  # the Content-Security-Policy allows no inline style
    assert 'role="img"' in svg and 'aria-labelledby="t-title"' in svg
    assert 'aria-describedby="t-alt"' in svg
    assert "A real notice can look different" in out


def test_every_callout_is_numbered_on_the_picture_and_explained_in_words():
    out = sample.sample_notice_html("t")
    numbers = re.findall(r'<g class="sn-callout">.*?<text[^>]*>(\d+)</text></g>', out)
    assert numbers == [str(c.number) for c in sample.CALLOUTS]
    items = re.findall(r'<li id="t-callout-(\d+)"><strong>([^<]+)\.</strong>', out)
    assert [(int(n), name) for n, name in items] == [(c.number, c.name) for c in sample.CALLOUTS]
    names = {c.name for c in sample.CALLOUTS}
    for part in (
        "Notice number",
        "Notice date",
        "Tax year",
        "Amount due",
        "Pay-by date",
        "Billing summary",
        "IRS address",
        "Payment stub",
    ):
        assert part in names


def test_the_text_alternative_mentions_each_callout():
    out = sample.sample_notice_html("t")
    alt = text_alternative(out, "t").lower()
    for c in sample.CALLOUTS:
        assert f"callout {c.number}, {c.name.lower()}" in alt, c.name
    for value in (
        sample.AMOUNT_DUE,
        sample.PHONE,
        "CP14",
        sample.TAX_YEAR,
        "United States Treasury",
    ):
        assert value.lower() in alt


def test_the_pay_by_date_follows_the_window_it_is_given():
    for days in (21, 30):
        due = sample.long_date(sample.NOTICE_DATE + timedelta(days=days))
        out = sample.sample_notice_html("t", window_days=days)
        assert f"Pay by {due}" in out and f"Pay by {due}" in text_alternative(out, "t")


def test_ids_carry_the_prefix_so_two_samples_can_share_a_page():
    both = sample.sample_notice_html("a") + sample.sample_notice_html("b", compact=True)
    ids = re.findall(r'\bid="([^"]+)"', both)
    assert len(ids) == len(set(ids))
    assert "cp14-sample--compact" in both


# ---------------------------------------------------------------- on the pages


@pytest.mark.site
@pytest.mark.parametrize(("url", "prefix"), PAGES.items(), ids=["home", "check-the-amount"])
def test_the_sample_is_on_the_page_with_its_text_version(site_dir, url, prefix):
    body = article((site_dir / url / "index.html").read_text(encoding="utf-8"))
    assert body.count('class="cp14-sample"') == 1
    figure = re.search(rf'<figure class="cp14-sample" id="{prefix}">.*?</figure>', body, re.S)
    assert figure, f"/{url}: no sample notice"
    alt = text_alternative(figure.group(0), prefix).lower()
    for c in sample.CALLOUTS:
        assert f"callout {c.number}, {c.name.lower()}" in alt


@pytest.mark.site
def test_the_home_page_shows_the_sample_under_what_am_i_looking_at(site_dir):
    body = article((site_dir / "index.html").read_text(encoding="utf-8"))
    heading = body.index('id="what-am-i-looking-at"')
    assert heading < body.index('class="cp14-sample"') < body.index('id="what-is-a-cp14"')


# ---------------------------------------------------------------- in the browser

RUN_AXE_ON = """async ([selector, tags]) => {
  const r = await axe.run({include: [selector]}, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return r.violations.map(v => v.id + ": " + v.help + " at "
    + v.nodes.map(n => n.target.join(" ")).join(", "));
}"""


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_sample_passes_axe(browser, base_url, mode):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True, color_scheme=mode
    )
    try:
        page = context.new_page()
        for url, prefix in PAGES.items():
            page.goto(base_url + url)
            scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert scheme == ("slate" if mode == "dark" else "default")
            page.add_script_tag(path=str(AXE))
            # Open the text version too, so axe checks it as shown.
            page.locator(f"#{prefix}-alt summary").click()
            violations = page.evaluate(RUN_AXE_ON, [f"#{prefix}", TAGS])
            assert not violations, f"/{url} [{mode}]: {violations}"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_picture_follows_the_colour_scheme(browser, base_url, mode):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=mode)
    try:
        page = context.new_page()
        page.goto(base_url)
        colours = page.evaluate(
            """() => {
              const fig = document.querySelector('#home-sample');
              const text = getComputedStyle(fig.querySelector('.sn-text')).fill;
              const paper = getComputedStyle(fig.querySelector('.sn-paper')).fill;
              const marker = getComputedStyle(fig.querySelector('.sn-callout circle')).fill;
              const number = getComputedStyle(fig.querySelector('.sn-callout text')).fill;
              const page = getComputedStyle(document.body).color;
              return {text, paper, marker, number, page};
            }"""
        )
    finally:
        context.close()
    # The notice's text is the page's text colour, on paper that is not the same colour.
    assert colours["text"] == colours["page"], colours
    assert colours["text"] != colours["paper"], colours
    assert colours["marker"] != colours["number"], colours


@pytest.mark.browser
def test_on_a_phone_the_callouts_are_a_list_under_the_picture(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        for url, prefix in PAGES.items():
            page.goto(base_url + url)
            svg = page.locator(f"#{prefix} svg").bounding_box()
            items = page.locator(f"#{prefix} .cp14-sample__callouts > li")
            assert items.count() == len(sample.CALLOUTS)
            first = items.first.bounding_box()
            assert svg and first and first["y"] >= svg["y"] + svg["height"], (url, svg, first)
            assert svg["width"] <= 360
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= client, f"/{url} scrolls sideways"
    finally:
        context.close()


@pytest.mark.browser
def test_the_picture_prints_black_on_white(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(base_url + "check-the-amount/")
        page.emulate_media(media="print", color_scheme="dark")
        text, paper = page.evaluate(
            """() => [getComputedStyle(document.querySelector('#amount-sample .sn-text')).fill,
                      getComputedStyle(document.querySelector('#amount-sample .sn-paper')).fill]"""
        )
    finally:
        context.close()
    assert text == "rgb(0, 0, 0)" and paper == "rgb(255, 255, 255)", (text, paper)


# ---------------------------------------------------------------- in the letter tool


@pytest.mark.site
def test_the_letter_tool_shows_the_sample_where_it_asks_about_the_notice(site_dir):
    body = article((site_dir / "tools" / "letter" / "index.html").read_text(encoding="utf-8"))
    where = body.index('<details class="cp14-where"><summary>Where do I find these on my CP14?')
    figure = re.search(
        r'<figure class="cp14-sample[^"]*" id="letter-sample">.*?</figure>', body, re.S
    )
    assert figure and where < figure.start() < body.index("</section>", where)
    alt = text_alternative(figure.group(0), "letter-sample").lower()
    for c in sample.CALLOUTS:
        assert f"callout {c.number}, {c.name.lower()}" in alt


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_sample_in_the_letter_tool_passes_axe(browser, base_url, mode):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True, color_scheme=mode
    )
    try:
        page = context.new_page()
        page.goto(base_url + "tools/letter/")
        page.locator(".cp14-where > summary").click()
        page.locator("#letter-sample-alt summary").click()
        expect_visible = page.locator("#letter-sample svg")
        assert expect_visible.is_visible()
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE_ON, ["#letter-sample", TAGS])
        assert not violations, f"letter tool [{mode}]: {violations}"
    finally:
        context.close()
