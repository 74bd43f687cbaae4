"""The call sheet (cp14.letters.call_sheet, the API's `call_sheet` call, `cp14 letter
--call-sheet`): what to say for each reason, from the same answers as the letter;
blanks where an answer is missing; the IRS's own pages as its sources; escaped text."""

from __future__ import annotations

import io

import pytest

from cp14 import api, cli, facts, letters
from cp14.letters.rendering import WIDTH


def sheet(data: dict) -> dict:
    result = api.call("call_sheet", data)
    assert "errors" not in result, result
    assert "None" not in result["text"] and "None" not in result["html"]
    assert all(len(line) <= WIDTH for line in result["text"].splitlines())
    return result


def dispute(*reasons: str, **more: object) -> dict:
    data = letters.example("dispute")
    data.update(reasons=list(reasons), **more)
    return data


def relief(*grounds: str, **more: object) -> dict:
    data = letters.example("penalty-relief")
    data.update(grounds=list(grounds), **more)
    return data


def test_a_payment_already_made():
    text = sheet(dispute("already_paid"))["text"]
    assert "“We paid $1,842.17 on April 14, 2026, through IRS Direct Pay." in text
    assert "DPX4Q7N2K9R5T1" in text and "Can you check our account and apply it?”" in text
    assert "cancelled checks, bank statements or payment" in text
    assert "not applied" not in text


def test_a_payment_not_applied():
    text = " ".join(sheet(dispute("not_applied", not_applied_issue="other_year"))["text"].split())
    assert "made a payment of $500.00 on January 15, 2026, and it was not applied" in text
    assert "It was applied to tax year 2026 instead." in text
    assert "Can you move it to tax year 2025?”" in text


def test_an_amount_that_is_wrong():
    text = " ".join(sheet(dispute("amount_wrong"))["text"].split())
    assert "believe the amount on the notice is wrong, and we would like to explain why" in text


def test_first_time_penalty_relief_by_phone_as_the_irs_penalties_page_words_it():
    result = sheet(relief("first_time"))
    text = " ".join(result["text"].split())
    assert "The notice includes the failure-to-pay penalty of $38.25." in text
    assert "ask for first-time penalty relief (First Time Abate)" in text
    assert "Can you check whether our record qualifies?" in text
    # Only reported (a copy of the IRS Penalties page), so worded as that page does.
    assert (
        "The IRS Penalties page says to call the number on your notice, or write a letter" in text
    )
    penalties = facts.sources()["irs-penalties"].url
    assert {"url": penalties, "status": "reported"}.items() <= next(
        s for s in result["sources"] if s["url"] == penalties
    ).items()
    assert "reasonable cause" not in text


def test_reasonable_cause_by_phone():
    text = " ".join(sheet(relief("reasonable_cause"))["text"].split())
    assert "would like it removed for reasonable cause: we could not file or pay on time" in text
    assert "because of a serious illness" in text
    assert "Records that show what happened and when" in text


@pytest.mark.parametrize("kind", letters.KINDS)
def test_a_blank_sheet_is_for_a_pen(kind):
    result = sheet({"kind": kind})
    text = result["text"]
    for blank in (
        "[The phone number printed on your notice]",
        "[Notice date]",
        "[Your name]",
        "[What you will ask the IRS to do]",
        "[Date and time]",
        "[Name]",
        "[ID number]",
        "[What the IRS employee said they will do]",
    ):
        assert blank in text, blank
    # In print these are lines to write on (tool.css): several for what was agreed.
    assert "placeholder--lines placeholder--lines-4" in result["html"]


def test_the_number_to_call_is_the_one_typed_from_the_notice():
    assert "Call: (555) 555-0100" in sheet(dispute("already_paid"))["text"]
    bad = api.call("call_sheet", dispute("already_paid", irs_phone="call me"))
    assert [e["field"] for e in bad["errors"]] == ["irs_phone"]
    assert bad["errors"][0]["message"].startswith("IRS phone number on your notice")


def test_it_promises_nothing_and_names_the_irs_pages_it_follows():
    result = sheet(dispute("already_paid"))
    text = " ".join(result["text"].split())
    assert "A call may settle it, or it may not. If it does not, you can still mail" in text
    assert "have your paperwork ready when you call" in text
    for word in ("will fix", "guarantee", "will remove", "will be removed"):
        assert word not in text.lower()
    by_url = {s.url: s for s in facts.sources().values()}
    assert result["sources"] and all(by_url[s["url"]].official for s in result["sources"])
    assert result["sources"][0]["url"] == facts.sources()["irs-cp14"].url


def test_what_you_type_is_text_never_markup():
    payload = "<img src=x onerror=alert(1)>{{ 7*7 }}"
    result = sheet(dispute("already_paid", name=payload, paid_reference="{% raw %}x"))
    assert "<img" not in result["html"] and "&lt;img" in result["html"]
    assert "{{ 7*7 }}" in result["text"] and "49" not in result["text"]


def test_the_command_line_prints_it():
    out, err = io.StringIO(), io.StringIO()
    data = '{"reasons": ["already_paid"], "paid_amount": "100", "paid_date": "2026-04-01"}'
    code = cli.main(
        ["letter", "dispute", "--input", "-", "--call-sheet"],
        stdin=io.StringIO(data),
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    assert out.getvalue().startswith("Calling the IRS about Notice CP14")
    assert "“I paid $100.00 on April 1, 2026, [how you paid]." in out.getvalue()
