"""One grammar for money, real dates only, invisible characters dropped, any full SSN caught.

The same parsers serve the deadline tool, the letters and the command line, so
each rejected form below is rejected everywhere, with a message that names the
field and says what to fix.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cp14 import api, letters
from cp14.validate import Errors, clean_text, contains_full_ssn, parse_date, parse_money


def money(value, **kw):
    errors = Errors()
    return parse_money(errors, "amount", value, title="Amount due", **kw), errors.items


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", "1234.5"),
        ("1234.50", "1234.50"),
        ("$1,234.50", "1234.50"),
        ("1,234,567.89", "1234567.89"),
        ("  $12  ", "12"),
        ("0.07", "0.07"),
        (1234, "1234"),
        (1234.5, "1234.5"),
        ("2,450.17\u200b", "2450.17"),  # a zero-width space pasted from a PDF
    ],
)
def test_money_accepts_one_grammar(text, expected):
    amount, errors = money(text)
    assert errors == [] and amount == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("12,34.5", "comma in the wrong place"),
        ("1,2345", "comma in the wrong place"),
        ("1e6", "not as 1e6"),
        ("1E+3", "not as 1e6"),
        ("-0", "cannot be negative"),
        ("-12.00", "cannot be negative"),
        ("$-5", "cannot be negative"),
        ("1_000", "must be a dollar amount"),
        ("\uff11\uff12\uff13", "digits 0 to 9 only"),  # full-width 123
        ("\u0661\u0662\u0663", "digits 0 to 9 only"),  # Arabic-Indic 123
        ("\u09e7\u09e8", "digits 0 to 9 only"),  # Bengali 12
        ("12.345", "at most two digits after the point"),
        ("12.", "must be a dollar amount"),
        ("1 000", "must be a dollar amount"),
        ("NaN", "must be a dollar amount"),
        ("Infinity", "must be a dollar amount"),
        ("0x10", "must be a dollar amount"),
        ("12$", "must be a dollar amount"),
        (-5, "cannot be negative"),
        pytest.param(10**5000, "too large", id="int-too-long-for-str"),
        (float("nan"), "must be a dollar amount"),
        (1e300, "not as 1e6"),
        (True, "must be a dollar amount"),
    ],
)
def test_money_rejects_everything_else_and_says_what_to_fix(text, words):
    amount, errors = money(text)
    assert amount is None
    (error,) = errors
    assert error["message"].startswith("Amount due "), error
    assert words in error["message"]


@pytest.mark.parametrize("text", ["12,34.5", "1e6", "-0", "1_000", "\uff11\uff12", "\u0661\u0662"])
def test_the_deadline_tool_and_the_letter_reject_the_same_amounts(text):
    deadline = api.call("deadlines", {"notice_date": "2026-03-16", "amount": text})
    letter = api.call("letter", {**letters.example("dispute"), "amount_due": text})
    assert [e["field"] for e in deadline["errors"]] == ["amount"]
    assert [e["field"] for e in letter["errors"]] == ["amount_due"]
    # Same grammar, same explanation; only the field's name differs.
    assert (
        deadline["errors"][0]["message"].split(" ", 2)[2]
        == (letter["errors"][0]["message"].split(" notice ", 1)[1])
    )


def test_zero_is_not_an_amount_due_in_either_tool():
    """$0 is refused by both tools: a CP14 bills a balance of $5 or more, a letter about a
    $0 balance or a $0 penalty asks for nothing, and the deadline window needs a bill.
    A $0 line (a notice can show "Penalty $0.00") is still fine in the deadline tool."""
    deadline = api.call("deadlines", {"notice_date": "2026-03-16", "amount": "0"})
    assert deadline["errors"][0]["field"] == "amount"
    assert "more than $0" in deadline["errors"][0]["message"]
    letter = api.call("letter", {**letters.example("dispute"), "amount_due": "$0.00"})
    assert letter["errors"][0]["field"] == "amount_due"
    assert "more than $0" in letter["errors"][0]["message"]
    lines = api.call(
        "deadlines", {"notice_date": "2026-03-16", "tax": "100", "penalty": "0", "interest": "0"}
    )
    assert "errors" not in lines and lines["amount"] == "100.00"
    all_zero = api.call("deadlines", {"notice_date": "2026-03-16", "tax": "0", "penalty": "0"})
    assert all_zero["errors"][0]["field"] == "amount"


# ---------------------------------------------------------------- dates


def date_error(text):
    errors = Errors()
    assert parse_date(errors, "notice_date", text, title="Notice date") is None
    (error,) = errors.items
    return error["message"]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-02-30", "February 2026 has 28 days"),
        ("02/30/2026", "February 2026 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2026-04-31", "April 2026 has 30 days"),
        ("2026-13-01", "only 12 months"),
        ("2026-00-10", "only 12 months"),
    ],
)
def test_an_impossible_date_says_that_date_does_not_exist(text, why):
    message = date_error(text)
    assert message.startswith("Notice date: that date does not exist.")
    assert why in message


@pytest.mark.parametrize("text", ["March 2", "2026/03/16", "\u0662\u0660\u0662\u0666-03-16", "16"])
def test_an_unreadable_date_shows_the_form_to_use(text):
    message = date_error(text)
    assert message.startswith("Notice date is not a date we can read")
    assert "like 2026-03-16" in message


# ---------------------------------------------------------------- text


@pytest.mark.parametrize(
    "invisible",
    ["\u2060", "\ufeff", "\u061c", "\u200b", "\u200e", "\u202e", "\u2066", "\U000e0041", "\u00ad"],
)
def test_format_characters_are_removed_from_text(invisible):
    assert clean_text(f"Alex{invisible} Sample") == "Alex Sample"


def test_a_lone_surrogate_is_removed():
    assert clean_text("Alex\ud800 Sample") == "Alex Sample"


@pytest.mark.parametrize(
    "text",
    [
        "123-45-6789",
        "123456789",
        "123.45.6789",
        "123 45 6789",
        "123\u201345\u20136789",  # en dashes
        "123\u201445\u20146789",  # em dashes
        "123 - 45 - 6789",
        "123/45/6789",
        "123_45_6789",
        "\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19",  # full-width digits
        "my SSN is 123-45-6789 for 2024",
        "SSN:123456789.",
    ],
)
def test_the_ssn_guard_catches_nine_digits_in_ssn_shape(text):
    assert contains_full_ssn(text)


@pytest.mark.parametrize(
    "text",
    [
        "(555) 555-0142",
        "555-555-0142",
        "2026-03-16",
        "03/16/2026",
        "$2,342.17",
        "$100,000.00",
        "Anytown, ST 00000-0000",
        "12345-6789",
        "DPX4Q7N2K9R5T1",
        "1234567890",  # ten digits: not an SSN
        "XXX-XX-1234",
    ],
)
def test_the_ssn_guard_leaves_other_numbers_alone(text):
    assert not contains_full_ssn(text)


@pytest.mark.parametrize("invisible", ["\u2060", "\ufeff", "\u061c", "\U000e0041\U000e007f"])
def test_format_characters_never_reach_the_letter(invisible):
    data = {
        **letters.example("dispute"),
        "name": f"Alex{invisible} Q. Sample",
        "wrong_explanation": f"We paid{invisible} in full.",
        "extra_enclosures": [f"Page{invisible} 2"],
    }
    result = api.call("letter", data)
    assert invisible not in result["text"] and invisible not in result["html"]
    assert "Alex Q. Sample" in result["text"] and "We paid in full." in result["text"]


@pytest.mark.parametrize(
    "ssn", ["123456789", "123.45.6789", "123\u201345\u20136789", "123 - 45 - 6789"]
)
@pytest.mark.parametrize(
    "field", ["wrong_explanation", "name", "extra_enclosures", "paid_reference"]
)
def test_a_full_ssn_in_any_text_answer_is_refused(ssn, field):
    data = {**letters.example("dispute"), field: f"See {ssn}"}
    if field == "extra_enclosures":
        data[field] = [f"See {ssn}"]
    result = api.call("letter", data)
    assert [e["field"] for e in result["errors"]] == [field]
    assert "Social Security number" in result["errors"][0]["message"]
    assert ssn not in json.dumps(result, ensure_ascii=False)
