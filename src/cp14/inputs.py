"""What every door shares: the payload types, and the facts of the notice checked once.

The deadline call, the plan call and the letters all ask about the same notice
(its date, its number, the amount, the tax, the tax year...). They name the
answers differently (the letter's ``amount_due`` is the plan's ``balance``), and
they show different labels, but the rules that tie the answers together are the
same, so they live here, in ``cross_checks``: a notice dated after today, a tax
year that is not before the notice's year, tax above the amount due, dates out
of order. Each door passes its own field names and labels (a ``Names`` map), so
the message names the field the reader sees. The labels are given in English
(marked with ``N_()`` where each door defines them) and translated here, with
every message, into the reader's language (cp14.i18n).

Nothing here raises on bad input; problems go to ``Errors``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from cp14.i18n import N_, _
from cp14.validate import Errors, clean_scalar, is_blank

Payload = Mapping[str, Any]
Result = dict[str, Any]

# Shown with every result; translate where it is shown: _(DISCLAIMER).
DISCLAIMER = N_(
    "General information, not tax advice. The dates and amounts on your notice are "
    "what count; this is an estimate."
)

# The notices of the CP14 family that the tools know (IRM 21.3.1; IRS notice pages).
# CP14I: a balance due on IRA taxes (Form 5329). CP14H: the individual shared
# responsibility payment (tax years 2014 to 2018): no failure-to-pay penalty, and
# no lien or levy for it (IRC 5000A(g)(2)).
NOTICES = ("CP14", "CP14I", "CP14H")
# Translate where shown: _(NOTICE_TITLES[notice]).
NOTICE_TITLES = {
    "CP14": N_("CP14: tax you owe on your return"),
    "CP14I": N_("CP14I: tax you owe on an IRA or other tax-favored account (Form 5329)"),
    "CP14H": N_("CP14H: the health coverage payment (shared responsibility payment)"),
}


def as_mapping(payload: Any, errors: Errors) -> Payload:  # noqa: ANN401
    """The payload if it is a JSON object; otherwise an error on ``input``."""
    if isinstance(payload, Mapping):
        return payload
    errors.add("input", _("The input must be a JSON object with named fields."))
    return {}


def parse_lang(errors: Errors, payload: Any) -> str:  # noqa: ANN401
    """The payload's ``lang`` ("en" or "es", any case); blank or absent means English.

    Every door (the API, the command line, each tool) passes the reader's
    language here, so a wrong one gets the same message everywhere."""
    from cp14.i18n import DEFAULT, LANGS

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
    message = _("{title} must be one of: {notices}. It is printed at the top right of the notice.")
    errors.add(name, message.format(title=_(title), notices=", ".join(NOTICES)))
    return "CP14"


class Names(NamedTuple):
    """One door's field names (and labels) for each answer the cross-checks read.

    A role the door does not ask about is left as "" and its rules are skipped. The
    titles are the English ones (marked with N_() where the door defines them)."""

    names: Mapping[str, str]
    titles: Mapping[str, str]

    def field(self, role: str) -> str:
        return self.names.get(role, "")

    def title(self, role: str) -> str:
        """The field's title in the reader's language (its key when it has no title)."""
        name = self.field(role)
        title = self.titles.get(name)
        return _(title) if title else name


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
        message = _(
            "{title} is after today's date ({today}). Check the date printed on the notice."
        )
        fail("notice_date", message.format(title=names.title("notice_date"), today=_long(today)))
    if has("tax_year") and has("notice_date") and get("tax_year") >= nd.year:
        message = _(
            "{title} must be before the year of the notice ({year}). Check the tax year "
            "printed on the notice."
        )
        fail("tax_year", message.format(title=names.title("tax_year"), year=nd.year))
    amount, tax = get("amount"), get("tax")
    if has("tax") and has("amount") and tax > amount:
        fail("tax", _more_than(names.title("tax"), names.title("amount")))
    if has("return_due_date") and has("notice_date") and get("return_due_date") > nd:
        message = _(
            "{title} is after the notice date. The return was due before the notice came. "
            "Check both dates."
        )
        fail("return_due_date", message.format(title=names.title("return_due_date")))
    later_than_notice = {
        "pay_by": N_("{title} is before the notice date. Check both dates."),
        "payment_date": N_("{title} is before the notice date. Pick a later day."),
        "start": N_("{title} is before the notice date. Pick a later date."),
        "levy_notice_date": N_(
            "{title} is before the notice date. A notice of intent to levy comes after the CP14."
        ),
    }
    for role, message in later_than_notice.items():
        if has(role) and has("notice_date") and get(role) < nd:
            fail(role, _(message).format(title=names.title(role)))
    start, end = get("postponed_from"), get("postponed_until")
    if has("postponed_from") and has("postponed_until") and end < start:
        # i18n: {start} is the other field's title, in lower case.
        message = _("{title} is before {start}. Check both dates in the IRS announcement.")
        fail(
            "postponed_until",
            message.format(
                title=names.title("postponed_until"), start=names.title("postponed_from").lower()
            ),
        )
    until_field = names.field("postponed_until")
    if (
        has("postponed_from")
        and until_field
        and not has("postponed_until")
        and not any(e["field"] == until_field for e in errors.items)
    ):
        message = _(
            "{title} is missing. The IRS announcement for your area gives it. Enter it like "
            "2026-10-15."
        )
        fail("postponed_until", message.format(title=names.title("postponed_until")))


def _more_than(part: str, whole: str) -> str:
    """One amount that cannot be larger than another (both titles, in the reader's language)."""
    # i18n: {whole} is the other field's title, in lower case, like "amount due".
    message = _("{title} can't be more than the {whole}. Check both amounts on the notice.")
    return message.format(title=part, whole=whole.lower())


def letter_checks(errors: Errors, raw: Mapping[str, Any], labels: Mapping[str, str]) -> None:
    """The letters' own rules: dates in order, a payment year that differs, a penalty
    no larger than the bill, a notice that has a penalty to remove. ``labels`` are the
    fields' English labels (translated here)."""

    def title(name: str) -> str:
        return _(labels[name])

    letter_date, notice_date = raw.get("letter_date"), raw.get("notice_date")
    if letter_date and notice_date and letter_date < notice_date:
        message = _(
            "{title} is before the notice date. Check both dates: you write the letter after "
            "you get the notice."
        )
        errors.add("letter_date", message.format(title=title("letter_date")))
    for name in ("paid_date", "not_applied_date"):
        when = raw.get(name)
        if when and letter_date and when > letter_date:
            message = _("{title} is after the letter date. Check both dates.")
            errors.add(name, message.format(title=title(name)))
    start, end = raw.get("cause_start"), raw.get("cause_end")
    if start and end and end < start:
        message = _("{title} is before the date it started.")
        errors.add("cause_end", message.format(title=title("cause_end")))
    tax_year, other_year = raw.get("tax_year"), raw.get("not_applied_year")
    if other_year and tax_year and other_year == tax_year:
        message = _(
            "{title} is the same as the tax year on the notice. Enter the other year, or "
            "choose another answer for what went wrong."
        )
        errors.add("not_applied_year", message.format(title=title("not_applied_year")))
    penalty, amount = raw.get("penalty_amount"), raw.get("amount_due")
    if penalty is not None and amount is not None and penalty > amount:
        errors.add("penalty_amount", _more_than(title("penalty_amount"), title("amount_due")))
    if "penalty_type" in raw and raw.get("notice_number") == "CP14H":
        errors.add(
            "notice_number",
            _(
                "A CP14H has no penalty to remove: the IRS charges no penalty on the shared "
                "responsibility payment, only interest. If you think the amount is wrong, "
                "choose the letter for a balance that is wrong."
            ),
        )
