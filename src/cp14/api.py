"""The one surface the command line, the browser worker and the tests call.

Every function takes one plain dict and returns one plain dict (JSON-ready:
strings, numbers, booleans, lists, dicts). Invalid input returns
``{"errors": [{"field": ..., "message": ...}]}``; nothing here raises.
Money comes back as decimal strings with two places; dates as YYYY-MM-DD.

Every payload may name its reader's language: ``"lang": "es"`` gives the
messages, results and letters' reading copies in Spanish (cp14.i18n);
without it, English. ``call`` checks it, for every door, here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cp14 import facts, i18n
from cp14.i18n import N_, _, ngettext
from cp14.inputs import DISCLAIMER, Payload, Result, as_mapping, parse_lang
from cp14.validate import Errors, long_date, money_str, parse_date, parse_money, parse_rate

# Each function imports the rules it uses when it runs: the letter page only
# ever writes letters, and does not pay at start-up for the date rules.


def _source(key: str) -> dict[str, str]:
    src = facts.sources()[key]
    return {"title": src.title, "url": src.url}


# ---------------------------------------------------------------- deadlines


def deadlines(payload: Payload) -> Result:
    """Pay-by date, interest-free window, days left, typical next notices, optional estimate
    (cp14.api_deadlines)."""
    from cp14 import api_deadlines

    return api_deadlines.deadlines(payload)


def estimate(payload: Payload) -> Result:
    """Only the cost-of-waiting estimate (cp14.api_deadlines)."""
    from cp14 import api_deadlines

    return api_deadlines.estimate(payload)


# ---------------------------------------------------------------- interest

# The interest call's fields as messages name them (the words of their keys in English).
INTEREST_TITLES = {
    "amount": N_("Amount"),
    # i18n: the first day of the period (the interest starts the day after).
    "from": N_("From"),
    # i18n: the last day of the period.
    "to": N_("To"),
    "rate": N_("Rate"),
}


def _periods(periods: Any) -> list[Result]:  # noqa: ANN401
    return [
        {
            "from": p.first_day.isoformat(),
            "to": p.last_day.isoformat(),
            "days": p.days,
            "rate": str(p.rate),
            "status": p.status,
            "reference": p.reference,
            "interest": money_str(p.interest),
        }
        for p in periods
    ]


def interest(payload: Payload) -> Result:
    """Daily-compounded underpayment interest on `amount` after `from` through `to`."""
    from cp14.interest import RateTableError, table_end, underpayment_interest

    errors = Errors()
    p = as_mapping(payload, errors)
    t = INTEREST_TITLES
    amount = parse_money(errors, "amount", p.get("amount"), required=True, title=t["amount"])
    start = parse_date(errors, "from", p.get("from"), required=True, title=t["from"])
    end = parse_date(errors, "to", p.get("to"), required=True, title=t["to"])
    rate = parse_rate(errors, "rate", p.get("rate"), title=t["rate"])
    if start and end and end < start:
        errors.add("to", _("The end date is before the start date."))
    table = facts.rate_table()
    if start and start < table[0].start:
        message = _("Start date must be on or after {date}.")
        errors.add("from", message.format(date=long_date(table[0].start)))
    if errors:
        return errors.result()
    try:
        result = underpayment_interest(amount, start, end, table, rate)
    except RateTableError as exc:
        return {"errors": [{"field": "from", "message": str(exc)}]}
    notes = [
        _(
            "Interest is compounded daily at the IRS underpayment rate for each quarter "
            "(IRC 6621, 6622). Each day after the start date through the end date counts."
        )
    ]
    if result.assumed_days:
        # i18n: English says "days" for one day too; a Spanish singular is welcome.
        message = ngettext(
            "{n} days are after the last quarter we know (the quarter that starts {date}). "
            "They use an assumed rate of {rate}% a year.",
            "{n} days are after the last quarter we know (the quarter that starts {date}). "
            "They use an assumed rate of {rate}% a year.",
            result.assumed_days,
        )
        notes.append(
            message.format(
                n=result.assumed_days,
                date=long_date(facts.rate_table()[-1].start),
                rate=result.assumed_rate,
            )
        )
    return {
        "amount": money_str(amount),
        "from": start.isoformat(),
        "to": end.isoformat(),
        "days": (end - start).days,
        "interest": money_str(result.interest),
        "total": money_str(amount + result.interest),
        "periods": _periods(result.periods),
        "assumed_days": result.assumed_days,
        "assumed_rate": str(result.assumed_rate) if result.assumed_rate is not None else None,
        "rates_known_through": table_end(table).isoformat(),
        "notes": notes,
        "sources": [_source("irc-6621"), _source("irc-6622"), _source("irs-quarterly-rates")],
        "disclaimer": _(DISCLAIMER),
    }


# ---------------------------------------------------------------- business days


def business_day(payload: Payload) -> Result:
    """Is `date` a business day (IRC 7503)? If not, the next business day."""
    from cp14 import businessdays

    errors = Errors()
    p = as_mapping(payload, errors)
    day = parse_date(errors, "date", p.get("date"), required=True, title=N_("Date"))
    if errors:
        return errors.result()
    holiday = businessdays.holiday_name(day)
    return {
        "date": day.isoformat(),
        "business_day": businessdays.is_business_day(day),
        "next_business_day": businessdays.roll_forward(day).isoformat(),
        "holiday": businessdays.holiday_words(holiday) if holiday else None,
        "source": _source("irc-7503"),
    }


# ---------------------------------------------------------------- calendar


def calendar(payload: Payload) -> Result:
    """An .ics file with the dates still ahead (cp14.api_deadlines)."""
    from cp14 import api_deadlines

    return api_deadlines.calendar(payload)


# ---------------------------------------------------------------- letters


def letter(payload: Payload) -> Result:
    """A dispute or penalty-relief letter as text and an HTML fragment."""
    from cp14 import letters

    errors = Errors()
    p = as_mapping(payload, errors)
    if errors:
        return errors.result()
    return letters.render(p)


def call_sheet(payload: Payload) -> Result:
    """A one-page sheet for phoning the IRS instead, from the same answers as a letter."""
    from cp14.letters import call_sheet as sheet

    errors = Errors()
    p = as_mapping(payload, errors)
    if errors:
        return errors.result()
    return sheet.render(p)


def _kind(payload: Any, errors: Errors) -> str | None:  # noqa: ANN401
    from cp14 import letters

    p = as_mapping(payload, errors)
    kind = p.get("kind")
    if kind not in letters.KINDS:
        message = _("Kind must be one of: {kinds}.")
        errors.add("kind", message.format(kinds=", ".join(letters.KINDS)))
        return None
    return kind


def letter_example(payload: Payload) -> Result:
    """A complete, valid example input for a letter kind."""
    from cp14 import letters

    errors = Errors()
    kind = _kind(payload, errors)
    return errors.result() if errors else letters.example(kind)


def letter_fields(payload: Payload) -> Result:
    """The questions a letter kind asks: name, label, type, help, choices."""
    from cp14 import letters

    errors = Errors()
    kind = _kind(payload, errors)
    return errors.result() if errors else {"kind": kind, "fields": letters.fields(kind)}


# ---------------------------------------------------------------- payment plans


def plan(payload: Payload) -> Result:
    """Compare paying in full, a short-term plan and a long-term plan (cp14.api_plan)."""
    from cp14 import api_plan

    return api_plan.plan(payload)


# ---------------------------------------------------------------- facts and dispatch


def facts_table(payload: Payload | None = None) -> Result:
    """Every fact with its current value, unit, status, start date and source."""
    out = {}
    for name, rows in facts.load()["facts"].items():
        row = rows[-1]
        out[name] = {
            "label": row.label,
            "value": str(row.value),
            "unit": row.unit,
            "from": row.start.isoformat(),
            "status": row.status,
            "source": {"title": row.source.title, "url": row.source.url},
        }
    return {"facts": out, "checked": facts.checked().isoformat()}


FUNCTIONS: dict[str, Callable[[Payload], Result]] = {
    "deadlines": deadlines,
    "estimate": estimate,
    "interest": interest,
    "business_day": business_day,
    "calendar": calendar,
    "letter": letter,
    "call_sheet": call_sheet,
    "letter_example": letter_example,
    "letter_fields": letter_fields,
    "facts": facts_table,
    "plan": plan,
}


def call(name: str, payload: Any) -> Result:  # noqa: ANN401
    """Run API function `name` on `payload`, in the payload's language (``lang``).

    Never raises: an unexpected failure becomes an error row (with the exception
    type, not a traceback) so a page never goes blank."""
    errors = Errors()
    lang = parse_lang(errors, payload)
    with i18n.language(lang):
        if errors:
            return errors.result()
        return _call(name, payload)


def _call(name: str, payload: Any) -> Result:  # noqa: ANN401
    func = FUNCTIONS.get(name) if isinstance(name, str) else None
    if func is None:
        return {
            "errors": [
                {
                    "field": "function",
                    "message": _("Unknown function: {name}.").format(name=repr(name)),
                }
            ]
        }
    try:
        return func(payload)
    except Exception as exc:
        import traceback

        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return {
            "errors": [
                {
                    "field": "input",
                    "message": _(
                        "Something went wrong while working this out. Check your entries "
                        "and try again. ({detail})"
                    ).format(detail=detail[:200]),
                }
            ]
        }
