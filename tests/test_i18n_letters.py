"""The letters in Spanish: the letter to mail stays English, byte for byte; a Spanish
reading copy follows it paragraph for paragraph; the form, the errors, the advice and
the call sheet speak Spanish; what the person typed is never translated."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from cp14 import api, letters
from cp14.letters.rendering import html_to_text

KINDS = letters.KINDS
# Words that give an English sentence away (none of them is a Spanish word).
ENGLISH = re.compile(
    r"\b(the|and|you|your|we|our|my|is|are|was|please|of|to|with|for|this|that|on)\b", re.I
)


def _es(payload: dict) -> dict:
    return {**payload, "lang": "es"}


def _blocks(fragment: str) -> list[str]:
    """The letter's paragraphs (blocks), each as plain text, in order."""
    found = re.findall(r"<(p|li|address|h3|h4)\b[^>]*>(.*?)</\1>", fragment, re.S)
    return [" ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split()) for _, body in found]


def _typed(data: dict) -> set[str]:
    """Everything the person typed, as it appears in the letter."""
    out = set()
    for value in data.values():
        if isinstance(value, str):
            out.update(line.strip() for line in value.split("\n") if line.strip())
        elif isinstance(value, list):
            out.update(v for v in value if isinstance(v, str) and " " in v)
    return out


def _without(block: str, typed: set[str]) -> str:
    """The block without what the person typed (their words stay as they wrote them)."""
    for item in sorted(typed, key=len, reverse=True):
        block = block.replace(item, " ")
    return block


def _is_data(block: str, typed: set[str]) -> bool:
    rest = _without(block, typed)
    rest = re.sub(r"[\d$,.()_:\-X]+|\b[A-Z]{2,}\w*\b", " ", rest)
    return not re.search(r"[a-z]{3,}", rest)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("draft", [False, True])
def test_the_letter_to_mail_is_the_english_one_byte_for_byte(kind, draft):
    data = {**letters.example(kind), "draft": draft}
    english = api.call("letter", data)
    spanish = api.call("letter", _es(data))
    for key in ("text", "html", "page_header", "enclosures", "filename", "missing"):
        assert spanish[key] == english[key], key
    assert "reading_copy" not in english and "sources" not in english


@pytest.mark.parametrize("kind", KINDS)
def test_the_reading_copy_follows_the_letter_paragraph_for_paragraph(kind):
    data = letters.example(kind)
    result = api.call("letter", _es(data))
    copy = result["reading_copy"]
    assert set(copy) == {"lang", "text", "html", "note"} and copy["lang"] == "es"
    assert 'lang="es"' in copy["html"] and 'lang="en"' in result["html"]
    english, spanish = _blocks(result["html"]), _blocks(copy["html"])
    assert len(english) == len(spanish) > 10
    typed = _typed(data)
    for en, es in zip(english, spanish, strict=True):
        if en == es:  # only names, addresses, numbers, the person's own words
            assert _is_data(en, typed), en
        else:
            assert not ENGLISH.search(_without(es, typed)), es
    # the text is read back from the HTML, as for the letter
    assert copy["text"] == html_to_text(copy["html"])[0]
    assert "16 de junio de 2025" in copy["text"] or "18 de mayo de 2026" in copy["text"]


@pytest.mark.parametrize("kind", KINDS)
def test_single_filer_and_blank_draft_have_the_same_paragraphs_too(kind):
    single = {
        k: v
        for k, v in letters.example(kind).items()
        if k not in {"spouse_name", "spouse_ssn_last4"}
    }
    if kind == "dispute":
        single["not_applied_issue"] = "other_year"
    blank = {"kind": kind, "draft": True}
    for data in (single, blank):
        result = api.call("letter", _es(data))
        assert "errors" not in result, result
        assert len(_blocks(result["html"])) == len(_blocks(result["reading_copy"]["html"]))


def test_the_draft_reading_copy_has_spanish_placeholders():
    result = api.call("letter", _es({"kind": "dispute", "draft": True}))
    assert "[Your name]" in result["text"]  # the letter keeps its English blanks
    copy = result["reading_copy"]["text"]
    assert "[Su nombre]" in copy and "[Your name]" not in copy
    assert "[Año tributario]" in copy and "[Explique por qué está mal el saldo" in copy
    assert "[Use la dirección del IRS impresa en su aviso]" in copy


def test_what_the_person_typed_is_never_translated_and_is_escaped():
    data = letters.example("dispute")
    data["wrong_explanation"] = "We paid <b>twice</b> & {{ 7*7 }} {% if x %}% Dear Sir"
    data["name"] = "Alex <i>Q</i> Sample"
    result = api.call("letter", _es(data))
    copy = result["reading_copy"]
    assert "We paid &lt;b&gt;twice&lt;/b&gt; &amp; {{ 7*7 }} {% if x %}% Dear Sir" in copy["html"]
    assert "Alex &lt;i&gt;Q&lt;/i&gt; Sample" in copy["html"]
    assert "<b>" not in copy["html"] and "49" not in copy["text"]
    assert "We paid <b>twice</b> & {{ 7*7 }} {% if x %}% Dear Sir" in copy["text"]


def test_the_note_says_why_the_letter_to_mail_is_english_and_names_its_source():
    result = api.call("letter", _es(letters.example("penalty-relief")))
    note = result["reading_copy"]["note"]
    assert "Anexo LEP (Formulario 1040)" in note and "inglés" in note
    assert result["sources"] == [
        {
            "title": "Instructions for Schedule LEP (Form 1040), Request for Change in "
            "Language Preference",
            "url": "https://www.irs.gov/instructions/i1040lep",
            "status": "confirmed",
        }
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_the_form_is_in_spanish(kind):
    english = api.call("letter_fields", {"kind": kind})["fields"]
    spanish = api.call("letter_fields", {"kind": kind, "lang": "es"})["fields"]
    assert [f["name"] for f in spanish] == [f["name"] for f in english]
    for en, es in zip(english, spanish, strict=True):
        assert es["type"] == en["type"] and es["default"] == en["default"]
        assert es["label"] != en["label"] and es["help"] != en["help"], en["name"]
        if en["placeholder"]:
            assert es["placeholder"] != en["placeholder"]
        if en["required_when"]:
            assert es["required_when"] != en["required_when"]
        assert [c["value"] for c in es["choices"]] == [c["value"] for c in en["choices"]]
        for ce, cs in zip(en["choices"], es["choices"], strict=True):
            assert cs["label"] != ce["label"] or cs["label"] in {"EFTPS"}, ce
    by_name = {f["name"]: f for f in spanish}
    assert by_name["tax_year"]["label"] == "Año tributario"


def test_letter_errors_are_in_spanish():
    data = {
        "kind": "dispute",
        "name": "x" * 500,
        "ssn_last4": "123-45-6789",
        "phone": "call me",
        "notice_number": "CP99",
        "reasons": ["nope"],
        "address": "\n".join(["a"] * 9),
        "extra_enclosures": [1, 2],
    }
    result = api.call("letter", _es(data))
    messages = {e["field"]: e["message"] for e in result["errors"]}
    assert messages["name"] == "Su nombre es demasiado largo: use menos de 100 caracteres."
    assert messages["ssn_last4"].startswith("Últimos 4 dígitos de su SSN o ITIN: escriba solo")
    assert messages["phone"].startswith("Número de teléfono debe verse así")
    assert messages["notice_number"].startswith("Número del aviso: elija una de estas opciones")
    assert "CP14: impuestos que adeuda en su declaración" in messages["notice_number"]
    assert messages["reasons"].startswith("Razón por la que el saldo está mal: elija una o más")
    assert messages["address"] == "Su dirección postal tiene demasiadas líneas: use 6 como máximo."
    assert "escriba cada cosa como texto" in messages["extra_enclosures"]
    missing = api.call("letter", _es({"kind": "penalty-relief"}))
    said = {e["field"]: e["message"] for e in missing["errors"]}
    assert said["name"] == "Falta este dato: Su nombre."
    assert said["ssn_last4"] == (
        "Faltan estos datos: Últimos 4 dígitos de su SSN o ITIN. "
        "Escriba solo los últimos 4 dígitos, por ejemplo 1234."
    )
    assert said["penalty_type"].startswith("Falta este dato: Multa que quiere eliminar. Elija")
    kind = api.call("letter", _es({"kind": "other"}))["errors"][0]["message"]
    assert kind.startswith("Falta el tipo de carta")
    wrong_type = api.call("letter", {"lang": "es", "kind": "dispute", "name": 5})["errors"]
    assert {"field": "name", "message": "Su nombre debe ser texto."} in wrong_type


def test_advice_is_in_spanish():
    data = {**letters.example("penalty-relief"), "fta_clean_record": "not_sure"}
    data["grounds"] = ["first_time"]
    result = api.call("letter", _es(data))
    texts = [row["message"] for row in result["advice"]]
    assert any(t.startswith("No está seguro de no haber tenido multas") for t in texts)
    blocked = api.call("letter", _es({**data, "fta_clean_record": "no"}))
    message = blocked["errors"][0]["message"]
    assert message.startswith("Sin multas en los tres años anteriores: el alivio de multas")
    assert message.endswith("elija causa razonable.")


@pytest.mark.parametrize("kind", KINDS)
def test_the_call_sheet_is_all_spanish(kind):
    data = letters.example(kind)
    english = api.call("call_sheet", data)
    spanish = api.call("call_sheet", _es(data))
    assert spanish["sources"] == english["sources"] and 'lang="es"' in spanish["html"]
    typed = _typed(data) | {s["title"] for s in english["sources"]}
    en_blocks, es_blocks = _blocks(english["html"]), _blocks(spanish["html"])
    assert len(en_blocks) == len(es_blocks)
    for en, es in zip(en_blocks, es_blocks, strict=True):
        if en == es:
            assert _is_data(en, typed), en
        elif not es.startswith("Fuentes:"):  # the IRS pages keep their English titles
            assert not ENGLISH.search(_without(es, typed)), es
    text = spanish["text"]
    assert "Qué decir" in text and "Anote" in text and "[Fecha y hora]" in text
    assert "“Llamamos por el Aviso CP14 con fecha del" in text


def test_english_calls_are_unchanged_by_the_language_layer():
    data = letters.example("dispute")
    assert api.call("letter", {**data, "lang": "en"}) == api.call("letter", data)
    assert api.call("call_sheet", {**data, "lang": "en"}) == api.call("call_sheet", data)


def _variants() -> list[dict]:
    """Answers that reach every sentence of both letters (each choice, each condition)."""
    out = []
    dispute = letters.example("dispute")
    for method in [
        "check",
        "direct_pay",
        "eftps",
        "card",
        "online_account",
        "money_order",
        "other",
    ]:
        for issue in ["spouse_ssn", "other_year", "other"]:
            out.append({**dispute, "paid_method": method, "not_applied_issue": issue})
    out.append({**dispute, "reasons": ["already_paid"], "promise_to_pay": False})
    out.append({**dispute, "reasons": ["not_applied"], "representative_form": "enclosed"})
    out.append({**dispute, "reasons": ["amount_wrong"], "phone": "", "enclosures": []})
    relief = letters.example("penalty-relief")
    for penalty in ["failure_to_pay", "failure_to_file", "both", "failure_to_deposit", "other"]:
        for cause in ["illness", "death", "disaster", "records", "irs_advice", "other"]:
            out.append({**relief, "penalty_type": penalty, "cause": cause, "cause_end": ""})
    for cause in ["irs_advice", "professional_advice"]:
        for full, followed, care in [(1, 1, 1), (1, 0, 1), (0, 1, 1), (0, 0, 1), (1, 1, 0)]:
            out.append(
                {
                    **relief,
                    "cause": cause,
                    "advice_full_facts": bool(full),
                    "advice_followed": bool(followed),
                    "cause_care": bool(care),
                }
            )
    for answers in [("yes", "not_sure", "plan"), ("not_sure", "yes", "plan_requested")]:
        clean, filed, paid = answers
        out.append(
            {
                **relief,
                "grounds": ["first_time"],
                "fta_clean_record": clean,
                "fta_returns_filed": filed,
                "fta_tax_paid": paid,
            }
        )
    out.append({**relief, "grounds": ["first_time"], "fta_clean_record": "not_sure",
                "fta_returns_filed": "not_sure", "fta_tax_paid": "not_sure"})  # fmt: skip
    single = {k: v for k, v in relief.items() if not k.startswith("spouse")}
    out.append({**single, "grounds": ["reasonable_cause"], "enclosures": ["advice_copy"]})
    return out


@pytest.mark.parametrize("data", _variants())
def test_no_english_sentence_in_any_reading_copy(data):
    result = api.call("letter", _es(data))
    assert "errors" not in result, result["errors"]
    assert api.call("letter", data)["html"] == result["html"]
    english, spanish = _blocks(result["html"]), _blocks(result["reading_copy"]["html"])
    assert len(english) == len(spanish)
    typed = _typed(data)
    for en, es in zip(english, spanish, strict=True):
        if en == es:
            assert _is_data(en, typed), en
        else:
            assert not ENGLISH.search(_without(es, typed)), es
    assert "None" not in result["reading_copy"]["html"]


@pytest.mark.parametrize(
    "data", [*_variants()[::3], {"kind": "dispute"}, {"kind": "penalty-relief"}]
)
def test_no_english_sentence_on_any_call_sheet(data):
    english = api.call("call_sheet", data)
    spanish = api.call("call_sheet", _es(data))
    typed = _typed(data) | {s["title"] for s in english["sources"]}
    en_blocks, es_blocks = _blocks(english["html"]), _blocks(spanish["html"])
    assert len(en_blocks) == len(es_blocks)
    for en, es in zip(en_blocks, es_blocks, strict=True):
        if en == es:
            assert _is_data(en, typed), en
        elif not es.startswith("Fuentes:"):
            assert not ENGLISH.search(_without(es, typed)), es


@pytest.mark.parametrize("kind", KINDS)
def test_no_english_sentence_in_a_blank_draft_reading_copy(kind):
    result = api.call("letter", _es({"kind": kind, "draft": True}))
    for es in _blocks(result["reading_copy"]["html"]):
        assert not ENGLISH.search(es), es


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_browsers_compiled_templates_say_the_same_in_both_languages(lang):
    """The browser's wheel carries the templates compiled by compiled_templates(): the
    gettext calls in them resolve to the environment's, so they speak both languages."""
    from cp14 import i18n
    from cp14.letters import rendering
    from cp14.letters.model import parse
    from cp14.validate import Errors

    env = rendering.environment()
    modules = rendering.compiled_templates()

    def compiled(name):
        namespace = {"__file__": name}
        exec(modules[f"{rendering._module_name(name)}.py"], namespace)
        return env.template_class.from_module_dict(env, namespace, env.make_globals(None))

    for kind in KINDS:
        parsed = parse(letters.example(kind), Errors())
        with i18n.language(lang):
            got = compiled(f"{kind}.j2").render(rendering.context(parsed, 3))
        assert got.strip() + "\n" == rendering.render_html(parsed, 3, lang)
    assert compiled("call-sheet.j2").name == "call-sheet.j2"  # the sheet's loads too
