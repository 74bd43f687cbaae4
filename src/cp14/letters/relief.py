"""Which kind of penalty relief a letter can ask for, from the person's own answers.

First-time relief (First Time Abate, IRM 20.1.1.3.3.2.1) covers only the
failure-to-file, failure-to-pay and failure-to-deposit penalties, and needs
three conditions: no penalties (other than an estimated-tax penalty) in the
three prior tax years; every required return filed or extended; the tax paid,
or a payment plan. The letter states only the conditions the person
confirmed. A condition that is not met takes first-time relief out of the
letter; one that is not known becomes a request to check. Either way the
person gets ``advice``: what it means and what to do.

Pure functions: answers in, a ``Relief`` and advice rows out. The links name
sources in ``data/facts.toml``; the caller turns them into titles and URLs.
The messages are marked with ``N_()`` and said with ``_()`` when the rows are made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from cp14.i18n import N_, _

FTA_PENALTIES = frozenset({"failure_to_pay", "failure_to_file", "failure_to_deposit", "both"})
FTA_QUESTIONS = ("fta_clean_record", "fta_returns_filed", "fta_tax_paid")
CONFIRMED = {
    "fta_clean_record": frozenset({"yes"}),
    "fta_returns_filed": frozenset({"yes"}),
    "fta_tax_paid": frozenset({"paid", "plan", "plan_requested"}),
}
ADVICE_CAUSES = frozenset({"irs_advice", "professional_advice"})

OR_REASONABLE_CAUSE = N_(
    "If something outside your control made you late, choose reasonable cause instead."
)
NOT_MET = {
    "fta_clean_record": (
        N_(
            "First-time relief is only for people with no penalties in the three tax years "
            "before (an estimated-tax penalty does not count)."
        ),
        ("irs-fta", "irm-20-1-1"),
    ),
    "fta_returns_filed": (
        N_(
            "First-time relief needs every required return filed, or an extension for it. "
            "File the missing returns first, then ask."
        ),
        ("irs-fta", "irm-20-1-1"),
    ),
    "fta_tax_paid": (
        N_(
            "First-time relief needs the tax paid, or a payment plan. Pay the balance, or apply "
            "for a payment plan first, then ask."
        ),
        ("irs-opa", "irs-fta", "irm-20-1-1"),
    ),
}
NOT_SURE = {
    "fta_clean_record": (
        N_(
            "You are not sure you had no penalties in the three tax years before. The letter does "
            "not say you had none: it asks the IRS to check. Your IRS online account or a tax "
            "transcript shows past penalties."
        ),
        ("irs-online-account", "irs-fta"),
    ),
    "fta_returns_filed": (
        N_(
            "You are not sure all your returns are filed. The letter does not say they are: it "
            "asks the IRS to check. First-time relief needs them filed or extended, so file any "
            "missing return."
        ),
        ("irs-online-account", "irs-fta"),
    ),
    "fta_tax_paid": (
        N_(
            "You are not sure the tax is paid or that you have a payment plan. The letter does not "
            "say so: it asks the IRS to check. First-time relief needs one of them. If you cannot "
            "pay in full, you can apply for a payment plan online."
        ),
        ("irs-online-account", "irs-opa", "irs-fta"),
    ),
}
PLAN_REQUESTED = (
    N_(
        "First-time relief needs the payment plan in place, with its payments up to date. Apply "
        "for it now, and keep up with the payments."
    ),
    ("irs-opa", "irm-20-1-1"),
)
CAUSE_ADVICE = {
    "professional_advice": (
        N_(
            "Relying on a tax professional counts when the advice was about what the law requires, "
            "from someone you had reason to trust, and you gave them all the facts. It does not "
            "count if you only relied on someone to file or pay on time for you."
        ),
        ("us-v-boyle", "cfr-301-6651-1"),
    ),
    "irs_advice": (
        N_(
            "Relief for wrong written advice from the IRS needs a copy of your written request "
            "for advice and of the IRS's written answer. The IRS may ask you to use Form 843."
        ),
        ("cfr-301-6404-3", "irs-form-843"),
    ),
}


class Advice(NamedTuple):
    field: str
    message: str
    sources: tuple[str, ...]


class Relief(NamedTuple):
    """What the letter asks for. ``confirmed`` maps a condition to the person's answer."""

    first_time: bool
    confirmed: dict[str, str]
    unknown: int
    reasonable_cause: bool
    blocked: tuple[Advice, ...]  # why first-time relief is not in the letter


def fta_covers(penalty_type: str | None) -> bool:
    """Whether first-time relief covers the penalty (unknown yet: assume it may)."""
    return penalty_type is None or penalty_type in FTA_PENALTIES


def fta_questions_apply(raw: Mapping[str, Any]) -> bool:
    """The three conditions are asked when first-time relief is asked for a covered penalty,
    until one of them is answered "no" (then the others no longer matter)."""
    return (
        "first_time" in (raw.get("grounds") or ())
        and fta_covers(raw.get("penalty_type"))
        and all(raw.get(name) != "no" for name in FTA_QUESTIONS)
    )


NOT_COVERED = Advice(
    "grounds",
    N_(
        "First-time relief covers only the failure-to-file, failure-to-pay and "
        "failure-to-deposit penalties, not the other penalty you chose."
    ),
    ("irm-20-1-1", "irs-fta"),
)


def decide(raw: Mapping[str, Any]) -> tuple[Relief, list[Advice]]:
    """What the letter can ask for, and the advice for the person (pure)."""
    grounds = raw.get("grounds") or ()
    reasonable = "reasonable_cause" in grounds
    cause = raw.get("cause")
    about_cause = (
        [Advice("cause", *CAUSE_ADVICE[cause])] if reasonable and cause in CAUSE_ADVICE else []
    )
    if "first_time" not in grounds:
        return Relief(False, {}, 0, reasonable, ()), about_cause
    if not fta_covers(raw.get("penalty_type")):
        blocked: tuple[Advice, ...] = (NOT_COVERED,)
    else:
        blocked = tuple(
            Advice(name, *NOT_MET[name]) for name in FTA_QUESTIONS if raw.get(name) == "no"
        )
    if blocked:
        return Relief(False, {}, 0, reasonable, blocked), [*blocked, *about_cause]
    confirmed = {name: raw[name] for name in FTA_QUESTIONS if raw.get(name) in CONFIRMED[name]}
    advice = []
    for name in FTA_QUESTIONS:
        if raw.get(name) == "not_sure":
            advice.append(Advice(name, *NOT_SURE[name]))
    if raw.get("fta_tax_paid") == "plan_requested":
        advice.append(Advice("fta_tax_paid", *PLAN_REQUESTED))
    unknown = len(FTA_QUESTIONS) - len(confirmed)
    return Relief(True, confirmed, unknown, reasonable, ()), [*advice, *about_cause]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def blocking_errors(relief: Relief, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """When first-time relief was the only ground and cannot be asked: one error per reason."""
    if relief.first_time or relief.reasonable_cause or not relief.blocked:
        return []
    return [
        (
            item.field,
            f"{labels[item.field]}: {_lower_first(_(item.message))} {_(OR_REASONABLE_CAUSE)}",
        )
        for item in relief.blocked
    ]


def advice_rows(advice: list[Advice], relief: Relief) -> list[dict[str, Any]]:
    """Advice as plain data, each with its links (titles and URLs from facts.toml)."""
    from cp14 import facts

    sources = facts.sources()
    rows = []
    for item in advice:
        message = _(item.message)
        if item in relief.blocked and relief.reasonable_cause:
            only = _("Your letter asks only for relief for reasonable cause.")
            message = f"{only} {message}"
        rows.append(
            {
                "field": item.field,
                "message": message,
                "links": [
                    {"title": sources[key].title, "url": sources[key].url} for key in item.sources
                ],
            }
        )
    return rows
