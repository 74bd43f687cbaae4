"""The annotated sample CP14 (hooks/sample_notice.py): what it says, where it appears,
and that it works for everyone: axe-core in light and dark mode, a phone, 200% zoom
and print.

On a phone the sample shows part by part; the browser tests measure what Chromium
renders: every text's font size times the scale its picture is drawn at.
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
    whole = re.search(r"<svg\b.*?</svg>", out, re.S).group(0)
    numbers = re.findall(r'<g class="sn-callout">.*?<text[^>]*>(\d+)</text></g>', whole)
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


def test_the_parts_hold_every_callout_once_in_reading_order():
    numbers = [n for part in sample.PARTS for n in part.callouts]
    assert numbers == [c.number for c in sample.CALLOUTS] == list(range(1, 10))
    for part in sample.PARTS:
        words = part.text("June 22, 2026").lower()
        for n in part.callouts:
            assert f"callout {n}, {sample.BY_NUMBER[n].name.lower()}" in words, part.key


def test_every_view_is_one_width_and_lies_on_the_page():
    for part in sample.PARTS:
        for view in part.views:
            assert view.x >= 0 and view.x + sample.VIEW_WIDTH <= sample.PAGE_WIDTH, view.key
            assert view.y >= 0 and view.y + view.height <= sample.PAGE_HEIGHT, view.key


def _drawn(svg: str) -> str:
    """What an SVG draws of the notice itself: no title, paper, watermark or callouts."""
    inner = re.sub(r"^<svg\b[^>]*>|</svg>$", "", svg)
    inner = re.sub(r"<title\b.*?</title>", "", inner)
    inner = inner.replace(sample.PAPER, "")
    inner = re.sub(r'<text [^>]*class="sn-watermark"[^>]*>SAMPLE</text>', "", inner)
    inner = re.sub(r'<rect [^>]*class="sn-mark"/>', "", inner)
    return re.sub(r'<g class="sn-callout">.*?</g>', "", inner)


def test_the_parts_and_the_whole_are_drawn_from_one_source():
    out = sample.sample_notice_html("t")
    svgs = re.findall(r"<svg\b.*?</svg>", out, re.S)
    whole, views = svgs[0], svgs[1:]
    assert len(views) == sum(len(part.views) for part in sample.PARTS)
    assert _drawn(whole) == "".join(_drawn(v) for v in views)
    # Each marker is drawn once on the whole page and once in the views.
    markers = [re.findall(r'<g class="sn-callout">.*?>(\d+)</text></g>', v) for v in views]
    assert sorted(int(n) for found in markers for n in found) == list(range(1, 10))


def test_each_view_is_labelled_and_described_by_its_part_in_words():
    out = sample.sample_notice_html("t")
    alt = re.search(r'<details class="cp14-sample__alt" id="t-alt">(.*?)</details>', out, re.S)
    for part in sample.PARTS:
        assert f'<li id="t-alt-{part.key}">' in alt.group(1), part.key
        for view in part.views:
            tag = re.search(rf'<svg [^>]*aria-labelledby="t-view-{view.key}-title"[^>]*>', out)
            assert tag and f'aria-describedby="t-alt-{part.key}"' in tag.group(0), view.key
            assert f'<title id="t-view-{view.key}-title">{part.label}' in out


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


# Every text the sample shows: its rendered font size (the computed size times the scale
# of the SVG it is in, from getScreenCTM) and whether it lies inside its picture.
RENDERED_TEXTS = """(selector) => {
  const fig = document.querySelector(selector);
  const shown = [], whole = [];
  const svgs = [...fig.querySelectorAll('svg')];
  for (const t of svgs[0].querySelectorAll('text')) {
    if (!t.classList.contains('sn-watermark')) whole.push(t.textContent);
  }
  for (const svg of svgs) {
    if (!svg.checkVisibility() || !svg.getBoundingClientRect().width) continue;
    const vb = svg.viewBox.baseVal;
    for (const t of svg.querySelectorAll('text')) {
      const m = t.getScreenCTM();
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      const mark = t.classList.contains('sn-watermark');
      const b = t.getBBox();
      const inside = b.x >= vb.x && b.y >= vb.y && b.x + b.width <= vb.x + vb.width
        && b.y + b.height <= vb.y + vb.height;
      shown.push({text: t.textContent, px, mark, inside, view: svg === svgs[0] ? 'whole'
        : svg.querySelector('title').textContent});
    }
  }
  return {shown, whole};
}"""

# For each part shown on a phone: where its last picture ends, where its list starts,
# the numbers on its pictures and the numbers its list gives.
PARTS_LAYOUT = """(selector) => [...document.querySelectorAll(selector + ' .cp14-sample__part')]
  .map(part => {
    const views = [...part.querySelectorAll('svg')];
    const ol = part.querySelector('ol');
    return {
      id: part.id,
      bottom: Math.max(...views.map(v => v.getBoundingClientRect().bottom)),
      listTop: ol ? ol.getBoundingClientRect().top : null,
      onPictures: views.flatMap(v => [...v.querySelectorAll('.sn-callout text')]
        .map(t => Number(t.textContent))),
      listed: ol ? [...ol.children].map((li, i) => ol.start + i) : [],
    };
  })"""

# Where each page shows the sample; the letter tool keeps it in a closed details.
SAMPLES = [
    ("", "home-sample", None),
    ("check-the-amount/", "amount-sample", None),
    ("tools/letter/", "letter-sample", ".cp14-where > summary"),
]
SMALLEST_PX = 10


def open_sample(page, base_url, url, opener):
    page.goto(base_url + url)
    if opener:
        page.locator(opener).click()


@pytest.mark.browser
def test_on_a_phone_the_sample_shows_part_by_part_every_text_at_10px_or_more(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        for url, prefix, opener in SAMPLES:
            open_sample(page, base_url, url, opener)
            sel = f"#{prefix}"
            assert not page.locator(f"{sel} .cp14-sample__picture").is_visible(), url
            views = page.locator(f"{sel} .cp14-sample__view")
            assert views.count() == sum(len(p.views) for p in sample.PARTS)
            found = page.evaluate(RENDERED_TEXTS, sel)
            shown = found["shown"]
            assert shown and all(t["view"] != "whole" for t in shown), url
            smallest = min(shown, key=lambda t: t["px"])
            assert smallest["px"] >= SMALLEST_PX, f"/{url}: {smallest}"
            cut = [t for t in shown if not t["mark"] and not t["inside"]]
            assert not cut, f"/{url}: text cut off at the edge of its picture: {cut}"
            # Every text of the whole page is on one of the parts, once.
            texts = sorted(t["text"] for t in shown if not t["mark"])
            assert texts == sorted(found["whole"]), url
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= client, f"/{url} scrolls sideways"
    finally:
        context.close()


@pytest.mark.browser
def test_on_a_phone_each_part_has_its_callouts_right_under_it(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        for url, prefix, opener in SAMPLES:
            open_sample(page, base_url, url, opener)
            parts = page.evaluate(PARTS_LAYOUT, f"#{prefix}")
            assert [p["id"] for p in parts] == [f"{prefix}-part-{p.key}" for p in sample.PARTS]
            for part in parts:
                assert part["listed"] == part["onPictures"], (url, part)
                if part["listed"]:
                    gap = part["listTop"] - part["bottom"]
                    assert 0 <= gap <= 24, f"/{url}: {part['id']}'s callouts start {gap}px under it"
            listed = [n for p in parts for n in p["listed"]]
            assert listed == [c.number for c in sample.CALLOUTS], url
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [640, 1280], ids=["zoom200", "desktop"])
def test_wider_every_text_of_the_sample_is_still_10px_or_more(browser, base_url, width):
    # 640 CSS px is a 1280 px window at 200% zoom.
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        for url, prefix, opener in SAMPLES:
            open_sample(page, base_url, url, opener)
            shown = page.evaluate(RENDERED_TEXTS, f"#{prefix}")["shown"]
            assert shown, url
            smallest = min(shown, key=lambda t: t["px"])
            assert smallest["px"] >= SMALLEST_PX, f"/{url} at {width}px: {smallest}"
        # The guide's own column is wide enough for the whole page.
        page.goto(base_url)
        assert page.locator("#home-sample .cp14-sample__picture").is_visible()
        assert not page.locator("#home-sample .cp14-sample__view").first.is_visible()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_sample_in_parts_passes_axe(browser, base_url, mode):
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, bypass_csp=True, color_scheme=mode
    )
    try:
        page = context.new_page()
        for url, prefix, opener in SAMPLES:
            open_sample(page, base_url, url, opener)
            assert page.locator(f"#{prefix} .cp14-sample__view").first.is_visible()
            page.locator(f"#{prefix}-alt summary").click()
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(RUN_AXE_ON, [f"#{prefix}", TAGS])
            assert not violations, f"/{url} at 360px [{mode}]: {violations}"
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


@pytest.mark.browser
def test_a_phone_prints_the_whole_page_not_the_parts(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + "check-the-amount/")
        assert page.locator("#amount-sample .cp14-sample__view").first.is_visible()
        page.emulate_media(media="print")
        assert page.locator("#amount-sample .cp14-sample__picture svg").is_visible()
        assert not page.locator("#amount-sample .cp14-sample__view").first.is_visible()
    finally:
        context.close()


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
        # The letter tool's column is narrow even on a wide screen: the parts show.
        assert page.locator("#letter-sample .cp14-sample__view").first.is_visible()
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE_ON, ["#letter-sample", TAGS])
        assert not violations, f"letter tool [{mode}]: {violations}"
    finally:
        context.close()
