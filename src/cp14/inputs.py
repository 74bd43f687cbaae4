"""What every door shares: the payload types, and the facts of the notice checked once.

The deadline call, the plan call and the letters all ask about the same notice
(its date, its number, the amount, the tax, the tax year...). They name the
answers differently (the letter's ``amount_due`` is the plan's ``balance``), and
they show different labels, but the rules that tie the answers together are the
same, so they live here, in ``cross_checks``: a notice dated after today, a tax
year that is not before the notice's year, tax above the amount due, dates out
of order. Each door passes its own field names and labels (a ``Names`` map), so
the message names the field the reader sees.

Nothing here raises on bad input; problems go to ``Errors``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from cp14.validate import Errors, clean_scalar, is_blank

Payload = Mapping[str, Any]
Result = dict[str, Any]

DISCLAIMER = (
    "General information, not tax advice. The dates and amounts on your notice are "
    "what count; this is an estimate."
)

# The notices of the CP14 family that the tools know (IRM 21.3.1; IRS notice pages).
# CP14I: a balance due on IRA taxes (Form 5329). CP14H: the individual shared
# responsibility payment (tax years 2014 to 2018): no failure-to-pay penalty, and
# no lien or levy for it (IRC 5000A(g)(2)).
NOTICES = ("CP14", "CP14I", "CP14H")
NOTICE_TITLES = {
    "CP14": "CP14: tax you owe on your return",
    "CP14I": "CP14I: tax you owe on an IRA or other tax-favored account (Form 5329)",
    "CP14H": "CP14H: the health coverage payment (shared responsibility payment)",
}


def as_mapping(payload: Any, errors: Errors) -> Payload:  # noqa: ANN401
    """The payload if it is a JSON object; otherwise an error on ``input``."""
    if isinstance(payload, Mapping):
        return payload
    errors.add("input", "The input must be a JSON object with named fields.")
    return {}


def parse_lang(errors: Errors, payload: Any) -> str:  # noqa: ANN401
    """The payload's ``lang`` ("en" or "es", any case); blank or absent means English.

    Every door (the API, the command line, each tool) passes the reader's
    language here, so a wrong one gets the same message everywhere."""
    from cp14.i18n import DEFAULT, LANGS, _

    value = payload.get("lang") if isinstance(payload, Mapping) else None
    if is_blank(value):
        return DEFAULT
    text = clean_scalar(value).lower() if isinstance(value, str) else ""
    if text in LANGS:
        return text
    errors.add("lang", _("Language must be one of: {langs}.").format(langs=", ".join(LANGS)))
    return DEFAULT


def parse_notice(errors: Errors, name: str, value: Any, *, title: str) -> str:  # noqa: ANN401
    """CP14, CP14I or CP14H (any case, spaces ignored); blank means CP14."""
    if is_blank(value):
        return "CP14"
    text = clean_scalar(value).upper().replace(" ", "") if isinstance(value, str) else ""
    if text in NOTICES:
        return text
    errors.add(
        name,
        f"{title} must be one of: {', '.join(NOTICES)}. It is printed at the top right "
        "of the notice.",
    )
    return "CP14"


class Names(NamedTuple):
    """One door's field names (and labels) for each answer the cross-checks read.

    A role the door does not ask about is left as "" and its rules are skipped."""

    names: Mapping[str, str]
    titles: Mapping[str, str]

    def field(self, role: str) -> str:
        return self.names.get(role, "")

    def title(self, role: str) -> str:
        return self.titles.get(self.field(role), self.field(role))


def _long(day: date) -> str:
    from cp14.i18n import long_date

    return long_date(day)


def cross_checks(errors: Errors, values: Mapping[str, Any], names: Names) -> None:
    """The rules that tie the notice's answers together, for every door.

    ``values`` maps the door's field names to the parsed answers (None when
    blank or already wrong); ``names`` says which field plays each role
    (``today``, ``notice_date``, ``amount``, ``tax``, ``tax_year``,
    ``return_due_date``, ``pay_by``, ``payment_date``, ``start``,
    ``postponed_from``, ``postponed_until``, ``levy_notice_date``). Each
    problem is added on the field that holds the answer to fix."""

    def get(role: str) -> Any:  # noqa: ANN401
        name = names.field(role)
        return values.get(name) if name else None

    def has(role: str) -> bool:
        return get(role) is not None

    def fail(role: str, message: str) -> None:
        errors.add(names.field(role), message)

    today, nd = get("today"), get("notice_date")
    if has("notice_date") and today is not None and nd > today:
        fail(
            "notice_date",
            f"{names.title('notice_date')} is after today's date ({_long(today)}). Check the "
            "date printed on the notice.",
        )
    if has("tax_year") and has("notice_date") and get("tax_year") >= nd.year:
        fail(
            "tax_year",
            f"{names.title('tax_year')} must be before the year of the notice ({nd.year}). "
            "Check the tax year printed on the notice.",
        )
    amount, tax = get("amount"), get("tax")
    if has("tax") and has("amount") and tax > amount:
        fail(
            "tax",
            f"{names.title('tax')} can't be more than the {names.title('amount').lower()}. "
            "Check both amounts on the notice.",
        )
    if has("return_due_date") and has("notice_date") and get("return_due_date") > nd:
        fail(
            "return_due_date",
            f"{names.title('return_due_date')} is after the notice date. The return was due "
            "before the notice came. Check both dates.",
        )
    later_than_notice = {
        "pay_by": "Check both dates.",
        "payment_date": "Pick a later day.",
        "start": "Pick a later date.",
        "levy_notice_date": "A notice of intent to levy comes after the CP14.",
    }
    for role, fix in later_than_notice.items():
        if has(role) and has("notice_date") and get(role) < nd:
            fail(role, f"{names.title(role)} is before the notice date. {fix}")
    start, end = get("postponed_from"), get("postponed_until")
    if has("postponed_from") and has("postponed_until") and end < start:
        fail(
            "postponed_until",
            f"{names.title('postponed_until')} is before {names.title('postponed_from').lower()}"
            ". Check both dates in the IRS announcement.",
        )
    until_field = names.field("postponed_until")
    if (
        has("postponed_from")
        and until_field
        and not has("postponed_until")
        and not any(e["field"] == until_field for e in errors.items)
    ):
        fail(
            "postponed_until",
            f"{names.title('postponed_until')} is missing. The IRS announcement for your "
            "area gives it. Enter it like 2026-10-15.",
        )


def letter_checks(errors: Errors, raw: Mapping[str, Any], labels: Mapping[str, str]) -> None:
    """The letters' own rules: dates in order, a payment year that differs, a penalty
    no larger than the bill, a notice that has a penalty to remove."""
    letter_date, notice_date = raw.get("letter_date"), raw.get("notice_date")
    if letter_date and notice_date and letter_date < notice_date:
        errors.add(
            "letter_date",
            f"{labels['letter_date']} is before the notice date. Check both dates: you write "
            "the letter after you get the notice.",
        )
    for name in ("paid_date", "not_applied_date"):
        when = raw.get(name)
        if when and letter_date and when > letter_date:
            errors.add(name, f"{labels[name]} is after the letter date. Check both dates.")
    start, end = raw.get("cause_start"), raw.get("cause_end")
    if start and end and end < start:
        errors.add("cause_end", f"{labels['cause_end']} is before the date it started.")
    tax_year, other_year = raw.get("tax_year"), raw.get("not_applied_year")
    if other_year and tax_year and other_year == tax_year:
        errors.add(
            "not_applied_year",
            f"{labels['not_applied_year']} is the same as the tax year on the notice. "
            "Enter the other year, or choose another answer for what went wrong.",
        )
    penalty, amount = raw.get("penalty_amount"), raw.get("amount_due")
    if penalty is not None and amount is not None and penalty > amount:
        errors.add(
            "penalty_amount",
            f"{labels['penalty_amount']} can't be more than the "
            f"{labels['amount_due'].lower()}. Check both amounts on the notice.",
        )
    if "penalty_type" in raw and raw.get("notice_number") == "CP14H":
        errors.add(
            "notice_number",
            "A CP14H has no penalty to remove: the IRS charges no penalty on the shared "
            "responsibility payment, only interest. If you think the amount is wrong, choose "
            "the letter for a balance that is wrong.",
        )
