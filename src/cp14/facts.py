"""The dated, sourced figures in ``data/facts.toml`` (rates, day counts, thresholds).

This module only reads the data; the rules receive the values they need as
arguments, so they stay pure and testable with other figures.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

DATA_FILE = "facts.toml"


# Immutable records as NamedTuple rather than frozen dataclasses: each dataclass
# generates and compiles its methods when the module is imported, which a page
# start pays for in the browser.


class Source(NamedTuple):
    key: str
    title: str
    url: str
    official: bool
    # How to name an official text to readers when the only copy seen is not an
    # official one (the copy is then not linked): for example a revenue procedure.
    cite: str = ""


class FactValue(NamedTuple):
    name: str
    label: str
    unit: str
    value: Decimal
    start: date
    status: str
    source: Source
    also: tuple[Source, ...] = ()
    # True when `start` is only the date the value was first seen in force
    # (its real start date is not known): pages then say "as of", not "from".
    as_of: bool = False
    # The date this value was last checked against `source` (not when it started).
    checked: date | None = None

    @property
    def number(self) -> Decimal | int:
        """The value as an int when it is whole (day counts), else a Decimal."""
        return int(self.value) if self.value == self.value.to_integral_value() else self.value


class DueDate(NamedTuple):
    tax_year: int
    due: date
    source: Source
    status: str


class RateRow(NamedTuple):
    start: date
    rate: Decimal
    reference: str
    status: str
    checked: date | None = None


def _checked(name: str, row: dict[str, Any]) -> date:
    """Every dated value says when it was last checked (apart from when it started)."""
    checked = row.get("checked")
    if not isinstance(checked, date):
        raise ValueError(f"{name} from {row.get('from')}: `checked` (a date) is missing")
    return checked


def parse_data(raw: dict[str, Any]) -> dict[str, Any]:
    """Check and convert the raw TOML tables (pure: easy to test with other data)."""
    sources = {
        key: Source(key, s["title"], s["url"], bool(s.get("official", False)), s.get("cite", ""))
        for key, s in raw["sources"].items()
    }
    facts: dict[str, list[FactValue]] = {}
    for name, spec in raw["facts"].items():
        rows = []
        for v in spec["values"]:
            if v["source"] not in sources:
                raise ValueError(f"fact {name}: unknown source {v['source']!r}")
            if v["status"] not in ("confirmed", "reported"):
                raise ValueError(f"fact {name}: status must be confirmed or reported")
            rows.append(
                FactValue(
                    name=name,
                    label=spec["label"],
                    unit=spec["unit"],
                    value=Decimal(str(v["value"])),
                    start=v["from"],
                    status=v["status"],
                    source=sources[v["source"]],
                    also=tuple(sources[k] for k in v.get("also", ())),
                    as_of=bool(v.get("as_of", False)),
                    checked=_checked(name, v),
                )
            )
        facts[name] = sorted(rows, key=lambda r: r.start)
    rates = [
        RateRow(
            r["from"], Decimal(str(r["rate"])), r["reference"], r["status"], _checked("rate", r)
        )
        for r in raw["interest_rates"]
    ]
    rates.sort(key=lambda r: r.start)
    for prev, nxt in itertools.pairwise(rates):
        if nxt.start <= prev.start:
            raise ValueError(f"interest_rates: duplicate quarter {nxt.start}")
    due = {
        int(r["tax_year"]): DueDate(int(r["tax_year"]), r["due"], sources[r["source"]], r["status"])
        for r in raw.get("postponed_due_dates", ())
    }
    return {
        "checked": raw["checked"],
        "sources": sources,
        "facts": facts,
        "rates": rates,
        "due_dates": due,
    }


@cache
def load() -> dict[str, Any]:
    """Read the packaged data once (works from a wheel, also under Pyodide)."""
    return parse_data(_raw())


def _raw() -> dict[str, Any]:
    """The tables of ``data/facts.toml``.

    The wheel built for the browser also carries them already parsed
    (``cp14._facts_data``, written by scripts/build_pyodide_dist.py from the
    ``facts.toml`` in the same wheel, which its tests check): a page start then
    neither reads nor parses the TOML. Everywhere else the file is parsed."""
    try:
        from cp14 import _facts_data
    except ImportError:
        pass
    else:
        return _facts_data.DATA
    import tomllib
    from importlib import resources

    text = resources.files("cp14").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def fact(name: str, on: date | None = None) -> FactValue:
    """The value of fact ``name`` in force on ``on`` (default: the latest value)."""
    rows = load()["facts"][name]
    if on is None:
        return rows[-1]
    in_force = [r for r in rows if r.start <= on]
    return in_force[-1] if in_force else rows[0]


def value(name: str, on: date | None = None) -> Decimal:
    return fact(name, on).value


def postponed_due_date(tax_year: int) -> DueDate | None:
    """A nationwide postponement of the payment due date for ``tax_year``, if any."""
    return load()["due_dates"].get(tax_year)


def rate_table() -> list[RateRow]:
    return list(load()["rates"])


def sources() -> dict[str, Source]:
    return dict(load()["sources"])


def for_readers(source: Source, also: tuple[Source, ...] = ()) -> dict[str, str | None]:
    """The source a page shows a reader, as {"title", "url"}: only the IRS, the Code, the
    IRM or the Taxpayer Advocate (an official source). A figure whose source is a secondary
    one shows its first official `also` source instead; with none, the text is only named
    (its `cite`, no link), never a firm's page."""
    for src in (source, *also):
        if src.official:
            return {"title": src.title, "url": src.url}
    return {"title": source.cite or source.title, "url": None}


def fact_for_readers(name: str, on: date | None = None) -> dict[str, str | None]:
    """for_readers() of the value of fact ``name`` in force on ``on``."""
    f = fact(name, on)
    return for_readers(f.source, f.also)


def checked() -> date:
    return load()["checked"]
