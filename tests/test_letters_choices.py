"""A letter to the IRS is a statement the reader signs (18 U.S.C. 1001): every sentence
that states a fact or makes a promise comes from an answer they gave.

For each letter type and each reason, a letter made from the required answers alone
has no promise to pay, no enclosure and no statement of care or reliance; ticking a
box adds exactly its own words."""

from __future__ import annotations

import pytest

from cp14 import letters

COMMON = {
    "draft": False,
    "letter_date": "2026-05-26",
    "name": "Alex Q. Sample",
    "address": "742 Maple Lane\nAnytown, ST 00000",
    "ssn_last4": "1234",
    "tax_year": "2025",
    "notice_date": "2026-05-18",
    "amount_due": "2371.40",
}

DISPUTE_REASONS = {
    "already_paid": {"paid_date": "2026-04-14", "paid_method": "check", "paid_amount": "100"},
    "not_applied": {
        "not_applied_amount": "500",
        "not_applied_date": "2026-01-15",
        "not_applied_issue": "other_year",
        "not_applied_year": "2024",
    },
    "amount_wrong": {"wrong_explanation": "The tax on our return was $1,000."},
}
CAUSES = ("disaster", "death", "illness", "records", "irs_advice", "professional_advice", "other")

# Words no letter may contain unless the reader ticked the box that says them.
PROMISE = "will pay it promptly"
CARE = "ordinary business care"
RELIANCE = ("gave the adviser all the facts", "followed the advice in good faith")
ENCLOSED = ("Enclosures:", "enclosed", "Enclosed")


def dispute(reason: str, **more: object) -> dict:
    return {"kind": "dispute", **COMMON, "reasons": [reason], **DISPUTE_REASONS[reason], **more}


def relief(ground: str, cause: str = "illness", **more: object) -> dict:
    base = {
        "kind": "penalty-relief",
        **COMMON,
        "penalty_type": "failure_to_pay",
        "penalty_amount": "38.25",
        "grounds": [ground],
    }
    if ground == "first_time":
        base |= {"fta_clean_record": "yes", "fta_returns_filed": "yes", "fta_tax_paid": "paid"}
    else:
        base |= {"cause": cause, "cause_facts": "It happened.", "cause_start": "2026-01-05"}
    return {**base, **more}


def text_of(data: dict) -> str:
    result = letters.render(data)
    assert "errors" not in result, result["errors"]
    return " ".join(result["text"].split())


def assert_says_nothing_unticked(text: str) -> None:
    assert PROMISE not in text
    assert CARE not in text
    for words in (*RELIANCE, *ENCLOSED):
        assert words not in text, words


@pytest.mark.parametrize("reason", list(DISPUTE_REASONS))
def test_a_dispute_letter_from_the_required_answers_states_nothing_more(reason):
    assert_says_nothing_unticked(text_of(dispute(reason)))


@pytest.mark.parametrize(
    ("ground", "cause"), [("first_time", "illness")] + [("reasonable_cause", c) for c in CAUSES]
)
def test_a_relief_letter_from_the_required_answers_states_nothing_more(ground, cause):
    assert_says_nothing_unticked(text_of(relief(ground, cause)))


@pytest.mark.parametrize("reason", list(DISPUTE_REASONS))
def test_the_promise_to_pay_is_there_only_when_ticked(reason):
    text = text_of(dispute(reason, promise_to_pay=True))
    assert "If any amount is correctly owed, I will pay it promptly." in text
    assert CARE not in text and "Enclosures:" not in text


@pytest.mark.parametrize("cause", CAUSES)
def test_care_is_stated_only_when_ticked(cause):
    text = text_of(relief("reasonable_cause", cause, cause_care=True))
    assert "I used ordinary business care and prudence" in text
    for words in RELIANCE:
        assert words not in text


@pytest.mark.parametrize("cause", ["irs_advice", "professional_advice"])
def test_reliance_on_advice_states_only_what_was_ticked(cause):
    facts_only = text_of(relief("reasonable_cause", cause, advice_full_facts=True))
    assert "I gave the adviser all the facts." in facts_only
    assert "followed the advice" not in facts_only and CARE not in facts_only
    followed = text_of(relief("reasonable_cause", cause, advice_followed=True))
    assert "I followed the advice in good faith." in followed
    assert "all the facts" not in followed
    both = text_of(
        relief(
            "reasonable_cause",
            cause,
            cause_care=True,
            advice_full_facts=True,
            advice_followed=True,
        )
    )
    assert (
        "I used ordinary business care and prudence: I gave the adviser all the facts, and "
        "followed the advice in good faith." in both
    )


def test_reliance_boxes_say_nothing_for_a_cause_that_is_not_advice():
    text = text_of(relief("reasonable_cause", "illness", advice_full_facts=True))
    assert "adviser" not in text


def test_the_enclosures_are_exactly_what_was_ticked():
    data = dispute(
        "already_paid",
        enclosures=["notice_copy", "payment_proof"],
        extra_enclosures=["Page 2 of my return"],
    )
    result = letters.render(data)
    assert result["enclosures"] == [
        "Copy of Notice CP14 dated May 18, 2026",
        "Proof of the payment of $100.00 made on April 14, 2026",
        "Page 2 of my return",
    ]
    assert "A copy of my proof of payment is enclosed." in " ".join(result["text"].split())


def test_a_representative_is_named_only_when_entered():
    on_file = text_of(
        dispute("amount_wrong", representative_name="Sam Lee, CPA", representative_form="on_file")
    )
    assert "Sam Lee, CPA represents me in this matter." in on_file
    assert "is on file with the IRS" in on_file and "Enclosures:" not in on_file
    enclosed = letters.render(
        dispute("amount_wrong", representative_name="Sam Lee", representative_form="enclosed")
    )
    assert enclosed["enclosures"] == [
        "Form 2848, Power of Attorney and Declaration of Representative"
    ]
    missing = letters.render(dispute("amount_wrong", representative_name="Sam Lee"))
    assert [e["field"] for e in missing["errors"]] == ["representative_form"]


def test_the_notice_variant_is_the_one_chosen():
    text = text_of(dispute("amount_wrong", notice_number="CP14I"))
    assert "Notice CP14I dated May 18, 2026" in text
    cp14h = letters.render(relief("first_time", notice_number="CP14H"))
    assert [e["field"] for e in cp14h["errors"]] == ["notice_number"]
    assert "no penalty to remove" in cp14h["errors"][0]["message"]


def test_a_blank_draft_keeps_a_line_for_the_enclosures():
    result = letters.render({"kind": "dispute", "draft": True})
    assert "[List what you put in the envelope]" in result["text"]
    assert PROMISE not in result["text"] and CARE not in result["text"]


def test_a_penalty_larger_than_the_bill_is_refused_on_its_field():
    result = letters.render(relief("first_time", penalty_amount="5000"))
    assert [e["field"] for e in result["errors"]] == ["penalty_amount"]
    assert "can't be more than the amount due on the notice" in result["errors"][0]["message"]


def test_the_same_payment_ticked_as_paid_and_not_applied_gets_a_warning():
    data = letters.example("dispute")
    data.update(
        reasons=["already_paid", "not_applied"],
        paid_amount="500.00",
        paid_date="2026-01-15",
        not_applied_amount="$500",
        not_applied_date="01/15/2026",
    )
    result = letters.render(data)
    warnings = [a for a in result["advice"] if a["field"] == "reasons"]
    assert len(warnings) == 1, result["advice"]
    assert "the same payment twice: $500.00 on January 15, 2026" in warnings[0]["message"]
    assert "tick only the reason that fits" in warnings[0]["message"]
    # Two different payments: no warning.
    data["not_applied_date"] = "2026-01-16"
    assert not [a for a in letters.render(data)["advice"] if a["field"] == "reasons"]
