"""Letters to the IRS about a CP14 notice: a dispute letter and a penalty-relief letter.

``render(data)`` takes one flat dict of answers and returns the letter as plain
text (for printing, at most 72 characters a line) and as an HTML fragment, or
``{"errors": [...]}``; it never raises. ``example(kind)`` is a complete input
for each kind; ``fields(kind)`` describes the questions for a form.

Answers are data: they are escaped into the package's own templates and are
never used as a template. Only the last four digits of an SSN or ITIN are
accepted or shown. This is general information, not tax advice.

The letter to mail is always in English. A call in another language (``lang``
in the API, cp14.i18n.language) gets its messages, advice and form in that
language, and a ``reading_copy`` of the letter in it: the same template
rendered again, paragraph for paragraph, so the person knows what they sign.
The answers they typed stay as they typed them in both.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from cp14 import i18n
from cp14.i18n import N_, _
from cp14.letters.model import FIELDS, KINDS, Field, fields_for, parse
from cp14.validate import Errors

__all__ = ["KINDS", "example", "fields", "render"]

UNEXPECTED = N_(
    "Something went wrong while writing the letter. Check your answers and try again; "
    "if it keeps happening, start from a blank letter."
)
# Why the letter to mail stays in English, shown with its reading copy. The IRS's
# guidance on language (the Schedule LEP instructions) is about what the IRS writes
# to a person: a preference stated only with a tax return, and English until a letter
# is translated. Nothing found from the IRS says it reads letters sent to it in
# Spanish, so the tool offers no Spanish letter to mail.
READING_NOTE = N_(
    "This copy is only for reading, so you know what your letter says. Mail and sign the "
    "letter in English, not this copy. The IRS's instructions about language are about "
    "the letters the IRS sends you: to get them in another language, such as Spanish, "
    "file Schedule LEP (Form 1040) with your tax return. The IRS says it keeps writing in "
    "English until a letter is translated. We found nothing from the IRS that says it reads "
    "letters sent to it in another language, so the letter to mail is in English."
)
LANGUAGE_SOURCE = {
    "title": "Instructions for Schedule LEP (Form 1040), Request for Change in Language Preference",
    "url": "https://www.irs.gov/instructions/i1040lep",
    "status": "confirmed",
}
_ORDER = {name: i for i, name in enumerate(["input", "kind", "draft", *(f.name for f in FIELDS)])}


def render(data: Mapping[str, Any]) -> dict[str, Any]:
    """The letter for ``data["kind"]``, or ``{"errors": [{"field", "message"}]}``.

    With ``data["draft"]`` true, required answers left blank become visible
    placeholders such as "[Your name]" and are listed in ``missing``; answers
    that are filled in but wrong (a bad date, a full SSN) are still errors.
    A blank ``irs_address`` is never an error: the letter keeps a line saying
    to use the address printed on the notice, and ``missing`` lists it (in
    drafts and final letters alike).
    """
    try:
        return _render(data)
    except Exception:  # a last guard: the form must always get an answer it can show
        return {"errors": [{"field": "input", "message": _(UNEXPECTED)}]}


def _render(data: Any) -> dict[str, Any]:  # noqa: ANN401
    errors = Errors()
    if not isinstance(data, Mapping):
        errors.add("input", _("The letter answers must be a set of named fields (a JSON object)."))
        return errors.result()
    parsed = parse(data, errors)
    if errors or parsed is None:
        items = sorted(errors.items, key=lambda e: _ORDER.get(e["field"], len(_ORDER)))
        if parsed is not None and parsed.advice:
            return {"errors": items, "advice": parsed.advice}
        return {"errors": items}

    from cp14.facts import fact
    from cp14.letters.rendering import html_to_text, render_html

    years = int(fact("fta_clean_years").number)
    html = render_html(parsed, years, i18n.DEFAULT)  # the letter to mail: English
    text, enclosures = html_to_text(html)
    result: dict[str, Any] = {
        "kind": parsed.kind,
        "text": text,
        "html": html,
        "page_header": page_header(parsed),
        "missing": parsed.missing,
        "enclosures": enclosures,
        "advice": parsed.advice,
        "filename": f"cp14-{parsed.kind}-letter.txt",
    }
    lang = i18n.current()
    if lang != i18n.DEFAULT:
        copy_html = render_html(parsed, years, lang)
        copy_text, _enclosed = html_to_text(copy_html)
        result["reading_copy"] = {
            "lang": lang,
            "text": copy_text,
            "html": copy_html,
            "note": _(READING_NOTE),
        }
        result["sources"] = [dict(LANGUAGE_SOURCE)]
    return result


BLANK_NAME = "_" * 24
BLANK_DIGITS = "____"


def page_header(parsed: Any) -> str:  # noqa: ANN401 - a letters.model.Parsed
    """What every printed page after the first repeats, so a page that comes loose can
    be matched to the letter: the name(s) and the last 4 digits (blanks to fill in by
    hand where a draft has none). The page number is added where the letter is printed."""
    from cp14.letters.model import Slot

    show = parsed.show

    def said(name: str, blank: str) -> str:
        value = show.get(name)
        return blank if value is None or isinstance(value, Slot) else str(value)

    names = said("name", BLANK_NAME)
    digits = f"XXX-XX-{said('ssn_last4', BLANK_DIGITS)}"
    if show.get("spouse_name") is not None:
        names += f" and {said('spouse_name', BLANK_NAME)}"
        digits += f" and XXX-XX-{said('spouse_ssn_last4', BLANK_DIGITS)}"
    return f"{names}, SSN or ITIN {digits}"


_COMMON: dict[str, Any] = {
    "draft": False,
    "letter_date": "2026-05-26",
    "name": "Alex Q. Sample",
    "spouse_name": "Jordan R. Sample",
    "address": "742 Maple Lane, Apt. 3\nAnytown, ST 00000",
    "phone": "(555) 555-0142",
    "ssn_last4": "1234",
    "spouse_ssn_last4": "5678",
    "tax_year": "2025",
    "tax_form": "1040",
    "notice_date": "2026-05-18",
    "notice_number": "CP14",
    "amount_due": "2371.40",
    "irs_address": "Internal Revenue Service\nPO Box 0000\nAnytown, ST 00000-0000",
    "irs_phone": "(555) 555-0100",
}

_EXAMPLES: dict[str, dict[str, Any]] = {
    "dispute": {
        "kind": "dispute",
        **_COMMON,
        "reasons": ["already_paid", "not_applied", "amount_wrong"],
        "paid_date": "2026-04-14",
        "paid_method": "direct_pay",
        "paid_amount": "1842.17",
        "paid_reference": "DPX4Q7N2K9R5T1",
        "not_applied_amount": "500.00",
        "not_applied_date": "2026-01-15",
        "not_applied_issue": "spouse_ssn",
        "not_applied_year": "2026",
        "not_applied_detail": (
            "It was an estimated tax payment for 2025, made through IRS Direct Pay."
        ),
        "wrong_explanation": (
            "Our 2025 return showed $2,342.17 of tax due. Our two payments, $1,842.17 and "
            "$500.00, add up to that amount, so we believe we owe nothing. The penalty and "
            "interest on the notice come from payments that were not credited."
        ),
        "promise_to_pay": True,
        "representative_name": "Morgan T. Example, EA",
        "representative_form": "on_file",
        "enclosures": ["notice_copy", "payment_proof", "not_applied_proof"],
        "extra_enclosures": ["Copy of our 2025 Form 1040, page 2"],
    },
    "penalty-relief": {
        "kind": "penalty-relief",
        **_COMMON,
        "letter_date": "2025-06-30",
        "tax_year": "2024",
        "notice_date": "2025-06-16",
        "amount_due": "2597.12",
        "penalty_type": "failure_to_pay",
        "penalty_other_name": "Penalty for late payment of tax",
        "penalty_amount": "38.25",
        "grounds": ["first_time", "reasonable_cause"],
        "fta_clean_record": "yes",
        "fta_returns_filed": "yes",
        "fta_tax_paid": "paid",
        "cause": "illness",
        "cause_facts": (
            "Alex had surgery on February 3, 2025, and was in the hospital for eight weeks. "
            "Alex could not work or handle our mail until the end of April. We paid the "
            "balance in full on June 20, 2025."
        ),
        "cause_start": "2025-02-03",
        "cause_end": "2025-04-30",
        "cause_care": True,
        "advice_full_facts": True,
        "advice_followed": True,
        "representative_name": "Morgan T. Example, EA",
        "representative_form": "enclosed",
        "enclosures": ["notice_copy", "cause_records"],
        "extra_enclosures": ["Copy of the bank statement that shows our payment on June 20, 2025"],
    },
}


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of: {', '.join(KINDS)}")
    return kind


def example(kind: str) -> dict[str, Any]:
    """A complete, valid input for ``kind`` with every field filled (fictional people)."""
    return copy.deepcopy(_EXAMPLES[_check_kind(kind)])


def _describe(spec: Field) -> dict[str, Any]:
    """A question in the current language (its name, type and values never change)."""
    return {
        "name": spec.name,
        "label": _(spec.label),
        "type": spec.type,
        "required": spec.required,
        "required_when": _(spec.required_when) if spec.required_when else None,
        "help": _(spec.help),
        "placeholder": _(spec.placeholder) if spec.placeholder else None,
        "choices": [{"value": v, "label": _(text)} for v, text in spec.choices],
        "max_length": spec.max_length,
        "default": spec.default or None,
    }


def fields(kind: str) -> list[dict[str, Any]]:
    """The questions for ``kind``, in letter order, for building a form.

    ``type`` is one of: text, long_text, address (several lines), phone, ssn4,
    year, date (YYYY-MM-DD), money, choice (one of ``choices``), choices (any
    number of ``choices``), list (one item per line).
    """
    return [_describe(spec) for spec in fields_for(_check_kind(kind))]
