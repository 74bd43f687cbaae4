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
import tomllib
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

from cp14 import facts
from cp14.letters.model import long_date

ENV_VAR = "CP14_FACTS_FILE"
HOOKS = Path(__file__).resolve().parent


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


def value_text(row: facts.FactValue) -> str:
    """A value with its unit, as a sentence would say it."""
    unit = row.unit
    if unit == "USD":
        return money_text(row.value)
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


def external_link(source: facts.Source, text: str | None = None, sources_page: str = "") -> str:
    """An official source as a plain link; a secondary one as text (no link to it).

    With ``sources_page`` (a Markdown link target such as ``sources.md``), a
    secondary source links to its entry on the sources page instead.
    """
    label = esc(text if text is not None else source.title)
    if source.official:
        return f'<a href="{esc(source.url)}">{label}</a>'
    if sources_page:
        label = f"[{label}]({sources_page}#src-{esc(source.key)})"
    if "secondary source" in source.title.lower() and text is None:
        return label
    return f"{label} (secondary source)"


def since_text(row: facts.FactValue) -> str:
    """``from July 30, 1996``, or ``as of June 25, 2024`` when only the date first seen is known."""
    return f"{'as of' if row.as_of else 'from'} {long_date(row.start)}"


def and_list(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# Where the notes of a page go: a heading (a question, like every heading) and the
# marker where Python-Markdown's footnotes extension puts its list.
NOTES_HEADING = "## Where do the figures on this page come from? { #page-sources }"
NOTES_MARKER = "///Footnotes Go Here///"


def notes_section(notes: list[str]) -> str:
    """The Markdown that ends a page with notes: heading, marker, footnote definitions."""
    if not notes:
        return ""
    defs = "\n\n".join(f"[^fact-{i}]: {text}" for i, text in enumerate(notes, 1))
    return f"\n\n{NOTES_HEADING}\n\n{NOTES_MARKER}\n\n{defs}\n"


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
        return value_text(row_of(name, on))

    @env.macro
    def fact_from(name: str, on: str | date | None = None) -> str:
        """The date the value applies from, spelled out."""
        return long_date(row_of(name, on).start)

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
        flag = '<span class="fact-flag">reported</span>' if reported else ""
        return f"{flag}[^fact-{len(notes)}]"

    @env.macro
    def page_notes() -> str:
        """The page's notes, as its last line: heading, list and every footnote."""
        return notes_section(notes_of.pop(this_page(), []))

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
        values = and_list(list(dict.fromkeys(esc(value_text(r)) for r in rows)))
        link = external_link(row.source, sources_page=page_link("sources.md"))
        if row.status == "reported":
            check = next((s for s in row.also if s.official), None)
            text = (
                f'{values}: <strong class="fact-status">reported</strong>, seen so far only '
                f"in secondary sources, not yet in the law or in IRS text. It applies "
                f"{since_text(row)}. Source: {link}."
            )
            if check is not None:
                text += f" Check the current figure: {external_link(check)}."
            return text
        return f"{values}: in force {since_text(row)}. Source: {link}."

    @env.macro
    def cite(*keys: str) -> str:
        """A footnote naming one or more sources from facts.toml (no figure)."""
        for key in keys:
            if key not in sources:
                raise KeyError(f"unknown source {key!r}: add it to facts.toml")
        links = "; ".join(
            external_link(sources[k], sources_page=page_link("sources.md")) for k in keys
        )
        return add_note(f"Source: {links}.", reported=False)

    @env.macro
    def fact_history(name: str, lead: str = "") -> str:
        """Every dated value of a yearly figure, newest first, each with its status.

        ``lead`` goes before each value, for example ``"more than "``. The result
        is a Markdown list, so links to the sources page are rewritten by MkDocs.
        """
        lines = []
        for row in reversed(all_facts[name]):
            note = fact_note(name, on=row.start)
            lines.append(f"- From {row.start.year}: {esc(lead)}{esc(value_text(row))}.{note}")
        return "\n".join(lines)

    @env.macro
    def source_link(key: str, text: str | None = None) -> str:
        """A link to a source listed in facts.toml (official ones only are links)."""
        if key not in sources:
            raise KeyError(f"unknown source {key!r}: add it to facts.toml")
        return external_link(sources[key], text, sources_page=page_link("sources.md"))

    @env.macro
    def checked_date() -> str:
        return long_date(checked)

    @env.macro
    def sources_list() -> str:
        """Every source in the data file, official ones first."""
        items = []
        ordered = sorted(sources.values(), key=lambda s: (not s.official, s.title.lower()))
        for src in ordered:
            if src.official:
                title = f'<a href="{esc(src.url)}">{esc(src.title)}</a>. Official source.'
            else:
                title = f"{esc(src.title)}. Secondary source. Address: <code>{esc(src.url)}</code>."
            items.append(f'<li id="src-{esc(src.key)}">{title} Checked {long_date(checked)}.</li>')
        return '<ul class="source-list">\n' + "\n".join(items) + "\n</ul>"

    @env.macro
    def facts_list() -> str:
        """Every figure in the data file with each dated value, its status and source."""
        items = []
        for name in sorted(all_facts, key=lambda n: all_facts[n][-1].label.lower()):
            rows = all_facts[name]
            parts = []
            for row in reversed(rows):
                status = "Confirmed" if row.status == "confirmed" else "Reported"
                parts.append(
                    f"{esc(value_text(row))} {since_text(row)}. {status}. "
                    f'Source: <a href="#src-{esc(row.source.key)}">{esc(row.source.title)}</a>.'
                )
            values = "</li><li>".join(parts)
            items.append(
                f'<li id="fact-{esc(name)}"><strong>{esc(rows[-1].label)}.</strong>'
                f"<ul><li>{values}</li></ul></li>"
            )
        return '<ul class="fact-list">\n' + "\n".join(items) + "\n</ul>"

    @env.macro
    def rates_list() -> str:
        """The quarterly underpayment rates, newest first, with status and reference."""
        items = []
        for r in reversed(data["rates"]):
            status = "Confirmed" if r.status == "confirmed" else "Reported"
            items.append(
                f"<li>{long_date(r.start)}: {percent_text(r.rate)} a year. "
                f"{status}. {esc(r.reference)}.</li>"
            )
        return '<ul class="rate-list">\n' + "\n".join(items) + "\n</ul>"

    sample = load_sibling("sample_notice")

    @env.macro
    def sample_notice(id_prefix: str = "sample", compact: bool = False) -> str:
        """The annotated sample CP14 (hooks/sample_notice.py), its dates following the data."""
        days = int(row_of("notice_window_days").number)
        return sample.sample_notice_html(id_prefix, compact=compact, window_days=days)

    @env.macro
    def sources_page_link(key: str, text: str = "Sources") -> str:
        """A Markdown link to one entry of the sources page, relative to this page."""
        if key not in sources:
            raise KeyError(f"unknown source {key!r}")
        return f"[{text}]({page_link('sources.md')}#src-{key})"
