"""The reader's language: the one layer that turns the core's messages into words.

The core writes every message in English, wrapped in ``_()`` (or marked with
``N_()`` where it is stored first and translated when used). The English text
is the message id, as gettext does it. ``_()`` looks the id up in the active
language's catalogs: compiled gettext files (``.mo``) under
``cp14/locale/<lang>/LC_MESSAGES/``, one per part of the core (see
``DOMAINS``). The ``.po`` sources live beside them in the repository; the
build compiles them (scripts/catalogs.py, run by the wheel's build hook).

A call runs in one language: ``with language("es"): ...`` (cp14.api.call does
this for the ``lang`` field of every payload). English needs no catalog and
imports no gettext, so English pages pay nothing for Spanish.

Dates and money are written here too, the way each language writes them in a
sentence: "March 16, 2026" / "16 de marzo de 2026"; money stays "$2,450.17"
in both (Spanish as written in the United States, es-US).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from typing import Protocol

LANGS = ("en", "es")
DEFAULT = "en"
LANG_NAMES = {"en": "English", "es": "Español"}
# One catalog per part of the core, so each part's words stay together. The
# order is the lookup order when two catalogs hold the same id (they should
# agree; a test checks that they do).
DOMAINS = ("core", "deadlines", "plan", "letters", "cli")

MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
}  # fmt: skip
WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}


class _Catalog(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


_lang: ContextVar[str] = ContextVar("cp14_lang", default=DEFAULT)


def current() -> str:
    """The language of the call that is running ("en" or "es")."""
    return _lang.get()


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Run the block in `lang` (one of LANGS; anything else is English)."""
    token = _lang.set(lang if lang in LANGS else DEFAULT)
    try:
        yield _lang.get()
    finally:
        _lang.reset(token)


@cache
def catalog(lang: str) -> _Catalog | None:
    """The compiled catalogs of `lang`, chained in DOMAINS order; None for English."""
    if lang == DEFAULT or lang not in LANGS:
        return None
    import gettext
    import io
    from importlib.resources import files

    # Read through importlib.resources: in the browser the package is imported
    # straight from its wheel (a zip), where the catalogs are not files on disk.
    folder = files(__package__).joinpath("locale", lang, "LC_MESSAGES")
    chain: gettext.NullTranslations | None = None
    for domain in DOMAINS:
        mo = folder.joinpath(f"{domain}.mo")
        if not mo.is_file():
            continue
        part = gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
        if chain is None:
            chain = part
        else:
            chain.add_fallback(part)
    return chain


def _(message: str) -> str:
    """`message` in the current language (the English text when it has no translation)."""
    return translate(catalog(_lang.get()), message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for `n`, in the current language."""
    return translate_plural(catalog(_lang.get()), singular, plural, n)


def translate(found: _Catalog | None, message: str) -> str:
    """`message` from the catalog `found` (None: English, the message itself)."""
    return message if found is None else found.gettext(message)


def translate_plural(found: _Catalog | None, singular: str, plural: str, n: int) -> str:
    """The form for `n` from the catalog `found` (None: English)."""
    if found is None:
        return singular if n == 1 else plural
    return found.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalogs without translating it now (translate with _())."""
    return message


def long_date(day: date, lang: str | None = None) -> str:
    """How a date is written in a sentence: 'March 16, 2026' or '16 de marzo de 2026'."""
    lang = lang or _lang.get()
    month = MONTHS.get(lang, MONTHS[DEFAULT])[day.month - 1]
    if lang == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{month} {day.day}, {day.year}"


def month_year(year: int, month: int, lang: str | None = None) -> str:
    """'February 2026' or 'febrero de 2026'."""
    lang = lang or _lang.get()
    name = MONTHS.get(lang, MONTHS[DEFAULT])[month - 1]
    return f"{name} de {year}" if lang == "es" else f"{name} {year}"


def weekday(day: date, lang: str | None = None) -> str:
    """'Monday' or 'lunes'."""
    lang = lang or _lang.get()
    return WEEKDAYS.get(lang, WEEKDAYS[DEFAULT])[day.weekday()]


def join_or(items: list[str], lang: str | None = None) -> str:
    """'a, b or c' / 'a, b o c' (Spanish writes 'u' before a word starting with an o sound)."""
    lang = lang or _lang.get()
    if len(items) < 2:
        return "".join(items)
    word = "or"
    if lang == "es":
        word = "u" if items[-1].lower().lstrip("¿¡").startswith(("o", "ho")) else "o"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
