"""Property tests: render() answers every JSON value with a letter or field errors, never raises."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cp14 import letters
from cp14.letters import UNEXPECTED
from cp14.letters.rendering import WIDTH
from strategies import json_values

ALL_FIELDS = sorted({f["name"] for kind in letters.KINDS for f in letters.fields(kind)})


def _plausible(name: str) -> st.SearchStrategy:
    """Values near the valid ones, where the interesting bugs live."""
    by_field = {
        "reasons": st.lists(st.sampled_from(["already_paid", "not_applied", "amount_wrong"])),
        "grounds": st.lists(st.sampled_from(["first_time", "reasonable_cause"])),
        "paid_method": st.sampled_from(["check", "direct_pay", "other", "eftps"]),
        "not_applied_issue": st.sampled_from(["spouse_ssn", "other_year", "other"]),
        "penalty_type": st.sampled_from(
            ["failure_to_pay", "failure_to_file", "both", "failure_to_deposit", "other"]
        ),
        "cause": st.sampled_from(
            [
                "illness",
                "death",
                "disaster",
                "records",
                "irs_advice",
                "professional_advice",
                "other",
            ]
        ),
        "fta_clean_record": st.sampled_from(["yes", "no", "not_sure"]),
        "fta_returns_filed": st.sampled_from(["yes", "no", "not_sure"]),
        "fta_tax_paid": st.sampled_from(["paid", "plan", "plan_requested", "no", "not_sure"]),
    }
    generic = (
        st.dates().map(lambda d: d.isoformat())
        | st.sampled_from(["1234", "123-45-6789", "2024", "12.50", "-1", "", "  ", "$1,000"])
        | st.text(max_size=120)
    )
    return by_field.get(name, generic) | json_values


letter_inputs = st.fixed_dictionaries(
    {"kind": st.sampled_from([*letters.KINDS, "other"]), "draft": st.booleans() | json_values},
    optional={name: _plausible(name) for name in ALL_FIELDS},
)


def _check(result: object) -> None:
    assert isinstance(result, dict)
    if "errors" in result:
        assert set(result) <= {"errors", "advice"}
        assert result["errors"], "an empty error list"
        for error in result["errors"]:
            assert set(error) == {"field", "message"}
            assert isinstance(error["field"], str) and error["message"]
            assert error["message"] != UNEXPECTED, "render() hit an unexpected exception"
        return
    keys = {"kind", "text", "html", "page_header", "missing", "enclosures", "advice", "filename"}
    assert set(result) == keys
    assert all(len(line) <= WIDTH for line in result["text"].splitlines())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_render_never_raises_on_any_json(value):
    _check(letters.render(value))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(letter_inputs)
def test_render_never_raises_on_letter_shaped_input(data):
    _check(letters.render(data))


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(letters.KINDS),
    st.sampled_from(["name", "address", "irs_address", "extra_enclosures", "notice_number"]),
    st.text(min_size=1, max_size=30),
)
def test_any_text_answer_is_kept_word_for_word(kind, name, value):
    data = letters.example(kind)
    data[name] = value
    result = letters.render(data)
    _check(result)
    if "errors" not in result:
        value = unicodedata.normalize("NFC", value)
        words = [w for w in value.split() if w.isprintable()]
        text = " ".join(result["text"].split())
        assert all(w in text for w in words)
