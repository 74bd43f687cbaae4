"""Letters: golden output, escaping, the SSN guard, joint returns, drafts and field errors.

Regenerate the golden files after an intended wording change with
``CP14_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_letters.py`` and read them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape

from cp14 import letters
from cp14.letters import UNEXPECTED
from cp14.letters.rendering import WIDTH

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CP14_UPDATE_GOLDEN") == "1"
FREE_TEXT_TYPES = {"text", "long_text", "address", "list"}


def ok(data):
    result = letters.render(data)
    assert "errors" not in result, result.get("errors")
    return result


def errors_of(data):
    result = letters.render(data)
    assert "errors" in result, "expected errors, got a letter"
    return result["errors"]


def signature_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line and set(line) == {"_"})


def flat(text: str) -> str:
    return " ".join(text.split())


def field_names(kind):
    return [f["name"] for f in letters.fields(kind)]


# ---------------------------------------------------------------- golden letters


@pytest.mark.parametrize("kind", letters.KINDS)
@pytest.mark.parametrize("fmt", ["text", "html"])
def test_golden(kind, fmt):
    result = ok(letters.example(kind))
    path = GOLDEN / f"letter-{kind}.{'txt' if fmt == 'text' else 'html'}"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(result[fmt], encoding="utf-8")
    assert path.is_file(), f"missing {path.name}: run with CP14_UPDATE_GOLDEN=1"
    assert result[fmt] == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", letters.KINDS)
def test_example_fills_every_field_and_renders_cleanly(kind):
    data = letters.example(kind)
    for name in field_names(kind):
        assert data.get(name) not in (None, "", []), name
    result = ok(data)
    assert result["kind"] == kind
    assert result["missing"] == []
    assert result["filename"] == f"cp14-{kind}-letter.txt"
    assert result["enclosures"][0].startswith("Copy of Notice CP14 dated")
    assert result["html"].startswith('<article class="letter')
    assert 'lang="en"' in result["html"]
    # example() hands out a fresh copy each time
    data["name"] = "changed"
    assert letters.example(kind)["name"] != "changed"


def test_unknown_kind_for_example_and_fields():
    with pytest.raises(ValueError):
        letters.example("complaint")
    with pytest.raises(ValueError):
        letters.fields("complaint")


def test_fields_describe_the_form():
    for kind in letters.KINDS:
        specs = letters.fields(kind)
        names = [f["name"] for f in specs]
        assert len(names) == len(set(names))
        assert {"name", "ssn_last4", "notice_date", "irs_address"} <= set(names)
        for f in specs:
            assert f["label"] and f["help"] and f["type"]
            if f["type"] in ("choice", "choices"):
                assert f["choices"]
    assert "reasons" in field_names("dispute") and "grounds" not in field_names("dispute")
    assert "grounds" in field_names("penalty-relief")


# ---------------------------------------------------------------- formats


def test_money_and_dates_are_shown_for_people():
    text = ok(letters.example("dispute"))["text"]
    assert "$2,371.40" in text and "$1,842.17" in text
    assert "May 26, 2026" in text and "April 14, 2026" in text
    assert "2026-05-18" not in text


@pytest.mark.parametrize("kind", letters.KINDS)
def test_text_lines_fit_72_columns(kind):
    data = letters.example(kind)
    data["name"] = "W" * 100  # one unbreakable word at the length limit
    data["address"] = "1 " + "Long Street Name " * 12 + "\nAnytown, ST 00000"
    data["extra_enclosures"] = ["x" * 199]
    text = ok(data)["text"]
    assert all(len(line) <= WIDTH for line in text.splitlines())
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_address_lines_stay_lines():
    data = letters.example("dispute")
    data["address"] = "  742 Maple Lane \r\n\r\n Apt. 3\rAnytown, ST 00000 "
    text = ok(data)["text"]
    assert "742 Maple Lane\nApt. 3\nAnytown, ST 00000\n" in text


@pytest.mark.parametrize(
    "name", ["Nguyễn Thị Minh Khai", "José Núñez", "李小龙", "محمد عبد الله", "Zoë O'Brien-Łukasz"]
)
def test_non_latin_names_come_out_unchanged(name):
    data = letters.example("penalty-relief")
    data["name"] = name
    result = ok(data)
    assert result["text"].startswith(name + "\n")
    assert f"Taxpayer: {name}," in result["text"]
    assert f"<bdi>{escape(name)}</bdi>" in result["html"]


def test_control_and_bidi_characters_are_removed():
    data = letters.example("dispute")
    data["name"] = "Alex\u202e Q.\x07 Sample\u200b"
    assert ok(data)["text"].startswith("Alex Q. Sample\n")


# ---------------------------------------------------------------- answers are data


PAYLOADS = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}x{% endraw %}",
    "</article>",
    "{{ config }}{{ ''.__class__ }}",
]


def _free_text_fields(kind):
    return [f["name"] for f in letters.fields(kind) if f["type"] in FREE_TEXT_TYPES]


@pytest.mark.parametrize("kind", letters.KINDS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_template_syntax_and_markup_in_answers_come_out_literally(kind, payload):
    for name in _free_text_fields(kind):
        data = letters.example(kind)
        if name == "penalty_other_name":
            data["penalty_type"] = "other"
        data[name] = [payload] if name == "extra_enclosures" else payload
        result = ok(data)
        assert payload in flat(result["text"]), name
        assert str(escape(payload)) in result["html"], name
        assert "49" not in result["text"] + result["html"], name
        assert "<script" not in result["html"], name
        assert result["html"].count("</article>") == 1, name
        assert result["html"].rstrip().endswith("</article>"), name


def test_phone_with_markup_is_rejected_not_rendered():
    data = letters.example("dispute")
    data["phone"] = "<script>alert(1)</script>"
    (error,) = errors_of(data)
    assert error["field"] == "phone"


# ---------------------------------------------------------------- the SSN guard


@pytest.mark.parametrize("full", ["123-45-6789", "123456789", "123 45 6789", 123456789])
@pytest.mark.parametrize("name", ["ssn_last4", "spouse_ssn_last4"])
def test_full_ssn_is_rejected_and_never_echoed(full, name):
    data = letters.example("dispute")
    data[name] = full
    (error,) = errors_of(data)
    assert error["field"] == name
    assert "last 4 digits" in error["message"] and "full number" in error["message"]
    assert "6789" not in error["message"]


@pytest.mark.parametrize("bad", ["12", "12345", "abcd", "12a4", "0000", True, 12.5, ["1234"]])
def test_last_four_must_be_four_digits(bad):
    data = letters.example("penalty-relief")
    data["ssn_last4"] = bad
    (error,) = errors_of(data)
    assert error["field"] == "ssn_last4"
    assert "4 digits" in error["message"]


@pytest.mark.parametrize("given", ["1234", " 1234 ", "XXX-XX-1234", "***-**-1234", 1234])
def test_last_four_accepts_the_masked_forms(given):
    data = letters.example("dispute")
    data["ssn_last4"] = given
    assert "XXX-XX-1234" in ok(data)["text"]


def test_full_ssn_in_free_text_is_rejected():
    data = letters.example("penalty-relief")
    data["cause_facts"] = "My number is 123-45-6789."
    (error,) = errors_of(data)
    assert error["field"] == "cause_facts"
    assert "Social Security number" in error["message"]


@pytest.mark.parametrize("kind", letters.KINDS)
def test_only_masked_numbers_reach_the_letter(kind):
    result = ok(letters.example(kind))
    for out in (result["text"], result["html"]):
        assert re.findall(r"\b\d{3}-\d{2}-\d{4}\b", out) == []
        assert set(re.findall(r"XXX-XX-\d{4}", out)) == {"XXX-XX-1234", "XXX-XX-5678"}


# ---------------------------------------------------------------- joint returns


def _single(kind):
    data = letters.example(kind)
    del data["spouse_name"], data["spouse_ssn_last4"]
    if kind == "dispute":
        data["not_applied_issue"] = "other_year"
    return data


@pytest.mark.parametrize("kind", letters.KINDS)
def test_joint_return_has_two_signature_lines_and_both_names(kind):
    result = ok(letters.example(kind))
    text, html = result["text"], result["html"]
    assert signature_lines(text) == 2
    assert html.count('class="signature"') == 2
    assert "Taxpayer: Alex Q. Sample, SSN or ITIN XXX-XX-1234" in text
    assert "Spouse: Jordan R. Sample, SSN or ITIN XXX-XX-5678" in text
    assert "We are writing" in text
    signed = text.split("Sincerely,")[1]
    assert signed.index("Alex Q. Sample") < signed.index("Jordan R. Sample")


@pytest.mark.parametrize("kind", letters.KINDS)
def test_single_return_has_one_signature_line(kind):
    result = ok(_single(kind))
    assert signature_lines(result["text"]) == 1
    assert "Spouse:" not in result["text"] and "Jordan" not in result["text"]
    assert "I am writing" in result["text"]


def test_spouse_ssn_without_a_name_asks_for_the_name():
    data = _single("dispute")
    data["spouse_ssn_last4"] = "5678"
    assert [e["field"] for e in errors_of(data)] == ["spouse_name"]


def test_payment_under_the_spouse_number_needs_a_joint_return():
    data = _single("dispute")
    data["not_applied_issue"] = "spouse_ssn"
    assert [e["field"] for e in errors_of(data)] == ["spouse_name", "spouse_ssn_last4"]


# ---------------------------------------------------------------- drafts


@pytest.mark.parametrize("kind", letters.KINDS)
def test_blank_draft_shows_placeholders(kind):
    result = ok({"kind": kind, "draft": True})
    for placeholder in ("[Your name]", "[Notice date]", "[Date]", "XXX-XX-[last 4]"):
        assert placeholder in result["text"], placeholder
    assert (
        '<span class="placeholder placeholder--line"><span class="placeholder__room"></span>'
        '<span class="placeholder__hint"><span class="placeholder__mark">[</span>Your name'
        '<span class="placeholder__mark">]</span></span></span>'
    ) in result["html"]
    assert {"name", "notice_date", "letter_date", "ssn_last4", "amount_due"} <= set(
        result["missing"]
    )
    assert all(name in field_names(kind) for name in result["missing"])
    assert all(len(line) <= WIDTH for line in result["text"].splitlines())


ROOM = re.compile(
    r'<span class="placeholder (placeholder--[a-z]+)(?: placeholder--lines-(\d+))?">'
    r'((?:<span class="placeholder__room"></span>)+)<span class="placeholder__hint">'
    r'<span class="placeholder__mark">\[</span>(.*?)<span class="placeholder__mark">\]</span>'
)


def blanks(html: str) -> dict[str, tuple[str, int]]:
    """Each blank's instruction: (its size, how many lines to write on)."""
    out = {}
    for size, lines, rooms, hint in ROOM.findall(html):
        count = rooms.count("placeholder__room")
        assert count == (int(lines) if lines else 1), (hint, lines, count)
        out[hint] = (size, count)
    return out


@pytest.mark.parametrize("kind", letters.KINDS)
def test_a_blank_letter_gives_each_answer_the_room_it_needs(kind):
    # For a pen: three lines for an address, several for an explanation, a short
    # line for a date; the instruction is under the line, not the line itself.
    found = blanks(ok({"kind": kind, "draft": True})["html"])
    assert found["Your street address, then city, state and ZIP code"] == ("placeholder--lines", 3)
    assert found["Use the IRS address printed on your notice"] == ("placeholder--lines", 3)
    assert found["List what you put in the envelope"] == ("placeholder--lines", 3)
    explain = (
        "Explain why the balance on the notice is wrong."
        if kind == "dispute"
        else "Explain why the penalty should be removed."
    )
    assert found[explain] == ("placeholder--lines", 4)
    assert found["Date"] == ("placeholder--date", 1)
    assert found["Notice date"] == ("placeholder--date", 1)
    assert found["Amount due"] == ("placeholder--amount", 1)
    assert found["last 4"] == ("placeholder--short", 1)
    assert found["Your name"] == ("placeholder--line", 1)
    # The written-out answers left blank in a fuller draft: several lines each.
    data = {**letters.example(kind), "draft": True}
    for name in ("wrong_explanation", "cause_facts", "not_applied_detail"):
        data.pop(name, None)
    if kind == "dispute":
        data["not_applied_issue"] = "other"
    fuller = blanks(ok(data)["html"])
    long = [hint for hint, (_, count) in fuller.items() if count > 1]
    assert long, fuller
    assert all(count >= 3 for _, count in fuller.values() if count > 1)


def test_placeholders_are_not_split_across_lines():
    result = ok({"kind": "dispute", "draft": "yes"})
    lines = result["text"].splitlines()
    assert all(line.count("[") == line.count("]") for line in lines)


def test_draft_lists_conditional_answers_as_missing():
    data = letters.example("dispute")
    data["draft"] = True
    for name in ("paid_date", "paid_method", "wrong_explanation"):
        del data[name]
    result = ok(data)
    assert result["missing"] == ["paid_date", "paid_method", "wrong_explanation"]
    assert "[Payment date]" in result["text"]
    assert "[Explain why the amount on the notice is wrong.]" in result["text"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("notice_date", "2026-02-30"), ("ssn_last4", "123-45-6789"), ("amount_due", "lots")],
)
def test_malformed_answers_are_errors_even_in_a_draft(name, value):
    data = {"kind": "dispute", "draft": True, name: value}
    assert [e["field"] for e in errors_of(data)] == [name]


@pytest.mark.parametrize("draft", [True, False])
def test_blank_irs_address_keeps_a_line_to_fill_in(draft):
    data = letters.example("dispute")
    data["draft"] = draft
    data["irs_address"] = "  "
    result = ok(data)
    assert "\n[Use the IRS address printed on your notice]\n" in result["text"]
    assert "irs_address" in result["missing"]


# ---------------------------------------------------------------- errors name the field


def _required_names(kind):
    return [f["name"] for f in letters.fields(kind) if f["required"]]


@pytest.mark.parametrize("kind", letters.KINDS)
def test_each_missing_required_answer_is_an_error_naming_the_field(kind):
    labels = {f["name"]: f["label"] for f in letters.fields(kind)}
    for name in _required_names(kind):
        data = letters.example(kind)
        data[name] = ""
        errors = errors_of(data)
        assert [e["field"] for e in errors] == [name], name
        assert errors[0]["message"].startswith(labels[name]), errors[0]["message"]
        assert "missing" in errors[0]["message"]


@pytest.mark.parametrize(
    ("kind", "changes", "field"),
    [
        ("dispute", {"reasons": ["already_paid"], "paid_date": None}, "paid_date"),
        ("dispute", {"reasons": ["not_applied"], "not_applied_issue": ""}, "not_applied_issue"),
        (
            "dispute",
            {"not_applied_issue": "other_year", "not_applied_year": ""},
            "not_applied_year",
        ),
        ("dispute", {"not_applied_issue": "other", "not_applied_detail": ""}, "not_applied_detail"),
        ("dispute", {"wrong_explanation": "   "}, "wrong_explanation"),
        (
            "penalty-relief",
            {"penalty_type": "other", "penalty_other_name": ""},
            "penalty_other_name",
        ),
        ("penalty-relief", {"cause_facts": None}, "cause_facts"),
        ("penalty-relief", {"cause_start": ""}, "cause_start"),
    ],
)
def test_answers_needed_by_other_answers(kind, changes, field):
    data = {**letters.example(kind), **changes}
    errors = errors_of(data)
    assert [e["field"] for e in errors] == [field]
    assert "needed when" in errors[0]["message"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"letter_date": "2026-05-01"}, "letter_date", "before the notice date"),
        ({"tax_year": "2027"}, "tax_year", "before the year of the notice"),
        ({"tax_year": "2026", "not_applied_year": "2024"}, "tax_year", "before the year of"),
        ({"today": "2026-05-01"}, "notice_date", "after today's date"),
        ({"paid_date": "2026-06-01"}, "paid_date", "after the letter date"),
        ({"not_applied_issue": "other_year", "not_applied_year": 2025}, "not_applied_year", "same"),
        ({"paid_method": "bitcoin"}, "paid_method", "IRS Direct Pay"),
        ({"reasons": "already_paid, refund"}, "reasons", "choose one or more"),
        ({"amount_due": "-10"}, "amount_due", "cannot be negative"),
        ({"amount_due": "0"}, "amount_due", "more than $0"),
        ({"amount_due": 10**40}, "amount_due", "too large"),
        ({"tax_year": "24"}, "tax_year", "4-digit year"),
        ({"notice_date": "March 2"}, "notice_date", "like 2026-03-16"),
        ({"name": "A" * 101}, "name", "under 100 characters"),
        ({"address": "\n".join(["line"] * 7)}, "address", "at most 6"),
        ({"wrong_explanation": "x " * 1001}, "wrong_explanation", "under 2000 characters"),
        ({"extra_enclosures": [f"item {i}" for i in range(11)]}, "extra_enclosures", "at most"),
        ({"extra_enclosures": [{"a": 1}]}, "extra_enclosures", "as text"),
        ({"phone": "12"}, "phone", "(555) 555-0142"),
    ],
)
def test_problem_answers_get_messages_a_person_can_act_on(changes, field, words):
    data = {**letters.example("dispute"), **changes}
    errors = errors_of(data)
    assert [e["field"] for e in errors] == [field]
    assert words in errors[0]["message"]


def test_cause_end_before_start():
    data = {**letters.example("penalty-relief"), "cause_end": "2025-01-01"}
    assert [e["field"] for e in errors_of(data)] == ["cause_end"]


@pytest.mark.parametrize(
    "data",
    [None, [], "dispute", 7, {}, {"kind": "letter"}, {"kind": ["dispute"]}, {"kind": None}],
)
def test_unusable_input_gets_one_clear_error(data):
    (error,) = errors_of(data)
    assert error["field"] in ("input", "kind")
    assert error["message"] != UNEXPECTED


def test_unknown_keys_are_ignored():
    data = {**letters.example("dispute"), "favourite_colour": "<b>blue</b>", "grounds": 5}
    assert ok(data)["text"] == ok(letters.example("dispute"))["text"]


# ---------------------------------------------------------------- choices shape the letter


@pytest.mark.parametrize(
    ("method", "hint"),
    [
        ("check", "a copy of the cancelled check, front and back"),
        ("direct_pay", "the IRS Direct Pay confirmation"),
        ("eftps", "the EFTPS payment confirmation"),
        ("money_order", "a copy of the money order receipt"),
        ("other", "a bank statement or payment confirmation"),
    ],
)
def test_proof_of_payment_is_advice_and_the_letter_lists_only_what_is_ticked(method, hint):
    data = {**letters.example("dispute"), "reasons": ["already_paid"], "paid_method": method}
    result = ok({**data, "enclosures": ["notice_copy"]})
    assert any(row["field"] == "enclosures" and hint in row["message"] for row in result["advice"])
    assert result["enclosures"][0] == "Copy of Notice CP14 dated May 18, 2026"
    assert not any("payment" in item.lower() for item in result["enclosures"][:-1])
    assert "proof of payment is enclosed" not in flat(result["text"])
    ticked = ok({**data, "enclosures": ["payment_proof"]})
    assert ticked["enclosures"][0] == "Proof of the payment of $1,842.17 made on April 14, 2026"
    assert "A copy of our proof of payment is enclosed." in flat(ticked["text"])
    assert "not applied" not in ticked["text"]
    if method == "check":
        assert "The check number is DPX4Q7N2K9R5T1." in flat(ticked["text"])


def test_extra_enclosures_may_be_one_line_each():
    data = {**letters.example("dispute"), "extra_enclosures": "Page 2 of my return\n\n Letter "}
    assert ok(data)["enclosures"][-2:] == ["Page 2 of my return", "Letter"]


def test_reasons_as_a_comma_separated_string():
    data = {**letters.example("dispute"), "reasons": "amount_wrong, already_paid"}
    text = flat(ok(data)["text"])
    assert "We paid $1,842.17" in text and "The amount on the notice is also wrong." in text
    assert text.index("We paid") < text.index("also wrong")


def test_first_time_abatement_states_the_three_conditions():
    data = {**letters.example("penalty-relief"), "grounds": ["first_time"]}
    text = flat(ok(data)["text"])
    assert "prior three tax years (2021 through 2023), other than an estimated-tax penalty" in text
    assert "filed all currently required returns, or filed a valid extension" in text
    assert "We have paid the tax due." in text
    assert "reasonable cause" not in text
    assert "failure-to-pay penalty of $38.25" in text
    assert "remove the interest on this penalty" in text


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"penalty_type": "both"}, "failure-to-file penalty and a failure-to-pay penalty"),
        ({"penalty_type": "failure_to_file"}, "could not file on time"),
        ({"penalty_type": "other"}, "$38.25: the Penalty for late payment of tax."),
        ({"cause": "death"}, "because of a death in our immediate family"),
        ({"cause": "records"}, "because we could not get the records we needed"),
        ({"cause_end": None}, "This began on February 3, 2025."),
    ],
)
def test_reasonable_cause_wording(changes, words):
    data = {**letters.example("penalty-relief"), "grounds": ["reasonable_cause"], **changes}
    text = flat(ok(data)["text"])
    assert words in text
    assert "ordinary business care and prudence" in text
    assert "First Time Abate" not in text


# ---------------------------------------------------------------- packaging


def test_import_is_light_and_templates_ship_with_the_package():
    code = (
        "import sys; from cp14 import letters; "
        "r = letters.render(letters.example('dispute')); assert 'text' in r, r; "
        "heavy = {'holidays', 'icalendar'} & set(sys.modules); assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_every_page_after_the_first_names_who_the_letter_is_from():
    # Printed, pages after the first repeat this with "Page N of M" (tool.css).
    data = letters.example("dispute")
    assert ok(data)["page_header"] == (
        "Alex Q. Sample and Jordan R. Sample, SSN or ITIN XXX-XX-1234 and XXX-XX-5678"
    )
    data = {**letters.example("penalty-relief"), "spouse_name": "", "spouse_ssn_last4": ""}
    assert ok(data)["page_header"] == "Alex Q. Sample, SSN or ITIN XXX-XX-1234"
    # A blank letter: lines to fill in by hand, never "[Your name]" or "None".
    blank = ok({"kind": "dispute", "draft": True})["page_header"]
    assert blank == "________________________, SSN or ITIN XXX-XX-____"
