"""The questions each letter asks, and how the answers are checked.

``parse(data)`` turns one untrusted dict into the values a letter template
needs: display strings (dates as "March 16, 2026", money as "$1,234.56"), or a
``Slot`` (a visible placeholder such as "[Your name]") for a required answer
left blank in a draft. Nothing here raises on bad input and nothing here
builds markup: the wording lives in the templates.

The words the person reads (labels, help, choices, placeholders, errors) are
messages (cp14.i18n): marked with ``N_()`` where a field is defined, said with
``_()`` when they are shown, in the language of the call. ``display(parsed)``
writes the answers for a template in the current language, so one set of
answers gives the English letter and its reading copy in another language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from markupsafe import Markup

from cp14 import i18n
from cp14.i18n import N_, _
from cp14.letters import relief as relief_rules
from cp14.validate import (
    Errors,
    clean_scalar,
    clean_text,
    contains_full_ssn,
    is_blank,
    label,
    money_display,
    parse_bool,
    parse_date,
    parse_money,
    parse_text,
    parse_year,
)

KINDS = ("dispute", "penalty-relief")

# Limits keep a letter to a page or two and catch pasted documents.
MAX_NAME = 100
MAX_ADDRESS = 300
MAX_ADDRESS_LINES = 6
MAX_LONG_TEXT = 2000
MAX_ENCLOSURES = 10
MAX_ENCLOSURE = 200


# The room a blank needs on paper, by the kind of answer: a short line for a date or
# an amount, a longer one for a name; a multi-line answer gets that many ruled lines.
ROOMS = {"date": "date", "money": "amount", "ssn4": "short", "year": "short"}


class Slot(NamedTuple):
    """A visible placeholder for an answer still to be filled in (draft letters).

    On screen it is the bracketed instruction, highlighted. In print (tool.css) it is
    room to write by hand: a line of the size `room` names ("short", "date", "amount"
    or "line"), or `lines` ruled lines for an answer of several lines, with the
    instruction in small type under it. The plain-text letter keeps "[text]".
    """

    text: str
    room: str = "line"
    lines: int = 0

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        size = (
            f"placeholder--lines placeholder--lines-{self.lines}"
            if self.lines
            else (f"placeholder--{self.room}")
        )
        rooms = Markup('<span class="placeholder__room"></span>') * max(self.lines, 1)
        hint = self.text
        if hint.startswith("[") and hint.endswith("]"):
            hint = Markup(
                '<span class="placeholder__mark">[</span>{}<span class="placeholder__mark">]</span>'
            ).format(hint[1:-1])
        return Markup(
            '<span class="placeholder {}">{}<span class="placeholder__hint">{}</span></span>'
        ).format(size, rooms, hint)


class Field(NamedTuple):
    """One question of the letter form (a NamedTuple: cheap to define at import)."""

    name: str
    label: str
    # text, long_text, address, date, money, ssn4, year, choice, choices, list, phone,
    # confirm (one box the person ticks to state something; never ticked for them)
    type: str
    help: str
    kinds: tuple[str, ...] = KINDS
    required: bool = False
    required_when: str = ""  # in words, for the form; the rule itself is in _required()
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = MAX_NAME
    default: str = ""
    lines: int = 0  # a blank for a pen: the ruled lines a multi-line answer needs


DISPUTE = ("dispute",)
RELIEF = ("penalty-relief",)

FIELDS: tuple[Field, ...] = (
    Field(
        "letter_date",
        N_("Letter date"),
        "date",
        N_("The date you will sign and mail the letter."),
        required=True,
        placeholder=N_("[Date]"),
    ),
    Field(
        "name",
        N_("Your name"),
        "text",
        N_("Your full name, as it appears on the notice."),
        required=True,
        placeholder=N_("[Your name]"),
    ),
    Field(
        "spouse_name",
        N_("Spouse's name"),
        "text",
        N_("Only for a joint return: your spouse's full name, as it appears on the notice."),
        required_when=N_("you filed a joint return"),
        placeholder=N_("[Spouse's name]"),
    ),
    Field(
        "address",
        N_("Your mailing address"),
        "address",
        N_("Street, then city, state and ZIP code, each on its own line."),
        required=True,
        placeholder=N_("[Your street address, then city, state and ZIP code]"),
        max_length=MAX_ADDRESS,
        lines=3,
    ),
    Field(
        "phone",
        N_("Phone number"),
        "phone",
        N_("Optional. A number where the IRS can reach you during the day."),
        max_length=40,
    ),
    Field(
        "ssn_last4",
        N_("Last 4 digits of your SSN or ITIN"),
        "ssn4",
        N_(
            "Only the last 4 digits. The letter shows them as XXX-XX-1234. "
            "Never enter the full number."
        ),
        required=True,
        placeholder=N_("[last 4]"),
        max_length=4,
    ),
    Field(
        "spouse_ssn_last4",
        N_("Last 4 digits of your spouse's SSN or ITIN"),
        "ssn4",
        N_("Only for a joint return, and only the last 4 digits."),
        required_when=N_("you filed a joint return"),
        placeholder=N_("[last 4]"),
        max_length=4,
    ),
    Field(
        "tax_year",
        N_("Tax year"),
        "year",
        N_("The tax year printed on the notice, like 2024."),
        required=True,
        placeholder=N_("[Tax year]"),
        max_length=4,
    ),
    Field(
        "tax_form",
        N_("Tax form"),
        "text",
        N_("The return the notice is about. Most people filed Form 1040."),
        max_length=30,
        default="1040",
    ),
    Field(
        "notice_date",
        N_("Notice date"),
        "date",
        N_("The date printed on the notice, near the top."),
        required=True,
        placeholder=N_("[Notice date]"),
    ),
    Field(
        "notice_number",
        N_("Notice number"),
        "choice",
        N_("Printed at the top right of the notice."),
        default="CP14",
        choices=(
            ("CP14", N_("CP14: tax you owe on your return")),
            ("CP14I", N_("CP14I: tax on an IRA or other tax-favored account (Form 5329)")),
            ("CP14H", N_("CP14H: the health coverage payment (shared responsibility payment)")),
        ),
    ),
    Field(
        "amount_due",
        N_("Amount due on the notice"),
        "money",
        N_("The amount the notice says you owe, like 1234.56."),
        required=True,
        placeholder=N_("[Amount due]"),
    ),
    Field(
        "irs_address",
        N_("IRS address from the notice"),
        "address",
        N_(
            "Copy the IRS address printed on your notice. If you leave it blank, the letter "
            "keeps a line for you to write it in."
        ),
        placeholder=N_("[Use the IRS address printed on your notice]"),
        max_length=MAX_ADDRESS,
        lines=3,
    ),
    Field(
        "irs_phone",
        N_("IRS phone number on your notice"),
        "phone",
        N_(
            "Optional. Only for the call sheet, if you prefer to call: the number in the top "
            "right corner of your notice, or in its IRS Help section."
        ),
        max_length=40,
    ),
    # ------------------------------------------------------------ dispute
    Field(
        "reasons",
        N_("Reason the balance is wrong"),
        "choices",
        N_("Choose every reason that fits."),
        kinds=DISPUTE,
        required=True,
        placeholder=N_("[Explain why the balance on the notice is wrong.]"),
        lines=4,
        choices=(
            ("already_paid", N_("I already paid this balance")),
            ("not_applied", N_("A payment was not applied to this tax year correctly")),
            ("amount_wrong", N_("The amount on the notice is wrong")),
        ),
    ),
    Field(
        "paid_date",
        N_("Payment date"),
        "date",
        N_("The date you made the payment."),
        kinds=DISPUTE,
        required_when=N_("the reason is that you already paid"),
        placeholder=N_("[Payment date]"),
    ),
    Field(
        "paid_method",
        N_("Payment method"),
        "choice",
        N_("How you sent the payment."),
        kinds=DISPUTE,
        required_when=N_("the reason is that you already paid"),
        placeholder=N_("[how you paid]"),
        choices=(
            ("check", N_("Check")),
            ("direct_pay", N_("IRS Direct Pay")),
            ("eftps", N_("EFTPS")),
            ("card", N_("Debit or credit card")),
            ("online_account", N_("IRS Online Account")),
            ("money_order", N_("Money order")),
            ("other", N_("Another way")),
        ),
    ),
    Field(
        "paid_amount",
        N_("Amount paid"),
        "money",
        N_("How much you paid, like 1234.56."),
        kinds=DISPUTE,
        required_when=N_("the reason is that you already paid"),
        placeholder=N_("[Amount paid]"),
    ),
    Field(
        "paid_reference",
        N_("Confirmation or check number"),
        "text",
        N_("Optional. The confirmation number of an online payment, or the check number."),
        kinds=DISPUTE,
        max_length=60,
    ),
    Field(
        "not_applied_amount",
        N_("Amount of the payment that was not applied"),
        "money",
        N_("How much that payment was, like 500.00."),
        kinds=DISPUTE,
        required_when=N_("the reason is that a payment was not applied correctly"),
        placeholder=N_("[Payment amount]"),
    ),
    Field(
        "not_applied_date",
        N_("Date of the payment that was not applied"),
        "date",
        N_("The date you made that payment."),
        kinds=DISPUTE,
        required_when=N_("the reason is that a payment was not applied correctly"),
        placeholder=N_("[Payment date]"),
    ),
    Field(
        "not_applied_issue",
        N_("Problem with the payment"),
        "choice",
        N_("Where the payment went instead."),
        kinds=DISPUTE,
        required_when=N_("the reason is that a payment was not applied correctly"),
        placeholder=N_("[Explain where the payment went instead.]"),
        lines=3,
        choices=(
            ("spouse_ssn", N_("It was paid under my spouse's SSN (joint return)")),
            ("other_year", N_("It was applied to another tax year")),
            ("other", N_("Something else")),
        ),
    ),
    Field(
        "not_applied_year",
        N_("Tax year the payment went to"),
        "year",
        N_("The tax year the IRS applied the payment to, like 2023."),
        kinds=DISPUTE,
        required_when=N_("the payment was applied to another tax year"),
        placeholder=N_("[Tax year]"),
        max_length=4,
    ),
    Field(
        "not_applied_detail",
        N_("Details about the payment"),
        "long_text",
        N_("Optional, unless you chose 'Something else'. A sentence or two about what happened."),
        kinds=DISPUTE,
        required_when=N_("you chose 'Something else'"),
        placeholder=N_("[Explain what happened to the payment.]"),
        max_length=1000,
        lines=3,
    ),
    Field(
        "wrong_explanation",
        N_("Reason the amount is wrong"),
        "long_text",
        N_("In a few short sentences, say what is wrong and what the right amount is."),
        kinds=DISPUTE,
        required_when=N_("the reason is that the amount is wrong"),
        placeholder=N_("[Explain why the amount on the notice is wrong.]"),
        max_length=MAX_LONG_TEXT,
        lines=5,
    ),
    Field(
        "promise_to_pay",
        N_("I will pay any amount that is correctly owed"),
        "confirm",
        N_(
            "Tick this only if you mean it. The letter then says that if any amount is "
            "correctly owed, you will pay it promptly."
        ),
        kinds=DISPUTE,
    ),
    # ------------------------------------------------------------ penalty relief
    Field(
        "penalty_type",
        N_("Penalty to remove"),
        "choice",
        N_("The penalty you want removed, as listed on the notice."),
        kinds=RELIEF,
        required=True,
        placeholder=N_("[Penalty name]"),
        choices=(
            ("failure_to_pay", N_("Failure-to-pay penalty (paying late)")),
            ("failure_to_file", N_("Failure-to-file penalty (filing late)")),
            ("both", N_("Both of these")),
            ("failure_to_deposit", N_("Failure-to-deposit penalty (tax deposits made late)")),
            ("other", N_("Another penalty")),
        ),
    ),
    Field(
        "penalty_other_name",
        N_("Name of the penalty"),
        "text",
        N_("Only for another penalty: its name as printed on the notice."),
        kinds=RELIEF,
        required_when=N_("you chose another penalty"),
        placeholder=N_("[Penalty name]"),
    ),
    Field(
        "penalty_amount",
        N_("Penalty amount"),
        "money",
        N_("The penalty amount shown on the notice, like 123.45."),
        kinds=RELIEF,
        required=True,
        placeholder=N_("[Penalty amount]"),
    ),
    Field(
        "grounds",
        N_("Reason for relief"),
        "choices",
        N_(
            "Choose one or both. First-time relief is for people with a clean record for the "
            "past three years, and only for the failure-to-file, failure-to-pay and "
            "failure-to-deposit penalties. Reasonable cause is for events you could not control."
        ),
        kinds=RELIEF,
        required=True,
        placeholder=N_("[Explain why the penalty should be removed.]"),
        lines=4,
        choices=(
            ("first_time", N_("First-time penalty relief")),
            ("reasonable_cause", N_("Reasonable cause")),
        ),
    ),
    # First-time relief: the three conditions of IRM 20.1.1.3.3.2.1, asked, never assumed.
    Field(
        "fta_clean_record",
        N_("No penalties in the three years before"),
        "choice",
        N_(
            "Did you have no penalties for the three tax years before the year on the notice? "
            "An estimated-tax penalty does not count. Your IRS online account or a tax "
            "transcript lists past penalties."
        ),
        kinds=RELIEF,
        required_when=N_("you ask for first-time relief"),
        placeholder=N_("[no penalties in the three years before?]"),
        choices=(
            ("yes", N_("Yes: no penalties in those years")),
            ("no", N_("No: I had a penalty in one of those years")),
            ("not_sure", N_("I am not sure")),
        ),
    ),
    Field(
        "fta_returns_filed",
        N_("All required returns filed"),
        "choice",
        N_(
            "Have you filed every tax return you had to file, or asked for more time (an "
            "extension) for the ones not filed yet?"
        ),
        kinds=RELIEF,
        required_when=N_("you ask for first-time relief"),
        placeholder=N_("[all returns filed?]"),
        choices=(
            ("yes", N_("Yes: all filed, or extended")),
            ("no", N_("No: at least one is not filed yet")),
            ("not_sure", N_("I am not sure")),
        ),
    ),
    Field(
        "fta_tax_paid",
        N_("Tax paid, or a payment plan"),
        "choice",
        N_(
            "Have you paid the tax on the notice, or do you have a payment plan for it? With a "
            "plan, you must be up to date with its payments."
        ),
        kinds=RELIEF,
        required_when=N_("you ask for first-time relief"),
        placeholder=N_("[tax paid or payment plan?]"),
        choices=(
            ("paid", N_("Yes: I have paid the tax")),
            ("plan", N_("Yes: I have a payment plan and I am up to date with it")),
            ("plan_requested", N_("Yes: I am asking for a payment plan now")),
            ("no", N_("No: not paid, and no payment plan")),
            ("not_sure", N_("I am not sure")),
        ),
    ),
    # Reasonable cause: what happened, when, in the person's own words.
    Field(
        "cause",
        N_("What happened"),
        "choice",
        N_("Choose the closest match."),
        kinds=RELIEF,
        required_when=N_("you ask for relief for reasonable cause"),
        placeholder=N_("[what happened]"),
        choices=(
            ("disaster", N_("A fire, casualty or natural disaster")),
            ("death", N_("A death in my immediate family")),
            ("illness", N_("A serious illness or incapacity: mine or my immediate family's")),
            ("records", N_("I could not get the records I needed")),
            ("irs_advice", N_("I followed written advice from the IRS that was wrong")),
            ("professional_advice", N_("I relied in good faith on advice from a tax professional")),
            ("other", N_("Something else")),
        ),
    ),
    Field(
        "cause_facts",
        N_("What happened, in your words"),
        "long_text",
        N_("In a few short sentences: what happened, and how it kept you from filing or paying."),
        kinds=RELIEF,
        required_when=N_("you ask for relief for reasonable cause"),
        placeholder=N_(
            "[Describe what happened and how it kept you from filing or paying on time.]"
        ),
        max_length=MAX_LONG_TEXT,
        lines=5,
    ),
    Field(
        "cause_start",
        N_("Date it happened or began"),
        "date",
        N_("When the event happened or began, or the date of the advice."),
        kinds=RELIEF,
        required_when=N_("you ask for relief for reasonable cause"),
        placeholder=N_("[Start date]"),
    ),
    Field(
        "cause_end",
        N_("Date the problem ended"),
        "date",
        N_("Optional. Leave blank if it has not ended."),
        kinds=RELIEF,
    ),
    Field(
        "cause_care",
        N_("I was careful with my taxes, but this kept me from filing or paying on time"),
        "confirm",
        N_(
            'Tick this only if it is true. The letter then says that you used "ordinary business '
            'care and prudence": the words the IRS uses for someone who did what a careful '
            "person would do."
        ),
        kinds=RELIEF,
    ),
    Field(
        "advice_full_facts",
        N_("I gave the adviser all the facts"),
        "confirm",
        N_(
            "Only for advice you relied on. Tick this only if you told them everything "
            "that mattered."
        ),
        kinds=RELIEF,
    ),
    Field(
        "advice_followed",
        N_("I followed the advice in good faith"),
        "confirm",
        N_("Only for advice you relied on. Tick this only if you did what the advice said."),
        kinds=RELIEF,
    ),
    # ------------------------------------------------------------ both, at the end
    Field(
        "representative_name",
        N_("Your representative's name"),
        "text",
        N_(
            "Optional. Only if a tax professional represents you and the IRS has, or will get, "
            "their Form 2848 (power of attorney)."
        ),
    ),
    Field(
        "representative_form",
        N_("Their Form 2848"),
        "choice",
        N_("Where the IRS finds the power of attorney."),
        required_when=N_("you name a representative"),
        placeholder=N_("[Form 2848 on file or enclosed?]"),
        choices=(
            ("on_file", N_("The IRS already has it")),
            ("enclosed", N_("I am putting it in the envelope")),
        ),
    ),
    Field(
        "enclosures",
        N_("What you will put in the envelope"),
        "choices",
        N_("Tick each thing you will send with the letter. The letter lists only what you tick."),
        choices=(
            ("notice_copy", N_("A copy of the notice")),
            ("payment_proof", N_("Proof of the payment I already made")),
            ("not_applied_proof", N_("Proof of the payment that was not applied")),
            ("cause_records", N_("Records that show what happened and when")),
            ("advice_copy", N_("A copy of the advice I relied on")),
        ),
    ),
    Field(
        "extra_enclosures",
        N_("Other enclosures"),
        "list",
        N_("Optional. Anything else you will put in the envelope, one item per line."),
        max_length=MAX_ENCLOSURE,
    ),
)

BY_NAME = {f.name: f for f in FIELDS}


def fields_for(kind: str) -> list[Field]:
    return [f for f in FIELDS if kind in f.kinds]


# ---------------------------------------------------------------- display helpers


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(d: date) -> str:
    """date(2026, 3, 16) -> 'March 16, 2026' (in English whatever the machine's locale)."""
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def choice_labels(spec: Field) -> str:
    return "; ".join(_(text) for _key, text in spec.choices)


# ---------------------------------------------------------------- parsers
# Each returns the parsed value or None (blank or invalid); problems go to ``errors``
# with the field's label in words.


def _relabel(errors: Errors, spec: Field, sub: Errors) -> None:
    """Copy messages from the shared helpers, naming the field by its label."""
    generic = label(spec.name)
    for item in sub.items:
        message = item["message"]
        if message.startswith(generic):
            message = _(spec.label) + message[len(generic) :]
        errors.add(spec.name, message)


def _no_full_ssn(errors: Errors, spec: Field, text: str | None) -> str | None:
    if text is not None and contains_full_ssn(text):
        errors.add(
            spec.name,
            _(
                "{label} seems to contain a full Social Security number. Remove it: "
                "the letter shows only the last 4 digits."
            ).format(label=_(spec.label)),
        )
        return None
    return text


def _clean_text(errors: Errors, spec: Field, value: Any, multiline: bool) -> str | None:  # noqa: ANN401
    """Free text, cleaned by the shared helper; its two problems said with the label."""
    if is_blank(value):
        return None
    if not isinstance(value, str):
        errors.add(spec.name, _("{label} must be text.").format(label=_(spec.label)))
        return None
    sub = Errors()
    text = parse_text(sub, spec.name, value, max_length=10**9, multiline=multiline)
    _relabel(errors, spec, sub)
    if text is not None and len(text) > spec.max_length:
        errors.add(
            spec.name,
            _("{label} is too long: keep it under {n} characters.").format(
                label=_(spec.label), n=spec.max_length
            ),
        )
        return None
    return text


def _parse_text(errors: Errors, spec: Field, value: Any) -> str | None:  # noqa: ANN401
    text = _clean_text(errors, spec, value, multiline=False)
    return _no_full_ssn(errors, spec, text)


def _parse_address(errors: Errors, spec: Field, value: Any) -> list[str] | None:  # noqa: ANN401
    text = _clean_text(errors, spec, value, multiline=True)
    if _no_full_ssn(errors, spec, text) is None:
        return None
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > MAX_ADDRESS_LINES:
        errors.add(
            spec.name,
            _("{label} has too many lines: use at most {n}.").format(
                label=_(spec.label), n=MAX_ADDRESS_LINES
            ),
        )
        return None
    return lines


def _parse_ssn4(errors: Errors, spec: Field, value: Any) -> str | None:  # noqa: ANN401
    if is_blank(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10**12:
        value = str(value)
    if not isinstance(value, str):
        errors.add(
            spec.name,
            _("{label}: enter only the last 4 digits, like 1234.").format(label=_(spec.label)),
        )
        return None
    text = clean_scalar(value)
    masked = re.fullmatch(r"(?:[Xx*]{3}-?[Xx*]{2}-?)?([0-9]{4})", text, re.ASCII)
    digits = sum(ch.isdigit() for ch in text)
    if masked and masked[1] != "0000":
        return masked[1]
    if digits > 4:
        errors.add(
            spec.name,
            _(
                "{label}: enter only the last 4 digits, like 1234. "
                "Do not enter the full number; the letter never needs it."
            ).format(label=_(spec.label)),
        )
    else:
        errors.add(
            spec.name, _("{label} must be exactly 4 digits, like 1234.").format(label=_(spec.label))
        )
    return None


def _parse_year(errors: Errors, spec: Field, value: Any) -> int | None:  # noqa: ANN401
    return parse_year(errors, spec.name, value, title=_(spec.label))


def _parse_choice(errors: Errors, spec: Field, value: Any) -> str | None:  # noqa: ANN401
    if is_blank(value):
        return None
    allowed = {key for key, _label in spec.choices}
    if isinstance(value, str) and clean_scalar(value) in allowed:
        return clean_scalar(value)
    errors.add(
        spec.name,
        _("{label}: choose one of these: {choices}.").format(
            label=_(spec.label), choices=choice_labels(spec)
        ),
    )
    return None


def _choose_some(spec: Field) -> str:
    return _("{label}: choose one or more of these: {choices}.").format(
        label=_(spec.label), choices=choice_labels(spec)
    )


def _parse_choices(errors: Errors, spec: Field, value: Any) -> list[str] | None:  # noqa: ANN401
    """A list of choices; also accepts one string with the choices separated by commas."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        value = [part for part in re.split(r"[,\s]+", clean_text(value)) if part]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        errors.add(spec.name, _choose_some(spec))
        return None
    picked = {clean_scalar(v) for v in value if clean_scalar(v)}
    order = [key for key, _label in spec.choices]
    if not picked <= set(order):
        errors.add(spec.name, _choose_some(spec))
        return None
    return [key for key in order if key in picked] or None


def _parse_list(errors: Errors, spec: Field, value: Any) -> list[str]:  # noqa: ANN401
    """A list of strings, or one string with one item per line."""
    if is_blank(value):
        return []
    if isinstance(value, str):
        value = clean_text(value).split("\n")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        errors.add(
            spec.name,
            _("{label}: write each item as text, one per line.").format(label=_(spec.label)),
        )
        return []
    items = [" ".join(clean_text(v).split()) for v in value]
    items = [item for item in items if item]
    if len(items) > MAX_ENCLOSURES:
        errors.add(
            spec.name,
            _("{label}: list at most {n} items.").format(label=_(spec.label), n=MAX_ENCLOSURES),
        )
        return []
    for item in items:
        if len(item) > spec.max_length:
            errors.add(
                spec.name,
                _("{label}: keep each item under {n} characters.").format(
                    label=_(spec.label), n=spec.max_length
                ),
            )
            return []
        if _no_full_ssn(errors, spec, item) is None:
            return []
    return items


PHONE = re.compile(r"\+?[\d\s().-]+(?:\s*(?:x|ext\.?)\s*\d{1,6})?", re.IGNORECASE)


def _parse_phone(errors: Errors, spec: Field, value: Any) -> str | None:  # noqa: ANN401
    text = _parse_text(errors, spec, value)
    if text is None:
        return None
    digits = sum(ch.isdigit() for ch in text)
    if not PHONE.fullmatch(text) or not 7 <= digits <= 20:
        errors.add(
            spec.name,
            _("{label} should look like (555) 555-0142: digits, spaces and ( ) - + only.").format(
                label=_(spec.label)
            ),
        )
        return None
    return text


def _parse_date(errors: Errors, spec: Field, value: Any) -> date | None:  # noqa: ANN401
    return parse_date(errors, spec.name, value, title=_(spec.label))


def _parse_confirm(errors: Errors, spec: Field, value: Any) -> bool | None:  # noqa: ANN401
    """A box the person ticked: True, or None when it is not ticked (never assumed)."""
    sub = Errors()
    ticked = parse_bool(sub, spec.name, value, title=_(spec.label))
    errors.items.extend(sub.items)
    return True if ticked else None


def _parse_money(errors: Errors, spec: Field, value: Any) -> Decimal | None:  # noqa: ANN401
    """Every amount in a letter is more than $0 (the deadline tool agrees: see api)."""
    return parse_money(errors, spec.name, value, allow_zero=False, title=_(spec.label))


PARSERS = {
    "text": _parse_text,
    "long_text": _parse_text,
    "address": _parse_address,
    "phone": _parse_phone,
    "ssn4": _parse_ssn4,
    "year": _parse_year,
    "date": _parse_date,
    "money": _parse_money,
    "choice": _parse_choice,
    "choices": _parse_choices,
    "list": _parse_list,
    "confirm": _parse_confirm,
}


def missing_message(spec: Field) -> str:
    """'Tax year is missing. Enter the 4-digit year, like 2024.': whole sentences, joined."""
    hints = {
        "date": lambda: _("Enter it like 2026-03-16."),
        "money": lambda: _("Enter the dollar amount, like 1234.56."),
        "ssn4": lambda: _("Enter only the last 4 digits, like 1234."),
        "year": lambda: _("Enter the 4-digit year, like 2024."),
        "choice": lambda: _("Choose one of these: {choices}.").format(choices=choice_labels(spec)),
        "choices": lambda: _("Choose one or more of these: {choices}.").format(
            choices=choice_labels(spec)
        ),
    }
    plural = spec.type == "ssn4"  # "Last 4 digits ... are missing"
    name = _(spec.label)
    # i18n: {label} is a field's name; "are" when it names several things (the last 4 digits)
    parts = [_("{label} are missing.") if plural else _("{label} is missing.")]
    parts[0] = parts[0].format(label=name)
    if spec.required_when:
        # i18n: {condition} completes "needed when ...", like "you filed a joint return"
        why = (
            _("They are needed when {condition}.")
            if plural
            else _("It is needed when {condition}.")
        )
        parts.append(why.format(condition=_(spec.required_when)))
    if spec.type in hints:
        parts.append(hints[spec.type]())
    return " ".join(parts)


# ---------------------------------------------------------------- the whole letter


@dataclass
class Parsed:
    """Checked answers: raw values for rules, display values for the template."""

    kind: str
    draft: bool
    raw: dict[str, Any] = field(default_factory=dict)
    show: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    relief: relief_rules.Relief | None = None  # penalty-relief letters only
    advice: list[dict[str, Any]] = field(default_factory=list)
    # How each answer is shown (see display): "value" (written for the reader, like a
    # date), "as_is", "invalid" (already reported) or "placeholder" (a blank to fill in).
    states: dict[str, str] = field(default_factory=dict)


def is_joint(raw: Mapping[str, Any], kind: str) -> bool:
    """A joint return: a spouse is named, or the answers only make sense for one."""
    return bool(
        raw.get("spouse_name")
        or raw.get("spouse_ssn_last4")
        or (
            kind == "dispute"
            and "not_applied" in (raw.get("reasons") or ())
            and raw.get("not_applied_issue") == "spouse_ssn"
        )
    )


def _required(spec: Field, raw: Mapping[str, Any], kind: str) -> bool:
    """Whether an answer is needed, given the other answers."""
    if spec.required:
        return True
    reasons = raw.get("reasons") or ()
    grounds = raw.get("grounds") or ()
    joint = is_joint(raw, kind)
    rules = {
        "spouse_name": joint,
        "spouse_ssn_last4": joint,
        "paid_date": "already_paid" in reasons,
        "paid_method": "already_paid" in reasons,
        "paid_amount": "already_paid" in reasons,
        "not_applied_amount": "not_applied" in reasons,
        "not_applied_date": "not_applied" in reasons,
        "not_applied_issue": "not_applied" in reasons,
        "not_applied_year": "not_applied" in reasons
        and raw.get("not_applied_issue") == "other_year",
        "not_applied_detail": "not_applied" in reasons and raw.get("not_applied_issue") == "other",
        "wrong_explanation": "amount_wrong" in reasons,
        "penalty_other_name": raw.get("penalty_type") == "other",
        "fta_clean_record": relief_rules.fta_questions_apply(raw),
        "fta_returns_filed": relief_rules.fta_questions_apply(raw),
        "fta_tax_paid": relief_rules.fta_questions_apply(raw),
        "cause": "reasonable_cause" in grounds,
        "cause_facts": "reasonable_cause" in grounds,
        "cause_start": "reasonable_cause" in grounds,
        "representative_form": bool(raw.get("representative_name")),
    }
    return rules.get(spec.name, False)


def _display(spec: Field, value: Any) -> Any:  # noqa: ANN401
    if spec.type == "date":
        return i18n.long_date(value)
    if spec.type == "money":
        return money_display(value)
    if spec.type == "year":
        return str(value)
    return value


def _placeholder(spec: Field) -> Any:  # noqa: ANN401
    slot = Slot(_(spec.placeholder), ROOMS.get(spec.type, "line"), spec.lines)
    return [slot] if spec.type == "address" else slot


def display(parsed: Parsed) -> dict[str, Any]:
    """The answers as a template shows them, in the current language: dates written out
    ("March 16, 2026" / "16 de marzo de 2026"), placeholders in words. What the person
    typed is never changed or translated."""
    show: dict[str, Any] = {}
    for spec in fields_for(parsed.kind):
        state, value = parsed.states.get(spec.name), parsed.raw.get(spec.name)
        if state == "value":
            show[spec.name] = _display(spec, value)
        elif state == "invalid":
            show[spec.name] = None
        elif state == "placeholder":
            show[spec.name] = _placeholder(spec)
        elif state == "as_is":
            show[spec.name] = value
    return show


LETTER_NAMES = {
    "today": "today",
    "notice_date": "notice_date",
    "amount": "amount_due",
    "tax_year": "tax_year",
}


def _cross_checks(errors: Errors, raw: Mapping[str, Any], today: date | None) -> None:
    """Answers that are each fine but do not fit together (cp14.inputs holds the rules)."""
    from cp14.inputs import Names, cross_checks, letter_checks

    labels = {f.name: _(f.label) for f in FIELDS} | {"today": _("Today's date")}
    cross_checks(errors, {**raw, "today": today}, Names(LETTER_NAMES, labels))
    letter_checks(errors, raw, labels)


def _relief(errors: Errors, parsed: Parsed) -> None:
    """What a penalty-relief letter can ask for; advice, or errors when it can ask nothing."""
    decided, advice = relief_rules.decide(parsed.raw)
    parsed.relief = decided
    labels = {f.name: _(f.label) for f in FIELDS}
    for name, message in relief_rules.blocking_errors(decided, labels):
        errors.add(name, message)
    parsed.advice = relief_rules.advice_rows(advice, decided)


# What to put in the envelope as proof: advice shown next to the question, never
# written into the letter for the person (they tick what they send).
PROOF_HINTS = {
    "check": N_("a copy of the cancelled check, front and back"),
    "direct_pay": N_(
        "the IRS Direct Pay confirmation and the bank statement that shows the payment"
    ),
    "eftps": N_("the EFTPS payment confirmation and the bank statement that shows the payment"),
    "card": N_("the card payment confirmation and the card statement that shows the payment"),
    "online_account": N_(
        "the IRS Online Account payment confirmation and the bank statement that shows the payment"
    ),
    "money_order": N_("a copy of the money order receipt"),
}
RECORD_HINTS = {
    "illness": N_("medical records that show the illness and its dates"),
    "death": N_("a copy of the death certificate or an obituary"),
    "disaster": N_("records that show the disaster and the damage it caused"),
    "records": N_("records that show why the documents were not available"),
    "irs_advice": N_("a copy of your written request for advice and of the IRS's written answer"),
    "professional_advice": N_("a copy of the advice from your tax professional"),
}


def _enclosure_advice(raw: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    """What would prove the point, as advice for the enclosures question."""
    rows = []
    if kind == "dispute" and "already_paid" in (raw.get("reasons") or ()):
        hint = PROOF_HINTS.get(
            raw.get("paid_method") or "",
            N_("a bank statement or payment confirmation that shows the payment"),
        )
        rows.append(
            # i18n: {proof} is one of the proofs listed above ("a copy of the cancelled check...")
            _("As proof of the payment you already made, you can send {proof}.").format(
                proof=_(hint)
            )
        )
    if kind == "dispute" and "not_applied" in (raw.get("reasons") or ()):
        rows.append(
            _(
                "As proof of the payment that was not applied, you can send the bank statement "
                "or payment confirmation that shows it."
            )
        )
    if kind == "penalty-relief" and "reasonable_cause" in (raw.get("grounds") or ()):
        hint = RECORD_HINTS.get(
            raw.get("cause") or "", N_("documents that show what happened and when")
        )
        # i18n: {records} is one of the records listed above ("medical records that show...")
        rows.append(_("To show what happened, you can send {records}.").format(records=_(hint)))
    return [{"field": "enclosures", "message": text, "links": []} for text in rows]


def _same_payment(raw: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    """A warning when 'already paid' and 'not applied' describe what looks like one
    payment (the same amount on the same date): the letter would tell of two."""
    reasons = raw.get("reasons") or ()
    if kind != "dispute" or not {"already_paid", "not_applied"} <= set(reasons):
        return []
    amount, day = raw.get("paid_amount"), raw.get("paid_date")
    if amount is None or day is None:
        return []
    if amount != raw.get("not_applied_amount") or day != raw.get("not_applied_date"):
        return []
    return [
        {
            "field": "reasons",
            "message": _(
                "You entered the same payment twice: {amount} on {date}, as a payment you "
                "already made and as a payment that was not applied. The letter tells of two "
                "payments. If it was one payment, tick only the reason that fits it."
            ).format(amount=money_display(amount), date=i18n.long_date(day)),
            "links": [],
        }
    ]


def parse(data: Mapping[str, Any], errors: Errors) -> Parsed | None:
    """Check every answer for the letter kind; None when the kind or draft flag is unusable."""
    kind = data.get("kind")
    if not isinstance(kind, str) or kind.strip() not in KINDS:
        errors.add(
            "kind",
            _(
                "Letter type is missing or unknown. Choose 'dispute' (the balance is wrong) or "
                "'penalty-relief' (ask to remove a penalty)."
            ),
        )
        return None
    kind = kind.strip()
    before = len(errors.items)
    draft = parse_bool(errors, "draft", data.get("draft"))
    if len(errors.items) > before:
        draft = True  # no letter either way; do not pile "missing" messages on top
    result = Parsed(kind=kind, draft=draft)
    specs = fields_for(kind)
    for spec in specs:
        value = PARSERS[spec.type](errors, spec, data.get(spec.name))
        if value is None and spec.default:
            value = spec.default
        result.raw[spec.name] = value
    today = parse_date(errors, "today", data.get("today"), title=_("Today's date"))
    _cross_checks(errors, result.raw, today)
    if kind == "penalty-relief":
        _relief(errors, result)
    result.advice.extend(_same_payment(result.raw, kind))
    result.advice.extend(_enclosure_advice(result.raw, kind))
    for spec in specs:
        value = result.raw[spec.name]
        if value not in (None, []):
            result.states[spec.name] = "value"
            continue
        if errors.items and any(e["field"] == spec.name for e in errors.items):
            result.states[spec.name] = "invalid"  # already reported
        elif spec.name == "irs_address":
            result.missing.append(spec.name)
            result.states[spec.name] = "placeholder"
        elif _required(spec, result.raw, kind):
            if draft:
                result.missing.append(spec.name)
                result.states[spec.name] = "placeholder"
            else:
                errors.add(spec.name, missing_message(spec))
        else:
            result.states[spec.name] = "as_is"
    result.show = display(result)
    return result
