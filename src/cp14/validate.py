"""Turn untrusted input (JSON values, form strings) into dates, money and text.

Each parser returns the parsed value or records an error for the field, in
words a person can act on. Nothing here raises on bad input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

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


def is_blank(value: Any) -> bool:  # noqa: ANN401
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(errors: Errors, name: str, value: Any, *, required: bool = False) -> date | None:  # noqa: ANN401
    """Accept 'YYYY-MM-DD' (what a date field sends) or 'MM/DD/YYYY' (how a notice prints)."""
    if is_blank(value):
        if required:
            errors.add(name, f"{label(name)} is missing. Enter it like 2026-03-16.")
        return None
    if not isinstance(value, str):
        errors.add(name, f"{label(name)} must be a date like 2026-03-16.")
        return None
    text = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    us = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if m:
            parsed = date(int(m[1]), int(m[2]), int(m[3]))
        elif us:
            parsed = date(int(us[3]), int(us[1]), int(us[2]))
        else:
            raise ValueError
    except ValueError:
        errors.add(name, f"{label(name)} is not a real date. Enter it like 2026-03-16.")
        return None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        errors.add(name, f"{label(name)} must be between {MIN_YEAR} and {MAX_YEAR}.")
        return None
    return parsed


def parse_money(
    errors: Errors,
    name: str,
    value: Any,  # noqa: ANN401
    *,
    required: bool = False,
    allow_zero: bool = True,
) -> Decimal | None:
    """Accept 1234.5, "1,234.50" or "$1,234.50"; reject negatives, NaN and absurd sizes."""
    if is_blank(value):
        if required:
            errors.add(name, f"{label(name)} is missing. Enter the dollar amount, like 1250.00.")
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        errors.add(name, f"{label(name)} must be a dollar amount, like 1250.00.")
        return None
    text = str(value).strip().replace(",", "").replace("$", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        errors.add(name, f"{label(name)} must be a dollar amount, like 1250.00.")
        return None
    if not amount.is_finite():
        errors.add(name, f"{label(name)} must be a dollar amount, like 1250.00.")
        return None
    if amount < 0 or (amount == 0 and not allow_zero):
        errors.add(name, f"{label(name)} must be more than zero.")
        return None
    if amount > MAX_MONEY:
        errors.add(name, f"{label(name)} is too large. Check the number of digits.")
        return None
    if amount != amount.quantize(Decimal("0.01")):
        errors.add(name, f"{label(name)} can have at most two digits after the point (cents).")
        return None
    return amount


def parse_rate(errors: Errors, name: str, value: Any) -> Decimal | None:  # noqa: ANN401
    """An annual interest rate in percent, like 7 or 6.5."""
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        errors.add(name, f"{label(name)} must be a percentage, like 7.")
        return None
    try:
        rate = Decimal(str(value).strip().rstrip("%").strip())
    except InvalidOperation:
        errors.add(name, f"{label(name)} must be a percentage, like 7.")
        return None
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(30):
        errors.add(name, f"{label(name)} must be a percentage between 0 and 30.")
        return None
    return rate


def parse_bool(errors: Errors, name: str, value: Any) -> bool:  # noqa: ANN401
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("", "false", "no", "off", "0"):
        return False
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1"):
        return True
    errors.add(name, f"{label(name)} must be yes or no.")
    return False


_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)


def clean_text(value: str) -> str:
    """Normalise Unicode (NFC), unify line ends, and drop control and bidi-override characters."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text.replace("\t", " "))


def parse_text(
    errors: Errors,
    name: str,
    value: Any,  # noqa: ANN401
    *,
    required: bool = False,
    max_length: int = MAX_TEXT,
    multiline: bool = False,
) -> str | None:
    """Free text from the user: cleaned, length-limited, always treated as data."""
    if is_blank(value):
        if required:
            errors.add(name, f"{label(name)} is missing.")
        return None
    if not isinstance(value, str):
        errors.add(name, f"{label(name)} must be text.")
        return None
    text = clean_text(value).strip()
    if not multiline:
        text = " ".join(text.split())
    if len(text) > max_length:
        errors.add(name, f"{label(name)} is too long: keep it under {max_length} characters.")
        return None
    return text or None


def parse_choice(
    errors: Errors,
    name: str,
    value: Any,  # noqa: ANN401
    choices: tuple[str, ...],
    *,
    required: bool = False,
) -> str | None:
    if is_blank(value):
        if required:
            errors.add(name, f"{label(name)} is missing. Choose one of: {', '.join(choices)}.")
        return None
    if value not in choices:
        errors.add(name, f"{label(name)} must be one of: {', '.join(choices)}.")
        return None
    return str(value)


def money_str(amount: Decimal) -> str:
    """Cents, as a plain decimal string: Decimal('12.345') -> '12.35' (half up)."""
    from decimal import ROUND_HALF_UP

    return str(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def money_display(amount: Decimal) -> str:
    """'$1,234.50' for people."""
    return f"${Decimal(money_str(amount)):,.2f}"
