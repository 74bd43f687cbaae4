"""Penalty relief asks before it asserts.

First-time relief (IRM 20.1.1.3.3.2.1) needs three conditions: no penalties
(other than an estimated-tax penalty) in the three prior tax years; every
required return filed or extended; the tax paid, or a payment plan. The letter
states only the conditions the person confirmed, for every combination of
answers; a condition not met takes first-time relief out of the letter (or,
when it was the only ground, is an error); a condition not known becomes a
request to check. First-time relief covers only the failure-to-file,
failure-to-pay and failure-to-deposit penalties.
"""

from __future__ import annotations

import itertools

import pytest

from cp14 import facts, letters
from cp14.letters import relief

CLEAN = ("yes", "no", "not_sure")
FILED = ("yes", "no", "not_sure")
PAID = ("paid", "plan", "plan_requested", "no", "not_sure")

# What the letter says for each confirmed answer (and must not say otherwise).
CLAIMS = {
    ("fta_clean_record", "yes"): "had no penalties in the prior three tax years",
    ("fta_returns_filed", "yes"): "have filed all currently required returns",
    ("fta_tax_paid", "paid"): "have paid the tax due",
    ("fta_tax_paid", "plan"): "have a payment plan in place",
    ("fta_tax_paid", "plan_requested"): "asking for a payment plan",
}
# Words that would claim a condition (any of them, in any form).
ANY_CLAIM = {
    "fta_clean_record": ("no penalties", "prior three tax years"),
    "fta_returns_filed": ("filed all", "required returns", "valid extension"),
    "fta_tax_paid": ("paid the tax", "payment plan"),
}
ALL_CLAIM_WORDS = [words for group in ANY_CLAIM.values() for words in group]


def flat(text: str) -> str:
    return " ".join(text.split())


def required_only(**answers: str) -> dict:
    """A penalty-relief letter with only the answers it requires, and no free text that
    could mention payment or filing (the example's own story says it paid)."""
    return {
        "kind": "penalty-relief",
        "draft": False,
        "letter_date": "2025-06-30",
        "name": "Alex Q. Sample",
        "address": "742 Maple Lane\nAnytown, ST 00000",
        "ssn_last4": "1234",
        "tax_year": "2024",
        "notice_date": "2025-06-16",
        "amount_due": "2597.12",
        "penalty_type": "failure_to_pay",
        "penalty_amount": "38.25",
        "grounds": ["first_time"],
        **answers,
    }


def letter_body(result: dict) -> str:
    """The letter's request, without the enclosures (which name the notice only)."""
    text = flat(result["text"])
    return text.split("Enclosures:")[0]


@pytest.mark.parametrize(("clean", "filed", "paid"), list(itertools.product(CLEAN, FILED, PAID)))
def test_first_time_relief_states_only_what_was_confirmed(clean, filed, paid):
    answers = {"fta_clean_record": clean, "fta_returns_filed": filed, "fta_tax_paid": paid}
    result = letters.render(required_only(**answers))
    blocked = [name for name, answer in answers.items() if answer == "no"]
    if blocked:
        # First-time relief was the only ground and cannot be asked: say why, next to the answer.
        assert [e["field"] for e in result["errors"]] == blocked
        for error in result["errors"]:
            assert "reasonable cause" in error["message"]
        assert {row["field"] for row in result["advice"]} >= set(blocked)
        return
    assert "errors" not in result, result.get("errors")
    body = letter_body(result)
    assert "First Time Abate" in body
    for name, answer in answers.items():
        confirmed = (name, answer) in CLAIMS
        for words in ANY_CLAIM[name]:
            if not confirmed:
                assert words not in body, (name, answer, words)
        if confirmed:
            assert CLAIMS[(name, answer)] in body
    all_met = clean == "yes" and filed == "yes" and paid in ("paid", "plan")
    assert ("meet all three conditions" in body) == all_met
    unknown = [name for name, answer in answers.items() if answer == "not_sure"]
    assert ("record qualifies" in body) == bool(unknown)
    advice_fields = {row["field"] for row in result["advice"]}
    assert set(unknown) <= advice_fields
    if paid == "plan_requested":
        assert "fta_tax_paid" in advice_fields


@pytest.mark.parametrize(("clean", "filed", "paid"), list(itertools.product(CLEAN, FILED, PAID)))
def test_with_reasonable_cause_too_a_condition_not_met_drops_first_time_relief(clean, filed, paid):
    data = {
        **letters.example("penalty-relief"),
        "fta_clean_record": clean,
        "fta_returns_filed": filed,
        "fta_tax_paid": paid,
        "cause_facts": "Alex was in the hospital for eight weeks.",
    }
    result = letters.render(data)
    assert "errors" not in result, result["errors"]
    body = letter_body(result)
    blocked = {name for name in relief.FTA_QUESTIONS if data[name] == "no"}
    assert ("First Time Abate" in body) == (not blocked)
    assert "relief for reasonable cause" in body
    if blocked:
        assert "If first-time relief does not apply" not in body
        for words in ALL_CLAIM_WORDS:
            assert words not in body
        notes = [row for row in result["advice"] if row["field"] in blocked]
        assert notes and all(row["message"].startswith("Your letter asks only") for row in notes)


def test_blank_answers_in_a_draft_claim_nothing_and_are_listed_as_missing():
    data = {**required_only(), "draft": True}
    result = letters.render(data)
    body = letter_body(result)
    assert "First Time Abate" in body
    for words in ALL_CLAIM_WORDS:
        assert words not in body
    assert {"fta_clean_record", "fta_returns_filed", "fta_tax_paid"} <= set(result["missing"])


def test_a_final_letter_asks_each_condition():
    errors = letters.render(required_only())["errors"]
    assert [e["field"] for e in errors] == ["fta_clean_record", "fta_returns_filed", "fta_tax_paid"]
    assert all("needed when you ask for first-time relief" in e["message"] for e in errors)


def test_not_paid_says_to_set_up_a_payment_plan_first():
    result = letters.render(
        required_only(fta_clean_record="yes", fta_returns_filed="yes", fta_tax_paid="no")
    )
    (error,) = result["errors"]
    assert error["field"] == "fta_tax_paid"
    assert error["message"].startswith("Tax paid, or a payment plan: first-time relief needs")
    assert "apply for a payment plan first" in error["message"]
    (note,) = result["advice"]
    assert any("online-payment-agreement" in link["url"] for link in note["links"])


# ---------------------------------------------------------------- which penalties


@pytest.mark.parametrize(
    "penalty", ["failure_to_pay", "failure_to_file", "both", "failure_to_deposit"]
)
def test_first_time_relief_is_offered_for_the_penalties_it_covers(penalty):
    data = {**letters.example("penalty-relief"), "grounds": ["first_time"], "penalty_type": penalty}
    assert "First Time Abate" in letters.render(data)["text"]


def test_first_time_relief_is_not_offered_for_another_penalty():
    data = {
        **letters.example("penalty-relief"),
        "grounds": ["first_time"],
        "penalty_type": "other",
        "penalty_other_name": "Estimated tax penalty",
    }
    result = letters.render(data)
    (error,) = result["errors"]
    assert error["field"] == "grounds"
    assert "failure-to-file, failure-to-pay and failure-to-deposit" in error["message"]
    assert "reasonable cause" in error["message"]


def test_another_penalty_with_reasonable_cause_asks_only_for_reasonable_cause():
    data = {
        **letters.example("penalty-relief"),
        "penalty_type": "other",
        "penalty_other_name": "Estimated tax penalty",
        "fta_clean_record": None,
        "fta_returns_filed": None,
        "fta_tax_paid": None,
    }
    result = letters.render(data)
    assert "errors" not in result, result.get("errors")
    body = letter_body(result)
    assert "First Time Abate" not in body and "We ask for relief for reasonable cause." in body
    assert result["advice"][0]["field"] == "grounds"


# ---------------------------------------------------------------- reasonable cause


@pytest.mark.parametrize(
    ("cause", "words", "hint"),
    [
        ("disaster", "because of a fire, natural disaster or other casualty", "damage it caused"),
        ("death", "because of a death in our immediate family", "death certificate"),
        ("illness", "because of a serious illness", "medical records"),
        ("records", "could not get the records we needed", "were not available"),
        (
            "irs_advice",
            "We did not pay on time because we followed written advice from the IRS",
            "written request for advice and of the IRS's written answer",
        ),
        (
            "professional_advice",
            "because we relied in good faith on advice from a tax professional",
            "advice from your tax professional",
        ),
        ("other", "because of events beyond our control", "what happened and when"),
    ],
)
def test_reasonable_cause_says_what_happened_in_the_persons_words(cause, words, hint):
    story = "On March 3 the river flooded our street & <b>our</b> papers got wet."
    data = {
        **letters.example("penalty-relief"),
        "grounds": ["reasonable_cause"],
        "cause": cause,
        "cause_facts": story,
        "enclosures": ["cause_records"],
    }
    result = letters.render(data)
    text = flat(result["text"])
    assert words in text
    assert story in text
    assert "Records that show what happened and when" in result["enclosures"]
    assert any(r["field"] == "enclosures" and hint in r["message"] for r in result["advice"])
    if cause.endswith("advice"):
        assert "We received this advice on February 3, 2025." in text
        assert result["advice"] and result["advice"][0]["field"] == "cause"
    else:
        assert "This lasted from February 3, 2025, to April 30, 2025." in text


def test_the_form_offers_the_categories_the_irs_recognises():
    spec = {f["name"]: f for f in letters.fields("penalty-relief")}
    causes = [c["value"] for c in spec["cause"]["choices"]]
    assert causes == [
        "disaster",
        "death",
        "illness",
        "records",
        "irs_advice",
        "professional_advice",
        "other",
    ]
    for name in relief.FTA_QUESTIONS:
        assert spec[name]["type"] == "choice"
        assert spec[name]["required_when"] == "you ask for first-time relief"
        assert [c["value"] for c in spec[name]["choices"]][-1] == "not_sure"


def test_every_advice_link_is_a_source_in_the_facts_file():
    known = facts.sources()
    tables = [relief.NOT_MET, relief.NOT_SURE, relief.CAUSE_ADVICE]
    keys = {key for table in tables for _, sources in table.values() for key in sources}
    keys |= set(relief.PLAN_REQUESTED[1]) | set(relief.NOT_COVERED.sources)
    assert keys <= set(known), keys - set(known)
    assert all(known[key].url.startswith("https://") for key in keys)
