"""The payment-plan comparison in Spanish: the API's `plan` call and `cp14 plan --lang es`.

Each situation runs twice, in English and in Spanish. The two answers must hold
the same data (kinds, dates, money, flags: only words change), and every string
a reader sees must be Spanish: no English sentence left in it, dates written
"16 de marzo de 2026" and months "febrero de 2029". Money stays "$2,450.17".

A few strings in the answer are other parts' words, translated in their own
catalogs (the shared disclaimer, the facts' labels): they are named in
`elsewhere` and left to those parts' tests.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cp14 import api, facts, i18n
from cp14.api_plan import FEE_FACTS, PLAN_TITLES, titles
from cp14.cli import main
from cp14.inputs import DISCLAIMER

ROOT = Path(__file__).resolve().parent.parent
NOTICE = {"balance": "12000", "notice_date": "2026-11-16", "today": "2026-11-20"}
SITUATIONS = {
    # A small balance paid over three months: the short-term plan fits.
    "short plan": {"balance": "2450.17", "months": "3", "tax": "2000"},
    # $500 a month: too little for 180 days (said so, with what would do); the long plan fits.
    "long plan": {"monthly": "500"},
    "direct debit online": {"monthly": "500", "direct_debit": True, "online": True},
    "direct debit by phone": {"monthly": "500", "direct_debit": True},
    "online, no bank draft": {"monthly": "500", "online": True, "tax": "10000"},
    # Low income: the reduced fee, paid back; with bank draft, no fee at all.
    "low income": {"monthly": "500", "low_income": True, "start": "2027-03-01"},
    "low income, direct debit": {"monthly": "500", "low_income": True, "direct_debit": True},
    "late return": {"monthly": "500", "late_return": True},
    "too many months": {"months": "130"},
    "one month": {"months": "1"},
    "too little for any plan": {"monthly": "20", "balance": "5000"},
    "over the limits": {"monthly": "500", "balance": "60000"},
    "large balance": {"monthly": "90000", "balance": "150000"},
    "other years": {"monthly": "500", "other_balances": "45000"},
    "tax year on the notice": {"monthly": "5000", "tax_year": "2025"},
    "levy notice": {"monthly": "500", "levy_notice_date": "2027-02-01"},
    "CP14H": {"monthly": "500", "notice": "CP14H"},
    "pay-by date only": {"monthly": "500", "notice_date": None, "pay_by": "2026-12-07"},
    "start date only": {"monthly": "500", "notice_date": None, "start": "2027-01-04"},
    "start after the pay-by date": {"monthly": "500", "start": "2027-01-15", "rate": "8"},
}
ERRORS = {
    "both ways": ({"monthly": "500", "months": "12"}, ["months"]),
    "months out of range": ({"months": "700"}, ["months"]),
    "no way to pay": ({}, ["monthly"]),
    "no date": ({"monthly": "500", "notice_date": None}, ["notice_date"]),
    "too early": ({"monthly": "500", "notice_date": "2010-01-01"}, ["notice_date"]),
}
MONTHS_EN = "|".join(i18n.MONTHS["en"])
LONG_DATE = re.compile(rf"\b({MONTHS_EN}) ([0-9]{{1,2}}), ([0-9]{{4}})\b")
MONTH_YEAR = re.compile(rf"\b({MONTHS_EN}) ([0-9]{{4}})\b")
ENGLISH_MONTH = re.compile(rf"\b({MONTHS_EN})\b")
# The keys whose strings a reader reads; `source` and `links` name documents, by the facts.
WORDS = {"title", "verdict", "why", "summary", "text", "label", "message", "disclaimer"}
SENTENCE_END = re.compile(r"(?<=[.:;?!])\s+")
URL = re.compile(r"https?://\S+")


def call(payload: dict[str, Any], lang: str | None = None) -> dict[str, Any]:
    merged = {**NOTICE, **payload}
    merged = {k: v for k, v in merged.items() if v is not None}
    if lang is not None:
        merged["lang"] = lang
    return api.call("plan", merged)


def elsewhere() -> set[str]:
    """English strings of the answer that other catalogs translate (core: the disclaimer
    and the facts' labels)."""
    names = {*FEE_FACTS, "ftp_rate_installment", "online_plan_max_balance"}
    names |= {"simple_plan_max_years", "short_term_plan_days", "short_term_plan_max_balance"}
    names.add("short_term_plan_fee")
    labels = set()
    for name in names:
        for year in range(2018, 2031):
            try:
                labels.add(facts.fact(name, date(year, 6, 1)).label)
            except (KeyError, LookupError, ValueError):
                continue
    return {DISCLAIMER, *labels}


def pairs(en: Any, es: Any, path: str = "", key: str = "") -> Iterator[tuple[str, str, str]]:
    """Every reader-facing (English, Spanish) pair; asserts the rest is the same data."""
    if isinstance(en, dict):
        assert isinstance(es, dict) and set(en) == set(es), path
        for k in en:
            if k in ("source", "links"):
                assert en[k] == es[k], f"{path}.{k}"
                continue
            yield from pairs(en[k], es[k], f"{path}.{k}", k)
    elif isinstance(en, list):
        assert isinstance(es, list) and len(en) == len(es), path
        for i, (a, b) in enumerate(zip(en, es, strict=True)):
            # An assumption is a sentence too: the list's key says so.
            yield from pairs(a, b, f"{path}[{i}]", key)
    elif isinstance(en, str) and key in WORDS | {"assumptions"} and en:
        yield path, en, es
    else:
        assert en == es, f"{path}: {en!r} != {es!r} (data must not change with the language)"


def assert_spanish(path: str, en: str, es: str) -> None:
    assert es != en, f"{path} is still English: {en!r}"
    for sentence in SENTENCE_END.split(URL.sub("", en)):
        words = re.findall(r"[A-Za-z]{3,}", sentence)
        # A sentence of words (not a bare figure, a form number or "IRS") must be gone.
        if len([w for w in words if w not in ("IRS", "IRC", "Form", "Rev", "Proc")]) >= 2:
            assert sentence not in es, f"{path}: English sentence left: {sentence!r} in {es!r}"
    for month, day, year in LONG_DATE.findall(en):
        spanish = i18n.MONTHS["es"][i18n.MONTHS["en"].index(month)]
        assert f"{day} de {spanish} de {year}" in es, f"{path}: date not in Spanish: {es!r}"
    for month, year in MONTH_YEAR.findall(LONG_DATE.sub("", en)):
        spanish = i18n.MONTHS["es"][i18n.MONTHS["en"].index(month)]
        assert f"{spanish} de {year}" in es, f"{path}: month not in Spanish: {es!r}"
    assert not ENGLISH_MONTH.search(es), f"{path}: English month name in {es!r}"
    for amount in re.findall(r"\$[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]{2})?", en):
        assert amount in es, f"{path}: {amount} written differently in {es!r}"


@pytest.mark.parametrize("name", list(SITUATIONS))
def test_every_reader_string_of_a_plan_is_spanish(name):
    payload = SITUATIONS[name]
    en, es = call(payload), call(payload, "es")
    assert "errors" not in en, en
    skip = elsewhere()
    checked = 0
    for path, a, b in pairs(en, es):
        if a in skip:
            continue
        assert_spanish(path, a, b)
        checked += 1
    assert checked >= 12


@pytest.mark.parametrize("name", list(ERRORS))
def test_an_input_error_of_the_plan_is_spanish(name):
    payload, fields = ERRORS[name]
    en, es = call(payload), call(payload, "es")
    assert [e["field"] for e in en["errors"]] == fields
    assert [e["field"] for e in es["errors"]] == fields
    for i, (a, b) in enumerate(zip(en["errors"], es["errors"], strict=True)):
        assert_spanish(f"errors[{i}]", a["message"], b["message"])


def test_the_english_answer_is_the_same_with_or_without_lang():
    for payload in [*SITUATIONS.values(), *(p for p, _ in ERRORS.values())]:
        assert call(payload) == call(payload, "en")


def test_spanish_uses_the_irs_words():
    """The glossary's Spanish for the IRS's terms (glossary-es.toml)."""
    text = " ".join(
        b
        for payload in SITUATIONS.values()
        for _, _, b in pairs(call(payload), call(payload, "es"))
    )
    for term in (
        "plan de pago a corto plazo",
        "Plan de pago a largo plazo",
        "plan de pagos (acuerdo de pagos a plazos)",
        "acuerdo de pagos a plazos",
        "cargo administrativo",
        "cargo inicial de establecimiento",
        "débito directo (retiro bancario automático)",
        "multa por pago tardío",
        "fecha del aviso",
        "fecha de vencimiento",
        "fecha de tasación",
        "aviso de intención de embargo",
        "bajos ingresos",
        "ofrecimiento de transacción",
        "Formulario 9465",
        "pago de la responsabilidad compartida para individuos",
    ):
        assert term in text, term
    # Words the glossary says the IRS does not use for these terms.
    for avoided in ("sanción", "penalidad", "penalización", "cuota inicial", "estimado"):
        assert avoided not in text.lower(), avoided


def test_the_summaries_read_in_spanish():
    short = call(SITUATIONS["short plan"], "es")["options"][1]
    assert short["title"] == "Plan de pago a corto plazo"
    assert short["verdict"] == "Disponible para usted"
    assert short["summary"].startswith("Si paga $827.42 al mes, termina en febrero de 2027 y ")
    pay_now = call(SITUATIONS["long plan"], "es")["options"][0]
    assert pay_now["summary"] == (
        "Si paga el total de $12,000 a más tardar el 7 de diciembre de 2026, no paga nada más "
        "que el saldo."
    )
    one = call(SITUATIONS["one month"], "es")["options"][1]
    assert "termina de una vez" in one["summary"] and "de diciembre de 2026" in one["summary"]
    long = call(SITUATIONS["low income"], "es")["options"][2]
    assert "Se lo pueden devolver cuando termine el plan." in long["why"]
    assert long["summary"].endswith("Es posible que le devuelvan el cargo de $43 al final.")
    short = call(SITUATIONS["long plan"], "es")["options"][1]
    assert short["verdict"] == (
        "Disponible para usted, pero con $500 al mes no terminaría de pagar para el 5 de junio "
        "de 2027. Con $2,062 al mes, sí terminaría."
    )


def test_plurals_follow_the_number():
    """130 months and 2 months on the notice: the plural; 1 month: the singular."""
    many = call({"months": "130"}, "es")["options"][1]
    assert "con 130 pagos mensuales no terminaría de pagar" in many["verdict"]
    assert "Un plazo de 130 meses es más largo que eso." in many["why"]

    def held(notice_date: str, lang: str) -> str:
        payload = {"tax_year": "2025", "notice_date": notice_date, "monthly": "500"}
        notes = call(payload, lang)["assumptions"]
        return next(a for a in notes if "holds" in a or "ya incluye" in a)

    assert "Su aviso ya incluye 1 mes de esa multa. " in held("2026-04-20", "es")
    assert "contando ese mes." in held("2026-04-20", "es")
    assert "Your notice already holds 1 month of it." in held("2026-04-20", "en")
    assert "Su aviso ya incluye 2 meses de esa multa. " in held("2026-05-18", "es")
    assert "Your notice already holds 2 months of it." in held("2026-05-18", "en")


def test_the_field_titles_are_marked_and_translated():
    assert titles() == PLAN_TITLES  # English: the titles as they are
    with i18n.language("es"):
        spanish = titles()
    assert set(spanish) == set(PLAN_TITLES)
    for name, title in PLAN_TITLES.items():
        assert spanish[name] != title, name
    assert spanish["direct_debit"] == "Débito directo (retiro bancario automático)"
    assert spanish["notice_date"] == "Fecha del aviso"


def test_the_plan_catalog_is_complete():
    sys.path.insert(0, str(ROOT / "scripts"))
    import catalogs

    assert [p for p in catalogs.problems() if "plan.po" in p or "plan.pot" in p] == []


# ---------------------------------------------------------------- the command line

ARGV = ["plan", "--balance", "12000", "--monthly", "500", "--notice-date", "2026-11-16"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, today=date(2026, 11, 20))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["--online", "--direct-debit", "--tax", "10000"],
        ["--months", "3", "--balance", "2450.17"],
        ["--start", "2029-01-01", "--rate", "9"],
    ],
)
def test_cp14_plan_lang_es_prints_spanish(extra):
    argv = list(ARGV)
    if "--months" in extra:
        argv[argv.index("--monthly") : argv.index("--monthly") + 2] = []
    code_en, en, err_en = run(*argv, *extra)
    code_es, es, err_es = run(*argv, *extra, "--lang", "es")
    assert code_en == code_es == 0 and err_en == err_es == ""
    assert run(*argv, *extra, "--lang", "en")[1] == en  # English: unchanged
    skip = elsewhere()
    en_lines, es_lines = en.split("\n"), es.split("\n")
    assert len(en_lines) == len(es_lines)
    for a, b in zip(en_lines, es_lines, strict=True):
        if not a.strip() or a in skip or a.rsplit(": ", 1)[0].lstrip(" -") in skip:
            continue
        assert_spanish("line", a, b)
    assert es.startswith("Saldo: $")
    assert "Supuestos:\n" in es and "Use --json para ver los pagos mes por mes.\n" in es
    for english in ("Balance:", "Pay by:", "Assumptions:", "Why:", "Setup fee $", "Apply for"):
        assert english not in es


def test_cp14_plan_lang_es_writes_the_weekday_and_date_in_spanish():
    code, out, _ = run(*ARGV, "--lang", "es")
    assert code == 0
    assert out.startswith(
        "Saldo: $12,000.00. Pague a más tardar el lunes, 7 de diciembre de 2026.\n"
    )
    assert (
        "Cargo administrativo $178.00, intereses $947.00, multa $345.00: se suman $1,470.00; "
        in out
    )
    code, out, _ = run(*ARGV)
    assert out.startswith("Balance: $12,000.00. Pay by: Monday, December 7, 2026.\n")


def test_cp14_plan_lang_es_error_is_spanish():
    code, out, err = run(
        "plan", "--balance", "12000", "--months", "0", "--notice-date", "2026-11-16", "--lang", "es"
    )
    assert code == 2 and out == ""
    assert "Número de meses: escriba un número entero del 1 al 600, por ejemplo 24." in err
    _, _, err_en = run("plan", "--balance", "12000", "--months", "0", "--notice-date", "2026-11-16")
    assert "Number of months must be a whole number from 1 to 600, like 24." in err_en


def test_cp14_plan_json_lang_es_keeps_the_data():
    import json

    _, en, _ = run(*ARGV, "--json")
    _, es, _ = run(*ARGV, "--json", "--lang", "es")
    for _path, a, b in pairs(json.loads(en), json.loads(es)):
        if a not in elsewhere():
            assert a != b
