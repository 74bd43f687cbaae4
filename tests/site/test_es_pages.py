"""The Spanish site at /es/ is the English guide, page for page.

- Every English page has its Spanish page at the same address under es/, and no
  other: the same headings on each guide pair, and the same figures from
  facts.toml (the same value macros and notes in the Markdown, the same dollar
  amounts and percentages on the built page).
- Every page says its language (<html lang>), names its counterpart in each
  language and the default (hreflang en, es, x-default), and the links agree both
  ways. The language switch on every page goes to the same page in the other
  language, names it in that language (lang) and stores nothing.
- The Spanish pages use the English build's runtime and scripts (one copy), and
  the service worker keeps the pages of both languages for offline use.
- The Spanish search is its own: an index of the Spanish pages only, with lunr's
  Spanish stemmer and stop words.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitekit import PREFIX, Page, article, language_pages, own_language_text, resolve
from test_guide_facts import note_calls, value_calls

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
HEADING = re.compile(r"<h([1-6])\b")
MONEY = re.compile(r"\$\d[\d,]*(?:\.\d\d)?")
PERCENT = re.compile(r"\d+(?:\.\d+)?%")
TAG = re.compile(r"<[^>]+>")
OFFLINE = re.compile(r"^const OFFLINE = (\{.*\});$", re.M)
# The tool pages' forms are the tools' own (hooks/tool_pages.py and the Spanish
# tool pages in docs/es/tools/): their headings and figures are checked there.
TOOLS = "tools/"


class _Head(HTMLParser):
    """<html lang>, the alternates and the language switch of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.switch: list[dict[str, str]] = []
        self._in_switch: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "link" and "alternate" in a.get("rel", "").split() and "hreflang" in a:
            assert a["hreflang"] not in self.alternates, f"two alternates for {a['hreflang']}"
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "a" and "cp14-lang__link" in a.get("class", "").split():
            self._in_switch = {**a, "text": ""}
            self.switch.append(self._in_switch)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_switch = None

    def handle_data(self, data: str) -> None:
        if self._in_switch is not None:
            self._in_switch["text"] += data


def head(page: Page) -> _Head:
    parser = _Head()
    parser.feed(page.file.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def english(site_dir: Path) -> dict[str, Page]:
    return {p.bare: p for p in language_pages(site_dir, "en")}


@pytest.fixture(scope="module")
def spanish(site_dir: Path) -> dict[str, Page]:
    if not (site_dir / "es" / "sitemap.xml").is_file():
        pytest.fail("The Spanish site is not built: run `make site` (it builds both).")
    return {p.bare: p for p in language_pages(site_dir, "es")}


def md_of(bare: str, lang: str) -> Path:
    stem = bare.rstrip("/") or "index"
    return (DOCS / ("es" if lang == "es" else "") / stem).with_suffix(".md")


def text_of(page: Page, foreign: tuple[str, ...] = ()) -> str:
    """The article's text (without code or the sample notice's picture), as read;
    without what is marked as one of the `foreign` languages."""
    blocks, _ = own_language_text(page.file.read_text(encoding="utf-8"), foreign, whole=False)
    return " ".join(blocks)


def test_the_spanish_site_has_every_page_of_the_english_one(english, spanish):
    assert sorted(spanish) == sorted(english)
    guide = [b for b in english if english[b].is_guide]
    assert len(guide) >= 9 and all(spanish[b].is_guide for b in guide)


def test_each_pair_of_guide_pages_has_the_same_headings(english, spanish):
    differ = []
    for bare, en in english.items():
        if bare.startswith(TOOLS) or bare == "404.html":
            continue
        levels = [HEADING.findall(article(p.file.read_text("utf-8"))) for p in (en, spanish[bare])]
        if levels[0] != levels[1]:
            differ.append(f"{bare or '(home)'}: en {levels[0]} es {levels[1]}")
    assert differ == []


def test_each_pair_states_the_same_figures_from_the_data(english, spanish):
    """The same value macros and notes in the Markdown (so the same facts), and the
    same dollar amounts and percentages on the built pages."""
    checked = 0
    for bare, en in english.items():
        if bare.startswith(TOOLS) or bare == "404.html":
            continue
        md_en, md_es = md_of(bare, "en"), md_of(bare, "es")
        src_en, src_es = md_en.read_text("utf-8"), md_es.read_text("utf-8")
        assert value_calls(src_es) == value_calls(src_en), bare
        assert note_calls(src_es) == note_calls(src_en), bare
        body_en, body_es = text_of(en), text_of(spanish[bare])
        for pattern in (MONEY, PERCENT):
            assert sorted(set(pattern.findall(body_es))) == sorted(set(pattern.findall(body_en))), (
                bare,
                pattern.pattern,
            )
        notes = [b.count('class="footnote-ref"') for b in (article(en.file.read_text("utf-8")),
                 article(spanish[bare].file.read_text("utf-8")))]  # fmt: skip
        assert notes[0] == notes[1], (bare, notes)
        checked += len(value_calls(src_en))
    assert checked > 40


SPANISH_DATE = re.compile(
    r"\b\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"octubre|noviembre|diciembre) de \d{4}\b"
)
ENGLISH_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) \d{1,2}, \d{4}"
)


@pytest.mark.parametrize("bare", ["sources/", "about/", "cant-pay/", "ignore/"])
def test_dates_from_the_data_are_written_in_spanish(spanish, bare):
    """checked_date, fact_from, the notes' dates: "16 de marzo de 2026"."""
    text = text_of(spanish[bare], ("en",))  # not the English titles of the sources
    assert SPANISH_DATE.search(text), bare
    assert not ENGLISH_DATE.search(text), ENGLISH_DATE.search(text)


def test_every_page_says_its_language(english, spanish):
    wrong = [p.rel for p in english.values() if head(p).lang != "en"]
    wrong += [p.rel for p in spanish.values() if head(p).lang != "es"]
    assert wrong == []


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_every_page_names_its_counterparts_both_ways(english, spanish):
    """hreflang en, es and x-default (English) on every page but the 404 page, each
    the counterpart's address; the counterpart names this page back."""
    problems = []
    for bare in english:
        if bare == "404.html":
            continue
        pair = {"en": english[bare], "es": spanish[bare]}
        for page in pair.values():
            alt = head(page).alternates
            want = {"en": PREFIX + bare, "es": PREFIX + "es/" + bare, "x-default": PREFIX + bare}
            got = {k: _path(v) for k, v in alt.items()}
            if got != want:
                problems.append(f"{page.rel or '(home)'}: {got}")
            assert all(v.startswith(("http://", "https://")) for v in alt.values()), alt
        # Reciprocal: each names the other with the same addresses.
        assert head(pair["en"]).alternates == head(pair["es"]).alternates, bare
    assert problems == []
    for page in (english["404.html"], spanish["404.html"]):
        assert head(page).alternates == {}, page.rel


def test_the_switch_goes_to_the_same_page_in_the_other_language(english, spanish):
    for pages, other, name in ((english, spanish, "Español"), (spanish, english, "English")):
        for bare, page in pages.items():
            links = head(page).switch
            assert len(links) == 1, (page.rel, links)
            link = links[0]
            assert link["text"].strip() == name and link["lang"] == link["hreflang"], link
            target = "" if bare == "404.html" else bare
            base = page.path if bare != "404.html" else PREFIX + page.rel
            assert resolve(base, link["href"]) == other[target].path, (page.rel, link["href"])


def test_the_spanish_pages_use_the_english_builds_runtime_and_scripts(site_dir, spanish):
    assert not (site_dir / "es" / "assets" / "pyodide").exists()
    assert not (site_dir / "es" / "javascripts").exists()
    runtime = [p.name for p in (site_dir / "assets" / "pyodide").iterdir() if p.is_dir()]
    assert len(runtime) == 1
    for bare in ("", "pay/"):
        html = spanish[bare].file.read_text("utf-8")
        for script in ("javascripts/cp14-offline.js", "javascripts/cp14-keyboard.js"):
            src = re.search(rf'<script src="([^"]*{script})" integrity="sha256-', html)
            assert src, (bare, script)
            assert resolve(spanish[bare].path, src[1]) == PREFIX + script
    for tool in ("letter", "deadlines", "plan"):
        html = spanish[f"tools/{tool}/"].file.read_text("utf-8")
        assert f"assets/pyodide/{runtime[0]}/" in html, tool
        assert "__CP14_CSP__" not in html and "<!-- cp14:" not in html, tool


def test_the_service_worker_keeps_both_languages(site_dir, english, spanish):
    found = OFFLINE.search((site_dir / "sw.js").read_text("utf-8"))
    assert found
    offline = json.loads(found[1])
    for pages in (english, spanish):
        for page in pages.values():
            assert page.rel in offline["files"], page.rel
    tools = offline["tools"]
    for tool in ("letter", "deadlines", "plan"):
        assert tools[f"es/tools/{tool}/"] == tools[f"tools/{tool}/"], tool


def _search(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text("utf-8"))


def test_the_spanish_search_index_is_spanish(site_dir, spanish):
    es, en = _search(site_dir / "es"), _search(site_dir)
    assert es["config"]["lang"] == ["es"] and en["config"]["lang"] == ["en"]
    # Every Spanish page is in the Spanish index, and only Spanish pages.
    locations = {d["location"].split("#", 1)[0] for d in es["docs"]}
    assert locations == {b for b in spanish if b != "404.html"}
    titles = " ".join(d["title"] for d in es["docs"])
    assert "¿Cómo pago?" in titles and "How do I pay?" not in titles
    # The theme's Spanish stemmer, shipped with the site (no other origin).
    lunr = site_dir / "es" / "assets" / "javascripts" / "lunr" / "min"
    assert (lunr / "lunr.es.min.js").is_file()
