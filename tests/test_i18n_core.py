"""Spanish from the core and the command line: the parsers' and cross-checks' messages,
the interest call, business days and the words cli.py writes; English unchanged."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cp14 import api, businessdays, facts, i18n
from cp14.cli import _fmt_date, main
from cp14.i18n import _
from cp14.inputs import (
    DISCLAIMER,
    NOTICE_TITLES,
    Names,
    as_mapping,
    cross_checks,
    letter_checks,
)
from cp14.validate import (
    Errors,
    parse_bool,
    parse_choice,
    parse_date,
    parse_money,
    parse_rate,
    parse_text,
    parse_year,
)

LOCALE = Path(__file__).resolve().parent.parent / "src" / "cp14" / "locale"
SPANISH_NOTE = "Información general, no asesoría tributaria."


def run(*argv, today=date(2026, 11, 20)):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, today=today)
    return code, out.getvalue(), err.getvalue()


def errors_of(name, payload):
    result = api.call(name, payload)
    return {row["field"]: row["message"] for row in result["errors"]}


# ---------------------------------------------------------------- the catalogs


@pytest.mark.parametrize("domain", ["core", "cli"])
def test_every_translation_keeps_the_placeholders_of_its_english(domain):
    with (LOCALE / "es" / "LC_MESSAGES" / f"{domain}.po").open("rb") as f:
        catalog = read_po(f)
    names = re.compile(r"\{(\w*)\}")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(names.findall(ids[-1]))
        for string in strings:
            assert set(names.findall(string)) == expected, (message.id, string)


# ---------------------------------------------------------------- the parsers


def _messages(lang):
    """One message from each way a parser refuses an answer, in `lang`."""
    cases = [
        (parse_date, "2026-02-30", {"title": "From"}),
        (parse_date, "2026-13-01", {"title": "From"}),
        (parse_date, "March 2", {"title": "From"}),
        (parse_date, 20260316, {"title": "From"}),
        (parse_date, "", {"title": "From", "required": True}),
        (parse_date, "1980-01-02", {"title": "From"}),
        (parse_date, "2026-01-01", {"title": "From", "earliest": date(2026, 2, 1)}),
        (parse_money, "", {"title": "Amount", "required": True}),
        (parse_money, [1], {"title": "Amount"}),
        (parse_money, 10**12, {"title": "Amount"}),
        (parse_money, -5, {"title": "Amount"}),
        (parse_money, "-5", {"title": "Amount"}),
        (parse_money, "\uff11\uff12", {"title": "Amount"}),
        (parse_money, "1e6", {"title": "Amount"}),
        (parse_money, "12.345", {"title": "Amount"}),
        (parse_money, "12,34.5", {"title": "Amount"}),
        (parse_money, "lots", {"title": "Amount"}),
        (parse_money, "0", {"title": "Amount", "allow_zero": False}),
        (parse_money, "2000000000", {"title": "Amount"}),
        (parse_year, "24", {"title": "Rate"}),
        (parse_year, "1900", {"title": "Rate"}),
        (parse_rate, [7], {"title": "Rate"}),
        (parse_rate, 50, {"title": "Rate"}),
        (parse_rate, "seven", {"title": "Rate"}),
        (parse_rate, "31.5", {"title": "Rate"}),
        (parse_bool, "maybe", {"title": "Rate"}),
        (parse_text, "", {"title": "Amount", "required": True}),
        (parse_text, 5, {"title": "Amount"}),
        (parse_text, "x" * 20, {"title": "Amount", "max_length": 10}),
    ]
    out = []
    with i18n.language(lang):
        for parser, value, options in cases:
            errors = Errors()
            parser(errors, "field", value, **options)
            (row,) = errors.items
            out.append((_(options["title"]), row["message"]))
        for value, required in (("", True), ("other", False)):
            errors = Errors()
            parse_choice(errors, "kind", value, ("dispute", "relief"), required=required)
            out.append(("Kind", errors.items[0]["message"]))
    return out


def test_every_parser_refuses_in_spanish_naming_the_field_first():
    english = _messages("en")
    spanish = _messages("es")
    for (title_en, en), (title_es, es) in zip(english, spanish, strict=True):
        assert en.startswith(title_en), en
        assert es.startswith(f"{title_es}:"), es  # so a door can rename the field
        assert es != en
        for word in ("must", "is missing", "Enter", "Check", "like 1,250", "cannot"):
            assert word not in es, es


def test_a_date_that_does_not_exist_says_so_in_spanish():
    assert errors_of("business_day", {"date": "2026-02-30", "lang": "es"}) == {
        "date": "Fecha: esa fecha no existe. En febrero de 2026 hay 28 días: revise el día."
    }
    assert errors_of("business_day", {"date": "2024-02-30", "lang": "es"})["date"].endswith(
        "En febrero de 2024 hay 29 días: revise el día."
    )
    assert errors_of("business_day", {"date": "2026-02-30"}) == {
        "date": "Date: that date does not exist. February 2026 has 28 days: check the day."
    }


def test_bad_money_and_dates_at_the_interest_call_in_spanish():
    payload = {"amount": "12,34.5", "from": "16/03/2026", "to": "", "rate": "siete"}
    assert errors_of("interest", {**payload, "lang": "es"}) == {
        "amount": "Cantidad: hay una coma en el lugar equivocado. Ponga una coma antes de cada "
        "grupo de tres dígitos, como 1,234.50, o no use comas.",
        "from": "Fecha de inicio: esa fecha no existe. El año tiene solo 12 meses: revise el mes.",
        "to": "Fecha final: falta la fecha. Escríbala así: 2026-03-16.",
        "rate": "Tasa de interés: debe ser un porcentaje, como 7 o 6.5.",
    }
    assert errors_of("interest", payload) == {
        "amount": "Amount has a comma in the wrong place. Put a comma before each group of "
        "three digits, like 1,234.50, or leave the commas out.",
        "from": "From: that date does not exist. There are only 12 months: check the month.",
        "to": "To is missing. Enter it like 2026-03-16.",
        "rate": "Rate must be a percentage, like 7 or 6.5.",
    }


def test_the_interest_calls_own_rules_in_spanish():
    found = errors_of(
        "interest", {"amount": "1", "from": "2001-01-01", "to": "2000-01-01", "lang": "es"}
    )
    assert found["to"] == "La fecha final es anterior a la fecha de inicio."
    first = i18n.long_date(facts.rate_table()[0].start, "es")
    assert found["from"] == f"La fecha de inicio debe ser el {first} o una fecha posterior."


def test_yes_in_spanish_is_yes():
    errors = Errors()
    assert parse_bool(errors, "online", "Sí") is True
    assert parse_bool(errors, "online", "si") is True
    assert errors.items == []


def test_a_wrong_input_and_a_wrong_kind_in_spanish():
    errors = Errors()
    with i18n.language("es"):
        as_mapping(["not", "an", "object"], errors)
    assert errors.items == [
        {"field": "input", "message": "Los datos deben ser un objeto JSON con campos con nombre."}
    ]
    assert errors_of("letter_example", {"kind": "x", "lang": "es"}) == {
        "kind": "El tipo de carta debe ser uno de estos: dispute, penalty-relief."
    }


# ---------------------------------------------------------------- cross-checks


NAMES = Names(
    {
        "today": "today",
        "notice_date": "notice_date",
        "amount": "amount",
        "tax": "tax",
        "start": "start",
        "postponed_from": "postponed_from",
        "postponed_until": "postponed_until",
    },
    {"notice_date": "Date", "amount": "Amount", "tax": "Rate", "start": "From"},
)


def _cross(lang, **values):
    errors = Errors()
    with i18n.language(lang):
        cross_checks(errors, values, NAMES)
    return {row["field"]: row["message"] for row in errors.items}


def test_names_title_is_the_title_in_the_readers_language():
    with i18n.language("es"):
        assert NAMES.title("amount") == "Cantidad"
        assert NAMES.title("postponed_from") == "postponed_from"  # no title: the key
        assert NAMES.title("levy_notice_date") == ""  # not asked
    assert NAMES.title("amount") == "Amount"


def test_the_cross_checks_in_spanish_name_each_field_by_its_spanish_title():
    values = {
        "today": date(2026, 3, 1),
        "notice_date": date(2026, 3, 16),
        "amount": Decimal(100),
        "tax": Decimal(200),
        "start": date(2026, 3, 2),
        "postponed_from": date(2026, 3, 1),
    }
    assert _cross("es", **values) == {
        "notice_date": "Fecha: es posterior a la fecha de hoy (1 de marzo de 2026). Revise la "
        "fecha impresa en el aviso.",
        "tax": "Tasa de interés: no puede ser mayor que la cantidad de «cantidad». Revise las "
        "dos cantidades en el aviso.",
        "start": "Fecha de inicio: es anterior a la fecha del aviso. Elija una fecha posterior.",
        "postponed_until": "postponed_until: falta esta fecha. Aparece en el anuncio del IRS "
        "para su zona. Escríbala así: 2026-10-15.",
    }
    assert _cross("en", **values)["tax"] == (
        "Rate can't be more than the amount. Check both amounts on the notice."
    )


def test_the_letters_checks_in_spanish():
    raw = {
        "letter_date": date(2026, 3, 1),
        "notice_date": date(2026, 3, 16),
        "penalty_amount": Decimal(10),
        "amount_due": Decimal(5),
        "penalty_type": "failure_to_pay",
        "notice_number": "CP14H",
    }
    labels = {"letter_date": "Date", "penalty_amount": "Rate", "amount_due": "Amount"}
    errors = Errors()
    with i18n.language("es"):
        letter_checks(errors, raw, labels)
    found = {row["field"]: row["message"] for row in errors.items}
    assert found["letter_date"].startswith("Fecha: es anterior a la fecha del aviso.")
    assert found["penalty_amount"].startswith("Tasa de interés: no puede ser mayor que")
    assert found["notice_number"].startswith("Un aviso CP14H no tiene una multa")


def test_the_disclaimer_and_the_notice_titles_translate_where_shown():
    with i18n.language("es"):
        assert _(DISCLAIMER).startswith(SPANISH_NOTE[:-1])
        assert "estimación" in _(DISCLAIMER)
        titles = {key: _(title) for key, title in NOTICE_TITLES.items()}
    assert titles["CP14"] == "CP14: impuestos que adeuda en su declaración"
    assert "(Formulario 5329)" in titles["CP14I"]
    assert "responsabilidad compartida" in titles["CP14H"]
    assert NOTICE_TITLES["CP14"] == "CP14: tax you owe on your return"  # stored in English


# ---------------------------------------------------------------- interest and holidays


def test_the_interest_call_in_spanish():
    payload = {"amount": "1000", "from": "2026-06-15", "to": "2027-03-16"}
    spanish = api.call("interest", {**payload, "lang": "es"})
    english = api.call("interest", payload)
    assert spanish["interest"] == english["interest"]  # the figures do not change
    assert spanish["disclaimer"].startswith("Información general")
    assert spanish["notes"][0].startswith("Los intereses se suman cada día")
    assert re.fullmatch(
        r"\d+ días son posteriores al último trimestre que conocemos \(el trimestre que "
        r"empieza el 1 de [a-z]+ de \d{4}\)\. Para esos días usamos una tasa supuesta de "
        r"[\d.]+% al año\.",
        spanish["notes"][1],
    )
    assumed = spanish["periods"][-1]
    assert assumed["status"] == "assumed"  # a key: never translated
    assert assumed["reference"].startswith("supuesta: la última tasa conocida (trimestre desde")
    assert english["periods"][-1]["reference"].startswith("assumed: the last known rate")
    mine = api.call("interest", {**payload, "rate": "8", "lang": "es"})
    assert mine["periods"][-1]["reference"] == "tasa que usted escribió"


def test_every_holiday_the_tools_can_meet_has_its_spanish_name():
    seen = set()
    for year in range(1990, 2101):
        seen.update(businessdays.dc_legal_holidays(year).values())
    for name in seen:
        for part in name.split("; "):
            assert part.removesuffix(businessdays.OBSERVED) in businessdays.HOLIDAY_NAMES
        assert businessdays.holiday_words(name) == name  # English: the same words
        with i18n.language("es"):
            spanish = businessdays.holiday_words(name)
        assert spanish != name and "Day" not in spanish and "observed" not in spanish


def test_the_business_day_call_names_the_holiday_in_spanish():
    spanish = api.call("business_day", {"date": "2023-04-17", "lang": "es"})
    assert spanish["holiday"] == "Día de la Emancipación (feriado observado)"
    assert spanish["next_business_day"] == "2023-04-18"
    assert api.call("business_day", {"date": "2023-04-17"})["holiday"] == (
        "Emancipation Day (observed)"
    )
    with i18n.language("es"):
        assert businessdays.holiday_words("Inauguration Day; Martin Luther King Jr. Day") == (
            "Día de la Toma de Posesión presidencial; Día de Martin Luther King Jr."
        )


# ---------------------------------------------------------------- the command line


def test_a_weekday_date_in_each_language():
    day = date(2026, 12, 7)
    for offset in range(14):  # every weekday and both ends of a month
        d = day + timedelta(days=offset * 3)
        assert _fmt_date(d.isoformat()) == f"{d:%A, %B} {d.day}, {d.year}"
    with i18n.language("es"):
        assert _fmt_date("2026-12-07") == "lunes, 7 de diciembre de 2026"


def test_deadlines_in_spanish_shows_the_pay_by_date_in_spanish():
    code, out, err = run(
        "deadlines", "--lang", "es", "--notice-date", "2026-11-16", "--amount", "2450.17",
        "--today", "2026-11-20",
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Pague a más tardar el lunes, 7 de diciembre de 2026"
    assert lines[1] == "Días que le quedan: 17"
    assert lines[2] == "Sin intereses adicionales hasta el lunes, 7 de diciembre de 2026"
    assert lines[3].startswith("  Regla: ")
    assert "Si no se paga nada, esto es lo habitual (son estimaciones, no promesas):" in lines
    assert lines[-1] == SPANISH_NOTE
    assert "7 de diciembre de 2026" in out
    # The words cli.py writes are all Spanish (the result's own sentences are the
    # deadline rules' words).
    for english in ("Pay by", "Days left", "Interest-free", "Rule:", "If nothing", "Note:"):
        assert english not in out
    for day in re.findall(r"^  (\w+), \d+ de", out, re.MULTILINE):  # the next notices
        assert day in i18n.WEEKDAYS["es"]


def test_deadlines_in_spanish_with_an_estimate_and_a_pay_by_date_from_the_notice():
    code, out, err = run(
        "deadlines", "--lang", "es", "--notice-date", "2026-11-16", "--amount", "2450.17",
        "--today", "2026-11-20", "--pay-by", "2026-12-07", "--payment-date", "2027-01-15",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith(
        "Pague a más tardar el lunes, 7 de diciembre de 2026 (la fecha impresa en su aviso)\n"
    )
    assert re.search(
        r"^Si paga el viernes, 15 de enero de 2027, se suman unos \$[\d,]+\.\d\d \(intereses "
        r"\$[\d,.]+, multa \$[\d,.]+\)\. Esto es una estimación\.$",
        out,
        re.MULTILINE,
    )
    assert re.search(r"^Total a pagar ese día: unos \$2,[\d,]+\.\d\d$", out, re.MULTILINE)


@pytest.mark.parametrize(
    ("today", "spanish", "english"),
    [
        ("2026-12-08", "Lleva 1 día de atraso", "Overdue by 1 day"),
        ("2026-12-10", "Lleva 3 días de atraso", "Overdue by 3 days"),
    ],
)
def test_days_overdue_in_each_language(today, spanish, english):
    argv = ["deadlines", "--notice-date", "2026-11-16", "--amount", "100", "--today", today]
    assert run(*argv, "--lang", "es")[1].splitlines()[1] == spanish
    assert run(*argv)[1].splitlines()[1] == english


def test_interest_in_spanish():
    argv = ["interest", "--amount", "1000", "--from", "2025-04-15", "--to", "2026-03-16"]
    code, out, err = run(*argv, "--lang", "es")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Intereses sobre $1000.00 del 2025-04-15 al 2026-03-16: $66.35"
    assert lines[1] == "Total: $1066.35"
    assert re.fullmatch(
        r"  Del 2025-04-16 al 2025-06-30: 76 días al 7% \(confirmada; .+\): \$\d+\.\d\d", lines[2]
    )
    assert lines[-2].startswith("Los intereses se suman cada día")
    assert lines[-1] == SPANISH_NOTE
    english = run(*argv)[1].splitlines()
    assert english[0] == "Interest on $1000.00 from 2025-04-15 to 2026-03-16: $66.35"
    assert re.fullmatch(
        r"  2025-04-16 to 2025-06-30: 76 days at 7% \(confirmed; .+\): \$\d+\.\d\d", english[2]
    )
    assert english[-1] == "General information, not tax advice."


def test_interest_errors_in_spanish():
    code, out, err = run(
        "interest", "--lang", "es", "--amount", "-5", "--from", "2026-02-30", "--to", "x"
    )
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "error: amount: Cantidad: no puede ser una cantidad negativa. Escriba la cantidad sin "
        "el signo menos, como 1,250.00.",
        "error: from: Fecha de inicio: esa fecha no existe. En febrero de 2026 hay 28 días: "
        "revise el día.",
        "error: to: Fecha final: no podemos leer esta fecha. Escríbala así: 2026-03-16.",
    ]


def test_business_day_in_spanish():
    assert run("business-day", "--lang", "es", "2023-04-15") == (0, "2023-04-18\n", "")
    code, out, err = run("business-day", "--lang", "es", "2026-02-30")
    assert (code, out) == (2, "")
    assert err == (
        "error: date: Fecha: esa fecha no existe. En febrero de 2026 hay 28 días: revise el día.\n"
    )
    code, out, err = run("business-day", "--lang", "es", "--json", "2023-04-17")
    assert code == 0 and '"holiday": "Día de la Emancipación (feriado observado)"' in out


def test_the_command_lines_own_errors_in_spanish(tmp_path):
    code, _out, err = run("letter", "dispute", "--lang", "es", "--input", str(tmp_path / "no"))
    assert code == 2
    assert err == f"error: input: no se encontró el archivo: {tmp_path / 'no'}\n"
    code, _out, err = run("letter", "dispute", "--lang", "es", "--input", str(tmp_path))
    assert err == f"error: input: {tmp_path} es una carpeta, no un archivo\n"
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe{")
    code, _out, err = run("letter", "dispute", "--lang", "es", "--input", str(bad))
    assert err == "error: input: no es texto UTF-8. Guarde el archivo como JSON en UTF-8.\n"
    code, _out, err = run(
        "calendar", "--lang", "es", "--notice-date", "2026-11-16", "--output", str(tmp_path)
    )
    assert (code, err) == (2, f"error: output: no se puede escribir {tmp_path}: es una carpeta\n")


def test_an_argument_that_is_not_text_is_named_in_the_language_typed():
    code, out, err = run("business-day", "\udcff", "--lang", "es")
    assert (code, out) == (2, "")
    assert err.startswith("error: arguments: ")
    assert "no es texto válido en la codificación de esta terminal" in err
    assert "is not valid text" in run("business-day", "\udcff")[2]
