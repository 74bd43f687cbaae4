"""Turn untrusted input (JSON values, form strings) into dates, money and text.

Each parser returns the parsed value or records an error for the field, in
words a person can act on, in the reader's language (cp14.i18n): a field's
``title`` is given in English, marked with ``N_()`` where it is defined, and
translated here. Nothing here raises on bad input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cp14 import i18n
from cp14.i18n import MONTHS, _

MAX_MONEY = Decimal("1000000000")  # $1 billion: far above any CP14, catches typos.
MAX_TEXT = 5000
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass
class Errors:
    """Collects problems as {"field": ..., "message": ...} rows."""

    items: list[dict[str, str]] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.items.append({"field": name, "message": message})

    def __bool__(self) -> bool:
        return bool(self.items)

    def result(self) -> dict[str, list[dict[str, str]]]:
        return {"errors": list(self.items)}


def label(name: str) -> str:
    """'notice_date' -> 'Notice date' (for messages)."""
    return name.replace("_", " ").strip().capitalize()


def _title(name: str, title: str | None) -> str:
    """The field's name in a message: its title in the reader's language (the title is
    marked for the catalogs where it is defined), else the English words of its key."""
    return _(title) if title else label(name)


def is_blank(value: Any) -> bool:  # noqa: ANN401
    return value is None or (isinstance(value, str) and not value.strip())


MONTH_NAMES = MONTHS["en"]


def long_date(day: date) -> str:
    """date(2026, 10, 1) -> 'October 1, 2026' ('1 de octubre de 2026' in Spanish): how a
    date is written inside a sentence, in the reader's language (cp14.i18n)."""
    return i18n.long_date(day)


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
_US_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", re.ASCII)


def _no_such_day(year: int, month: int) -> str:
    """Why year-month-day is not a date, in words: 'February 2026 has 28 days.'"""
    import calendar

    if not 1 <= month <= 12:
        return _("There are only 12 months: check the month.")
    days = calendar.monthrange(year, month)[1]
    # i18n: {month} is a month and its year, like "February 2026" ("febrero de 2026").
    return _("{month} has {days} days: check the day.").format(
        month=i18n.month_year(year, month), days=days
    )


def parse_date(
    errors: Errors,
    name: str,
    value: Any,  # noqa: ANN401
    *,
    required: bool = False,
    title: str | None = None,
    earliest: date | None = None,
    too_early: str = "",
) -> date | None:
    """Accept 'YYYY-MM-DD' (what a date field sends) or 'MM/DD/YYYY' (how a notice prints).

    ``title`` is the field's name as the person sees it (default: from ``name``). A date
    before ``earliest`` gets the message ``too_early`` (say which dates are covered, and why;
    in the reader's language).
    """
    title = _title(name, title)
    if is_blank(value) or (isinstance(value, str) and not clean_scalar(value)):
        if required:
            errors.add(name, _("{title} is missing. Enter it like 2026-03-16.").format(title=title))
        return None
    if not isinstance(value, str):
        errors.add(name, _("{title} must be a date like 2026-03-16.").format(title=title))
        return None
    text = clean_scalar(value)
    iso, us = _ISO_DATE.fullmatch(text), _US_DATE.fullmatch(text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif us:
        year, month, day = int(us[3]), int(us[1]), int(us[2])
    else:
        errors.add(
            name,
            _("{title} is not a date we can read. Enter it like 2026-03-16.").format(title=title),
        )
        return None
    try:
        parsed = date(year, month, day)
    except ValueError:
        # i18n: {reason} is one more sentence, like "February 2026 has 28 days: check the day."
        message = _("{title}: that date does not exist. {reason}")
        errors.add(name, message.format(title=title, reason=_no_such_day(year, month)))
        return None
    if earliest is not None and parsed < earliest:
        message = _("{title} must be {date} or later.")
        errors.add(name, too_early or message.format(title=title, date=long_date(earliest)))
        return None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        message = _("{title} must be in a year from {first} to {last}.")
        errors.add(name, message.format(title=title, first=MIN_YEAR, last=MAX_YEAR))
        return None
    return parsed


# Money: one grammar for every field, in the API, the letters and the command line.
# An optional "$", then digits, either all together or with a comma before each group
# of three, then at most two digits of cents. Nothing else: no sign, no exponent, no
# spaces or underscores inside, only the digits 0 to 9.
MONEY = re.compile(r"\$?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,2})?", re.ASCII)


def money_problem(text: str, title: str) -> str | None:
    """What is wrong with a typed amount, in words that say how to fix it, as a message
    that names the field by `title` (None: nothing is wrong)."""
    if MONEY.fullmatch(text):
        return None
    if text[:1] in ("-", "\u2212", "(") or text[:2] in ("$-", "-$"):
        message = _(
            "{title} cannot be negative. Enter the amount without a minus sign, like 1,250.00."
        )
    elif any(ch.isdigit() and not ch.isascii() for ch in text):
        message = _("{title} must use the digits 0 to 9 only, like 1,250.00.")
    elif re.fullmatch(r"[0-9.]+[eE][+-]?[0-9]+", text.removeprefix("$"), re.ASCII):
        message = _("{title} must be written out in full, like 1000000.00, not as 1e6.")
    else:
        message = _number_problem(text.removeprefix("$")) or _(
            "{title} must be a dollar amount, like 1,250.00: digits 0 to 9, with a $ sign and "
            "commas if you like, and at most two digits after the point."
        )
    return message.format(title=title)


def _number_problem(body: str) -> str | None:
    """Digits, commas and a point that do not make an amount: too many cents, or a comma
    out of place (the message, with {title} still to fill in)."""
    whole, _point, cents = body.partition(".")
    if re.fullmatch(r"[0-9,]+", whole, re.ASCII) and re.fullmatch(r"[0-9]*", cents, re.ASCII):
        if len(cents) > 2 and "." in body:
            return _("{title} can have at most two digits after the point (cents).")
        if "," in whole:
            return _(
                "{title} has a comma in the wrong place. Put a comma before each group of "
                "three digits, like 1,234.50, or leave the commas out."
            )
    return None


def parse_money(
    errors: Errors,
    name: str,
    value: Any,  # noqa: ANN401
    *,
    required: bool = False,
    allow_zero: bool = True,
    title: str | None = None,
) -> Decimal | None:
    """Accept 1234.5, "1,234.50" or "$1,234.50" (see ``MONEY``); reject anything else,
    with a message that names the field and says what to fix."""
    title = _title(name, title)
    too_large = _("{title} is too large. Check the number of digits.")
    if is_blank(value) or (isinstance(value, str) and not clean_scalar(value)):
        if required:
            message = _("{title} is missing. Enter the dollar amount, like 1,250.00.")
            errors.add(name, message.format(title=title))
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        errors.add(name, _("{title} must be a dollar amount, like 1,250.00.").format(title=title))
        return None
    if isinstance(value, int) and value > MAX_MONEY:  # before str(): no 4,300-digit limit
        errors.add(name, too_large.format(title=title))
        return None
    if isinstance(value, int) and value < 0:
        errors.add(name, _("{title} cannot be negative.").format(title=title))
        return None
    text = clean_scalar(value) if isinstance(value, str) else repr(value)
    problem = money_problem(text, title)
    if problem:
        errors.add(name, problem)
        return None
    amount = Decimal(text.removeprefix("$").replace(",", ""))
    if amount == 0 and not allow_zero:
        errors.add(name, _("{title} must be more than $0.").format(title=title))
        return None
    if amount > MAX_MONEY:
        errors.add(name, too_large.format(title=title))
        return None
    return amount


def parse_year(
    errors: Errors,
    name: str,
    value: Any,  # noqa: ANN401
    *,
    title: str | None = None,
) -> int | None:
    """A 4-digit year, like 2025 (a JSON number or a string)."""
    title = _title(name, title)
    if is_blank(value) or (isinstance(value, str) and not clean_scalar(value)):
        return None
    small = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999
    text = clean_scalar(value) if isinstance(value, str) else str(value) if small else ""
    if not re.fullmatch(r"[0-9]{4}", text, re.ASCII):
        errors.add(name, _("{title} must be a 4-digit year, like 2024.").format(title=title))
        return None
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        message = _("{title} must be between {first} and {last}.")
        errors.add(name, message.format(title=title, first=MIN_YEAR, last=MAX_YEAR))
        return None
    return year


_RATE = re.compile(r"[0-9]+(?:\.[0-9]+)?\s*%?", re.ASCII)


def parse_rate(
    errors: Errors,
    name: str,
    value: Any,  # noqa: ANN401
    *,
    title: str | None = None,
) -> Decimal | None:
    """An annual interest rate in percent, like 7 or 6.5."""
    title = _title(name, title)
    out_of_range = _("{title} must be a percentage from 0 to 30.")
    if is_blank(value) or (isinstance(value, str) and not clean_scalar(value)):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        errors.add(name, _("{title} must be a percentage, like 7.").format(title=title))
        return None
    if isinstance(value, int) and not 0 <= value <= 30:
        errors.add(name, out_of_range.format(title=title))
        return None
    text = clean_scalar(value) if isinstance(value, str) else repr(value)
    if not _RATE.fullmatch(text):
        errors.add(name, _("{title} must be a percentage, like 7 or 6.5.").format(title=title))
        return None
    rate = Decimal(text.rstrip("%").strip())
    if not Decimal(0) <= rate <= Decimal(30):
        errors.add(name, out_of_range.format(title=title))
        return None
    return rate


def parse_bool(errors: Errors, name: str, value: Any, *, title: str | None = None) -> bool:  # noqa: ANN401
    if value is None or isinstance(value, bool):
        return bool(value)
    text = clean_scalar(value).lower() if isinstance(value, str) else None
    if text in ("", "false", "no", "off", "0"):
        return False
    if text in ("true", "yes", "on", "1", "sí", "si"):
        return True
    errors.add(name, _("{title} must be yes or no.").format(title=_title(name, title)))
    return False


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DROP = frozenset({"Cc", "Cf", "Cs"})  # controls, format characters, lone surrogates
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\t": " "})


def clean_text(value: str) -> str:
    """Unify line ends, drop control and invisible format characters, normalise (NFC).

    Dropped: control characters other than line breaks; Unicode format characters
    (category Cf: zero-width spaces and joiners, U+FEFF, bidirectional controls,
    U+2060, U+061C, tag characters...) and lone surrogates. None of them belongs in a
    letter: some hide text or reorder it, and a lone surrogate cannot be printed."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    if text.isascii():
        return _CONTROL.sub("", text)
    kept = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in _DROP)
    return unicodedata.normalize("NFC", kept)


def clean_scalar(value: str) -> str:
    """A one-line answer (a date, an amount, a choice) cleaned and trimmed."""
    return clean_text(value).strip()


# A full SSN or ITIN in free text: nine digits, together (123456789) or as 3, 2 and 4
# digits with any separators between them (123-45-6789, 123.45.6789, 123 - 45 - 6789,
# 123–45–6789). Any digits count, also full-width ones.
_SSN_SEP = r"[^\S\n]*[.\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\uFF0E/_,·•]?[^\S\n]*"
_DIGIT_RUN = re.compile(rf"\d+(?:(?:{_SSN_SEP})\d+)*")
_DIGIT_GROUP = re.compile(r"\d+")


def contains_full_ssn(text: str) -> bool:
    for run in _DIGIT_RUN.finditer(text):
        sizes = [len(group) for group in _DIGIT_GROUP.findall(run[0])]
        if 9 in sizes:
            return True
        if any(sizes[i : i + 3] == [3, 2, 4] for i in range(len(sizes) - 2)):
            return True
    return False


def parse_text(
    errors: Errors,
    name: str,
    value: Any,  # noqa: ANN401
    *,
    required: bool = False,
    max_length: int = MAX_TEXT,
    multiline: bool = False,
    title: str | None = None,
) -> str | None:
    """Free text from the user: cleaned, length-limited, always treated as data."""
    title = _title(name, title)
    if is_blank(value):
        if required:
            errors.add(name, _("{title} is missing.").format(title=title))
        return None
    if not isinstance(value, str):
        errors.add(name, _("{title} must be text.").format(title=title))
        return None
    text = clean_text(value).strip()
    if not multiline:
        text = " ".join(text.split())
    if len(text) > max_length:
        message = _("{title} is too long: keep it under {n} characters.")
        errors.add(name, message.format(title=title, n=max_length))
        return None
    return text or None


def parse_choice(
    errors: Errors,
    name: str,
    value: Any,  # noqa: ANN401
    choices: tuple[str, ...],
    *,
    required: bool = False,
    title: str | None = None,
) -> str | None:
    """One of `choices` (keys: they are never translated)."""
    title, keys = _title(name, title), ", ".join(choices)
    if is_blank(value):
        if required:
            message = _("{title} is missing. Choose one of: {choices}.")
            errors.add(name, message.format(title=title, choices=keys))
        return None
    if value not in choices:
        message = _("{title} must be one of: {choices}.")
        errors.add(name, message.format(title=title, choices=keys))
        return None
    return str(value)


def money_str(amount: Decimal) -> str:
    """Cents, as a plain decimal string: Decimal('12.345') -> '12.35' (half up)."""
    from decimal import ROUND_HALF_UP

    return str(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def money_display(amount: Decimal) -> str:
    """'$1,234.50' for people."""
    return f"${Decimal(money_str(amount)):,.2f}"
