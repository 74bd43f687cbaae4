"""mkdocs-macros module: render figures and sources from cp14's data file into the guide.

Every rate, fee, threshold and day count a page states comes through these
macros, so the pages and the calculator read the same file. A page writes, for
example, ``{{ money("short_term_plan_max_balance") }}`` and, next to a figure,
``{{ fact_note("short_term_plan_max_balance") }}`` for its source, date and
status. Notes are footnotes: the sentence keeps only a small number (and the
word "reported" for a figure not yet confirmed), and the source, its exact
title and the date go in a list at the end of the page, under "Where do the
figures on this page come from?". ``{{ cite("irc-6402") }}`` does the same for a source alone.
A page with notes ends with ``{{ page_notes() }}``, which writes that list (a test
checks every such page does).

The words around the figures are the build's language (``extra.cp14.lang`` in
mkdocs.yml or mkdocs.es.yml): English here (``ENGLISH``), Spanish from
hooks/macros-es.toml; dates as each language writes them (cp14.i18n.long_date:
"March 16, 2026" / "16 de marzo de 2026"), money as ``$2,450.17`` in both.

The data file is the packaged ``cp14/data/facts.toml``. Set ``CP14_FACTS_FILE``
to the path of another copy to build the site from it (the tests do this to
prove that a changed figure changes every page that states it).

Text from the data file is escaped before it goes into a page; it is never run
as a template.
"""

from __future__ import annotations

import html
import importlib.util
import os
import posixpath
import re
import tomllib
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

from cp14 import facts, i18n

ENV_VAR = "CP14_FACTS_FILE"
HOOKS = Path(__file__).resolve().parent

# What the macros write around the figures, in English; another language's words
# are in hooks/macros-<lang>.toml ([words], and [units] and [labels]: see
# words_for). A {placeholder} is filled in by the macro.
ENGLISH: dict[str, str] = {
    "notes_heading": "## Where do the figures on this page come from? { #page-sources }",
    "flag": "reported",
    "note_reported": (
        '{values}: <strong class="fact-status">reported</strong>, seen so far only '
        "in secondary sources, not yet in the law or in IRS text. It applies "
        "{since}. Source: {link}."
    ),
    "check_current": " Check the current figure: {link}.",
    "note_confirmed": "{values}: in force {since}. Source: {link}.",
    "since_from": "from {date}",
    "since_as_of": "as of {date}",
    "cite": "Source: {links}.",
    "secondary": "{label} (secondary source)",
    "history_item": "- From {year}: {lead}{value}.{note}",
    "source_lang": "",
    "official_item": "{title}. Official source.",
    "secondary_item": "{title}. Secondary source. Address: <code>{url}</code>.",
    "checked_item": " Checked {date}.",
    "confirmed": "Confirmed",
    "reported": "Reported",
    "source": "Source",
    "rate_item": "{date}: {pct} a year. {status}. {reference}.",
    "rate_reported": "",
    "sources": "Sources",
    "and": " and ",
}
# A rate's reference that says, in English, that the IRS has not been seen to
# publish it (said in the reader's words instead: `rate_reported`).
RATE_REPORTED = re.compile(r"\s*\((?:rate )?reported, not seen in an IRS source\)")


class Words(dict):  # type: ignore[type-arg]
    """One language's words for the macros: [words], with `units` and `labels`."""

    lang: str = "en"
    units: dict[str, list[str]]
    labels: dict[str, str]


def words_for(lang: str) -> Words:
    """The macros' words in `lang`: ENGLISH, or hooks/macros-<lang>.toml (every key
    of ENGLISH, a unit for each unit of facts.toml, a label for each figure)."""
    out = Words(ENGLISH)
    out.lang, out.units, out.labels = "en", {}, {}
    if lang == i18n.DEFAULT:
        return out
    data = tomllib.loads((HOOKS / f"macros-{lang}.toml").read_text(encoding="utf-8"))
    missing = set(ENGLISH) - set(data["words"])
    if missing:
        raise KeyError(f"macros-{lang}.toml has no words for {sorted(missing)}")
    out.update(data["words"])
    out.lang, out.units, out.labels = lang, data["units"], data["labels"]
    return out


def date_text(d: date, lang: str = "en") -> str:
    """A date as a sentence in `lang` writes it ("16 de marzo de 2026")."""
    with i18n.language(lang):
        return i18n.long_date(d)


# ---------------------------------------------------------------- pure helpers


def load_sibling(name: str) -> ModuleType:
    """A module from this hooks/ folder (MkDocs loads hooks by path, not as a package)."""
    spec = importlib.util.spec_from_file_location(f"cp14_hooks_{name}", HOOKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_data(path: str | None = None) -> dict[str, Any]:
    """Parse the data file (the packaged one unless ``path`` is given)."""
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("cp14").joinpath("data", facts.DATA_FILE).read_text("utf-8")
    return facts.parse_data(tomllib.loads(text))


def pick(rows: list[facts.FactValue], on: date | None) -> facts.FactValue:
    """The row in force on ``on`` (the latest row when ``on`` is None)."""
    if on is None:
        return rows[-1]
    in_force = [r for r in rows if r.start <= on]
    return in_force[-1] if in_force else rows[0]


def plain_number(value: Decimal) -> str:
    """``100,000`` / ``0.25``: thousands separators, no trailing zeros."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}.{frac}"


def money_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"${int(value):,}"
    return f"${value.quantize(Decimal('0.01')):,}"


def percent_text(value: Decimal) -> str:
    return f"{plain_number(value)}%"


def value_text(row: facts.FactValue, words: Words | None = None) -> str:
    """A value with its unit, as a sentence would say it (in the language of
    `words`, English when None)."""
    unit = row.unit
    if unit == "USD":
        return money_text(row.value)
    if words is not None and words.lang != "en":
        if unit not in words.units:
            raise KeyError(f"macros-{words.lang}.toml has no unit {unit!r}")
        one, more = words.units[unit]
        pattern = one if row.value == 1 else more
        return pattern.format(n=plain_number(row.value), pct=percent_text(row.value))
    if unit == "percentage points":  # before "percent": not "3% age points"
        return f"{plain_number(row.value)} percentage points"
    if unit == "percent" or unit.startswith("percent "):
        rest = unit.removeprefix("percent").strip()
        return f"{percent_text(row.value)} {rest}".strip()
    if row.value == 1 and unit.endswith("s"):
        unit = unit[:-1]
    return f"{plain_number(row.value)} {unit}"


def parse_on(on: str | date | None) -> date | None:
    if on is None or isinstance(on, date):
        return on
    return date.fromisoformat(on)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def title_html(title: str, words: Words | None = None) -> str:
    """A source's own title (in English), marked as English on a page in another
    language, so that a screen reader reads it as English."""
    lang = (words or ENGLISH)["source_lang"]
    return f'<span lang="{lang}">{esc(title)}</span>' if lang else esc(title)


def external_link(
    source: facts.Source,
    text: str | None = None,
    sources_page: str = "",
    words: Words | None = None,
) -> str:
    """An official source as a plain link; a secondary one as text (no link to it).

    With ``sources_page`` (a Markdown link target such as ``sources.md``), a
    secondary source links to its entry on the sources page instead.
    """
    words = words or Words(ENGLISH)
    lang = words["source_lang"] if text is None else ""
    label = esc(text if text is not None else source.title)
    if source.official:
        attr = f' lang="{lang}"' if lang else ""
        return f'<a href="{esc(source.url)}"{attr}>{label}</a>'
    if lang:
        label = f'<span lang="{lang}">{label}</span>'
    if sources_page:
        label = f"[{label}]({sources_page}#src-{esc(source.key)})"
    if "secondary source" in source.title.lower() and text is None:
        return label
    return words["secondary"].format(label=label)


def since_text(row: facts.FactValue, words: Words | None = None) -> str:
    """``from July 30, 1996``, or ``as of June 25, 2024`` when only the date first seen is known."""
    words = words or Words(ENGLISH)
    key = "since_as_of" if row.as_of else "since_from"
    return words[key].format(date=date_text(row.start, getattr(words, "lang", "en")))


def and_list(items: list[str], conj: str = " and ") -> str:
    """``a``, ``a and b``, ``a, b and c`` (``conj`` is " and " in English)."""
    if len(items) < 3:
        return conj.join(items)
    return ", ".join(items[:-1]) + conj + items[-1]


# Where the notes of a page go: a heading (a question, like every heading) and the
# marker where Python-Markdown's footnotes extension puts its list.
NOTES_HEADING = "## Where do the figures on this page come from? { #page-sources }"
NOTES_MARKER = "///Footnotes Go Here///"


def notes_section(notes: list[str], heading: str = NOTES_HEADING) -> str:
    """The Markdown that ends a page with notes: heading, marker, footnote definitions."""
    if not notes:
        return ""
    defs = "\n\n".join(f"[^fact-{i}]: {text}" for i, text in enumerate(notes, 1))
    return f"\n\n{heading}\n\n{NOTES_MARKER}\n\n{defs}\n"


def url_of(target: str) -> str:
    """The address, from the site root, of the page built from docs/``target``
    (``sources.md`` -> ``sources/``, ``index.md`` -> ``""``), with directory URLs."""
    stem = target.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


def relative_to_page(page_url: str, target: str) -> str:
    """A link from the page at ``page_url`` (its address from the site root, such as
    ``cant-pay/``) to the page built from docs/``target``: an address, which every
    generator leaves as it is, not a Markdown file name, which only some rewrite."""
    start = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    link = posixpath.relpath(url_of(target) or ".", start.rstrip("/") or ".")
    return "./" if link == "." else f"{link}/"


# ---------------------------------------------------------------- the macros


def define_env(env: Any) -> None:  # noqa: ANN401
    # The notes of each page, by its address, until the page's last line asks for
    # them ({{ page_notes() }}). Only what every generator's macros give is used:
    # env.page.url: nothing about its source file, and no hook before or after a page.
    notes_of: dict[str, list[str]] = {}

    def this_page() -> str:
        return str(getattr(getattr(env, "page", None), "url", "") or "")

    # The build's language (extra.cp14.lang), and the words the macros write in it.
    conf = getattr(env, "conf", None) or {}
    lang = str(((conf.get("extra") or {}).get("cp14") or {}).get("lang") or i18n.DEFAULT)
    words = words_for(lang)

    def day(d: date) -> str:
        return date_text(d, lang)

    def value_of(row: facts.FactValue) -> str:
        return value_text(row, words)

    def link_to(source: facts.Source, text: str | None = None) -> str:
        return external_link(source, text, sources_page=page_link("sources.md"), words=words)

    data = read_data(os.environ.get(ENV_VAR) or None)
    all_facts: dict[str, list[facts.FactValue]] = data["facts"]
    sources: dict[str, facts.Source] = data["sources"]
    checked: date = data["checked"]

    def row_of(name: str, on: str | date | None = None) -> facts.FactValue:
        if name not in all_facts:
            raise KeyError(f"unknown fact {name!r}: add it to facts.toml")
        return pick(all_facts[name], parse_on(on))

    def page_link(target: str) -> str:
        return relative_to_page(this_page(), target)

    @env.macro
    def fact(name: str, on: str | date | None = None) -> str:
        """The bare number (``21``, ``0.5``, ``100000``): no unit, no separators."""
        return str(row_of(name, on).number)

    @env.macro
    def num(name: str, on: str | date | None = None) -> str:
        """The number with thousands separators (``100,000``)."""
        return plain_number(row_of(name, on).value)

    @env.macro
    def money(name: str, on: str | date | None = None) -> str:
        """A dollar figure: ``$100,000``."""
        return money_text(row_of(name, on).value)

    @env.macro
    def pct(name: str, on: str | date | None = None) -> str:
        """A percentage: ``0.5%``."""
        return percent_text(row_of(name, on).value)

    @env.macro
    def fact_value(name: str, on: str | date | None = None) -> str:
        """The value with its unit: ``21 days``, ``$22``, ``0.5% per month``."""
        return value_of(row_of(name, on))

    @env.macro
    def fact_from(name: str, on: str | date | None = None) -> str:
        """The date the value applies from, spelled out."""
        return day(row_of(name, on).start)

    @env.macro
    def fact_year(name: str, on: str | date | None = None) -> str:
        """The year the value applies from (for yearly figures)."""
        return str(row_of(name, on).start.year)

    @env.macro
    def confirmed_on(name: str) -> str:
        """ISO date of the latest confirmed value (for ``on=`` when the latest is reported)."""
        rows = [r for r in all_facts[name] if r.status == "confirmed"]
        if not rows:
            raise ValueError(f"fact {name!r} has no confirmed value")
        return rows[-1].start.isoformat()

    @env.macro
    def fact_status(name: str, on: str | date | None = None) -> str:
        return row_of(name, on).status

    def add_note(text: str, reported: bool) -> str:
        """Keep ``text`` for the page's notes; return the marker for the sentence."""
        notes = notes_of.setdefault(this_page(), [])
        notes.append(text)
        flag = f'<span class="fact-flag">{words["flag"]}</span>' if reported else ""
        return f"{flag}[^fact-{len(notes)}]"

    @env.macro
    def page_notes() -> str:
        """The page's notes, as its last line: heading, list and every footnote."""
        return notes_section(notes_of.pop(this_page(), []), words["notes_heading"])

    @env.macro
    def fact_note(*names: str, on: str | date | None = None) -> str:
        """A footnote with the source, date and status of one or more figures.

        Figures that share a source, a date and a status are named together, so
        a list of fees reads ``$22, $69 and $178: reported ... Source: X.`` once.
        """
        if not names:
            raise ValueError("fact_note needs at least one fact name")
        groups: dict[tuple[str, date, str, bool], list[facts.FactValue]] = {}
        for name in names:
            row = row_of(name, on)
            groups.setdefault((row.source.key, row.start, row.status, row.as_of), []).append(row)
        text = " ".join(note_text(rows) for rows in groups.values())
        return add_note(text, any(r.status == "reported" for r, *_ in groups.values()))

    def note_text(rows: list[facts.FactValue]) -> str:
        row = rows[0]
        values = and_list(list(dict.fromkeys(esc(value_of(r)) for r in rows)), words["and"])
        link = link_to(row.source)
        since = since_text(row, words)
        if row.status == "reported":
            check = next((s for s in row.also if s.official), None)
            text = words["note_reported"].format(values=values, since=since, link=link)
            if check is not None:
                text += words["check_current"].format(link=external_link(check, words=words))
            return text
        return words["note_confirmed"].format(values=values, since=since, link=link)

    @env.macro
    def cite(*keys: str) -> str:
        """A footnote naming one or more sources from facts.toml (no figure)."""
        for key in keys:
            if key not in sources:
                raise KeyError(f"unknown source {key!r}: add it to facts.toml")
        links = "; ".join(link_to(sources[k]) for k in keys)
        return add_note(words["cite"].format(links=links), reported=False)

    @env.macro
    def fact_history(name: str, lead: str = "") -> str:
        """Every dated value of a yearly figure, newest first, each with its status.

        ``lead`` goes before each value, for example ``"more than "``. The result
        is a Markdown list, so links to the sources page are rewritten by MkDocs.
        """
        lines = []
        for row in reversed(all_facts[name]):
            note = fact_note(name, on=row.start)
            lines.append(
                words["history_item"].format(
                    year=row.start.year, lead=esc(lead), value=esc(value_of(row)), note=note
                )
            )
        return "\n".join(lines)

    @env.macro
    def source_link(key: str, text: str | None = None) -> str:
        """A link to a source listed in facts.toml (official ones only are links)."""
        if key not in sources:
            raise KeyError(f"unknown source {key!r}: add it to facts.toml")
        return link_to(sources[key], text)

    @env.macro
    def checked_date() -> str:
        return day(checked)

    @env.macro
    def sources_list() -> str:
        """Every source in the data file, official ones first."""
        items = []
        ordered = sorted(sources.values(), key=lambda s: (not s.official, s.title.lower()))
        for src in ordered:
            if src.official:
                link = external_link(src, words=words)
                title = words["official_item"].format(title=link)
            else:
                title = words["secondary_item"].format(
                    title=title_html(src.title, words), url=esc(src.url)
                )
            seen = words["checked_item"].format(date=day(checked))
            items.append(f'<li id="src-{esc(src.key)}">{title}{seen}</li>')
        return '<ul class="source-list">\n' + "\n".join(items) + "\n</ul>"

    @env.macro
    def facts_list() -> str:
        """Every figure in the data file with each dated value, its status and source."""
        items = []

        def label(name: str) -> str:
            if words.lang == "en":
                return all_facts[name][-1].label
            if name not in words.labels:
                raise KeyError(f"macros-{words.lang}.toml has no label for {name!r}")
            return words.labels[name]

        for name in sorted(all_facts, key=lambda n: label(n).lower()):
            rows = all_facts[name]
            parts = []
            for row in reversed(rows):
                status = words["confirmed"] if row.status == "confirmed" else words["reported"]
                source = title_html(row.source.title, words)
                parts.append(
                    f"{esc(value_of(row))} {since_text(row, words)}. {status}. "
                    f'{words["source"]}: <a href="#src-{esc(row.source.key)}">{source}</a>.'
                )
            values = "</li><li>".join(parts)
            items.append(
                f'<li id="fact-{esc(name)}"><strong>{esc(label(name))}.</strong>'
                f"<ul><li>{values}</li></ul></li>"
            )
        return '<ul class="fact-list">\n' + "\n".join(items) + "\n</ul>"

    @env.macro
    def rates_list() -> str:
        """The quarterly underpayment rates, newest first, with status and reference."""
        items = []
        for r in reversed(data["rates"]):
            status = words["confirmed"] if r.status == "confirmed" else words["reported"]
            reference = r.reference
            if words["rate_reported"] and RATE_REPORTED.search(reference):
                reference = RATE_REPORTED.sub("", reference)
                status = words["rate_reported"]
            text = words["rate_item"].format(
                date=day(r.start),
                pct=percent_text(r.rate),
                status=status,
                reference=title_html(reference, words),
            )
            items.append(f"<li>{text}</li>")
        return '<ul class="rate-list">\n' + "\n".join(items) + "\n</ul>"

    sample = load_sibling("sample_notice")

    @env.macro
    def sample_notice(id_prefix: str = "sample", compact: bool = False) -> str:
        """The annotated sample CP14 (hooks/sample_notice.py), its dates following the data."""
        days = int(row_of("notice_window_days").number)
        with i18n.language(lang):
            return sample.sample_notice_html(id_prefix, compact=compact, window_days=days)

    @env.macro
    def sources_page_link(key: str, text: str | None = None) -> str:
        """A Markdown link to one entry of the sources page, relative to this page."""
        text = words["sources"] if text is None else text
        if key not in sources:
            raise KeyError(f"unknown source {key!r}")
        return f"[{text}]({page_link('sources.md')}#src-{key})"
