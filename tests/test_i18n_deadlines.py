"""The deadline calls in Spanish: every sentence of the result, the next steps, the
calendar file, a disaster postponement and the errors come in the reader's language,
and English stays as it was.

A result in Spanish has the same shape as the English one; what changes is its words.
A string with a space in it, or in a field that holds words (a title, a text), is a
sentence or a title the reader sees, so in Spanish it must differ from the English;
any other string is a key, a date, a number, a notice number or a path, and must stay
the same.
"""

from __future__ import annotations

import importlib.util
import string
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from icalendar import Calendar

from cp14 import api, facts, guidance
from cp14.api_deadlines import DEADLINE_TITLES, titles
from cp14.i18n import _, current, language, long_date
from cp14.inputs import DISCLAIMER, NOTICE_TITLES

ROOT = Path(__file__).resolve().parent.parent
FIRST = facts.rate_table()[0].start  # the first notice date the calculator covers

PAYLOADS = [
    # The done-when example, with a day to pay inside the window.
    {"notice_date": "2026-11-16", "amount": "2450.17", "today": "2026-11-20"},
    {"notice_date": "2026-11-16", "amount": "2450.17", "payment_date": "2026-12-01"},
    # Overdue, with an estimate, a tax year, and a disaster postponement that moves the date.
    {
        "notice_date": "2026-11-16",
        "amount": "2450.17",
        "tax": "2000",
        "tax_year": "2025",
        "today": "2026-12-20",
        "payment_date": "2027-03-01",
        "postponed_until": "2026-12-15",
    },
    # A postponement the date to pay falls before, and one it falls after.
    {"notice_date": "2026-03-16", "postponed_from": "2026-06-01", "postponed_until": "2026-07-20"},
    {"notice_date": "2026-03-16", "postponed_from": "2026-02-01", "postponed_until": "2026-03-20"},
    # A printed pay-by date that differs from the law's, a weekend end of the window.
    {"notice_date": "2026-03-14", "pay_by": "2026-04-08", "today": "2026-04-08"},
    {"notice_date": "2026-03-16", "notice": "CP14H", "today": "2026-09-01", "amount": "500"},
    {"notice_date": "2026-03-16", "notice": "CP14I", "today": "2026-03-17"},
    {
        "notice_date": "2026-03-16",
        "amount": "900",
        "today": "2026-09-01",
        "payment_date": "2026-10-01",
        "levy_notice_date": "2026-06-01",
        "installment_agreement": True,
    },
    {"notice_date": "2026-03-16", "amount": "150000", "payment_date": "2026-12-01"},
    {
        "notice_date": "2026-03-16",
        "amount": "1500",
        "payment_date": "2026-06-20",
        "paid": ["100@2026-03-17", "200@2026-04-01"],
        "return_due_date": "2025-04-15",
        "today": "2026-04-05",
    },
    {
        "notice_date": "2024-03-15",
        "amount": "1500",
        "tax_year": "2019",
        "payment_date": "2026-06-20",
    },
    {"notice_date": "2026-03-16", "today": "2027-09-06"},
]
# Words that are not the deadline domain's: source titles are the names of the (English)
# documents, from facts.toml; the notice's title and the disclaimer are the core's
# (cp14.inputs). They still go through the language layer (test below).
NOT_OURS = {"source", "sources", "notice_title", "disclaimer"}
# Fields that hold words even when they are one word ("Pay").
WORDS = {"title", "text", "description", "summary", "rule", "message", "assumptions"}


def leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from leaves(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from leaves(inner, (*path, str(i)))
    else:
        yield path, value


def both(name: str, payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return api.call(name, payload), api.call(name, {**payload, "lang": "es"})


def assert_all_spanish(english: dict[str, Any], spanish: dict[str, Any]) -> int:
    """Same shape; every sentence differs; every key, date and number is the same."""
    en, es = dict(leaves(english)), dict(leaves(spanish))
    assert en.keys() == es.keys()
    sentences = 0
    for path, value in en.items():
        if NOT_OURS & set(path):
            continue
        if isinstance(value, str) and (" " in value or WORDS & set(path)):
            assert es[path] != value, (path, value)
            sentences += 1
        else:
            assert es[path] == value, (path, value)
    return sentences


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_sentence_of_a_deadlines_result_is_spanish(payload):
    english, spanish = both("deadlines", payload)
    assert "errors" not in english, english
    assert assert_all_spanish(english, spanish) > 5


def test_the_words_from_other_parts_still_go_through_the_language_layer():
    english, spanish = both("deadlines", PAYLOADS[0])
    with language("es"):
        assert spanish["disclaimer"] == _(DISCLAIMER)
        assert spanish["notice_title"] == _(NOTICE_TITLES["CP14"])
    assert english["disclaimer"] == DISCLAIMER


def test_the_done_when_example_writes_its_date_the_spanish_way():
    english, spanish = both("deadlines", PAYLOADS[1])
    assert spanish["pay_by"] == english["pay_by"] == "2026-12-07"
    notes = spanish["estimate"]["assumptions"]
    assert "Si paga toda la cantidad a más tardar el 7 de diciembre de 2026, no se suman " in (
        " ".join(notes)
    )
    assert notes[0].startswith("Esto es una estimación.")
    assert "December" not in str(spanish)
    assert "Paying the full amount by December 7, 2026 adds" in " ".join(
        english["estimate"]["assumptions"]
    )


def test_the_rule_the_next_notices_and_the_penalty_months_in_spanish():
    _en, es = both("deadlines", PAYLOADS[2])
    assert es["window"]["rule"] == "21 días calendario después de la fecha del aviso."
    assert [s["title"] for s in es["timeline"]] == [
        "Primer recordatorio",
        "La cuenta puede pasar a cobro",
        "Segundo recordatorio",
        "Aviso de intención de embargo",
        "Aviso final de intención de embargo",
    ]
    assert es["timeline"][-1]["notice"] == "LT11 o Carta 1058"
    assert "multa por pago tardío sube a 1% al mes" in es["timeline"][3]["description"]
    assert "audiencia del Proceso Debido de Cobro" in es["timeline"][4]["description"]
    assert es["penalty_note"].startswith(
        "Los meses de multa se cuentan desde la fecha de vencimiento de la declaración de ese "
        "año tributario, el 15 de abril de 2026 (IRC 6651(a)(2)). Para la fecha de vencimiento "
        "del aviso ya habían empezado 8 meses de multa."
    )
    big = api.call("deadlines", {**PAYLOADS[9], "lang": "es"})
    assert big["window"]["rule"] == (
        "10 días hábiles después de la fecha del aviso, porque la cantidad es de $100,000 o más."
    )
    weekend = api.call("deadlines", {"notice_date": "2026-03-14", "lang": "es"})
    assert weekend["window"]["rule"] == (
        "21 días calendario después de la fecha del aviso. El 4 de abril de 2026 es fin de "
        "semana o día feriado, así que la fecha pasa al siguiente día hábil."
    )


@pytest.mark.parametrize(
    ("today", "first"),
    [
        ("2026-11-20", "Pague todo el saldo a más tardar en la fecha de vencimiento del aviso"),
        ("2026-12-07", "Hoy es el último día para pagar sin más intereses."),
        ("2026-12-20", "La fecha de vencimiento del aviso ya pasó."),
    ],
)
def test_next_steps_in_spanish(today, first):
    payload = {"notice_date": "2026-11-16", "amount": "2450.17", "today": today}
    english, spanish = both("deadlines", payload)
    steps = spanish["next_steps"]
    assert [s["title"] for s in steps] == [
        "Pagar",
        "Si no puede pagarlo todo",
        "Si el saldo está mal",
    ]
    assert steps[0]["text"].startswith(first)
    assert [s["key"] for s in steps] == [s["key"] for s in english["next_steps"]]
    assert [link["url"] for s in steps for link in s["links"]] == [
        link["url"] for s in english["next_steps"] for link in s["links"]
    ]
    assert steps[0]["links"][0]["title"].startswith("Direct Pay del IRS")


def test_an_overdue_notice_in_spanish():
    es = api.call("deadlines", {**PAYLOADS[2], "lang": "es"})["overdue"]
    assert es["title"] == "La fecha de vencimiento del aviso pasó hace 5 días"
    assert es["text"][-1] == (
        "Si no paga ni llega a un acuerdo con el IRS, lo que suele venir después es: CP501 "
        "(primer recordatorio), alrededor del lunes, 21 de diciembre de 2026. Esa fecha es una "
        "estimación, no una promesa."
    )
    one_day = api.call(
        "deadlines", {"notice_date": "2026-11-16", "today": "2026-12-08", "lang": "es"}
    )["overdue"]
    assert one_day["title"] == "La fecha de vencimiento del aviso pasó hace 1 día"
    cp14h = api.call("deadlines", {**PAYLOADS[6], "lang": "es"})["overdue"]["text"]
    assert "Un aviso CP14H no tiene multa por pago tardío." in cp14h[1]


def test_a_disaster_postponement_in_spanish():
    moved = api.call("deadlines", {**PAYLOADS[2], "lang": "es"})
    assert moved["pay_by"] == "2026-12-15"
    assert moved["assumptions"] == [
        "Usted nos dijo que tiene un aplazamiento por desastre desde la fecha del aviso hasta el "
        "15 de diciembre de 2026. Una fecha para pagar que cae dentro del período pasa a su "
        "último día, el 15 de diciembre de 2026, y no se cobran intereses ni multas por ese "
        "período (IRC 7508A; 26 CFR 301.7508A-1). Revise las fechas en el anuncio del IRS para "
        "su zona.",
        "Usted no escribió cuándo empezó el aplazamiento, así que supusimos que cubre el tiempo "
        "desde la fecha del aviso.",
    ]
    assert any(
        n.startswith("No se suman intereses ni multas desde el 17 de noviembre de 2026 hasta el")
        for n in moved["estimate"]["assumptions"]
    )
    before = api.call("deadlines", {**PAYLOADS[3], "lang": "es"})["assumptions"]
    assert before[1:] == [
        "Usted nos dijo que tiene un aplazamiento por desastre desde el 1 de junio de 2026 hasta "
        "el 20 de julio de 2026. Su fecha para pagar, el 6 de abril de 2026, cae antes de ese "
        "período, así que el aplazamiento no la cambia: solo cambia una fecha que cae dentro del "
        "período (IRC 7508A; 26 CFR 301.7508A-1). Revise las fechas en el anuncio del IRS para "
        "su zona."
    ]
    after = api.call("deadlines", {**PAYLOADS[4], "lang": "es"})["assumptions"]
    assert "el 6 de abril de 2026, cae después de ese período" in after[-1]
    around = {"notice_date": "2026-03-16", "postponed_from": "2026-03-01"}
    inside = api.call("deadlines", {**around, "postponed_until": "2026-04-30", "lang": "es"})[
        "assumptions"
    ]
    assert inside[-1] == (
        "Si su aviso cobra intereses o multas por días dentro del aplazamiento, el IRS debe "
        "quitarlos. Llame al número que aparece en su aviso."
    )


def _events(ics: str) -> list[Any]:
    cal = Calendar.from_ical(ics)
    return sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_the_calendar_file_in_spanish():
    payload = {
        "notice_date": "2026-11-16",
        "amount": "2450.17",
        "today": "2026-11-20",
        "payment_date": "2026-12-20",
        "now": "2026-11-20T10:00:00Z",
    }
    english, spanish = both("calendar", payload)
    assert spanish["filename"] == english["filename"]
    assert [e["date"] for e in spanish["events"]] == [e["date"] for e in english["events"]]
    assert [e["summary"] for e in spanish["events"]] == [
        "Pague su saldo del aviso CP14 del IRS (termina el plazo sin intereses)",
        "Pague su saldo del aviso CP14 del IRS (el día que eligió)",
        "CP14: revise su correo por si llega el próximo aviso del IRS",
    ]
    events = _events(spanish["ics"])
    assert [str(e["summary"]) for e in events] == [e["summary"] for e in spanish["events"]]
    for event, en_event in zip(events, _events(english["ics"]), strict=True):
        assert event["summary"].params["LANGUAGE"] == "es"
        assert event["description"].params["LANGUAGE"] == "es"
        assert "LANGUAGE" not in en_event["summary"].params
        description = str(event["description"])
        assert "su aviso CP14 con fecha del lunes, 16 de noviembre de 2026" in description
        assert description != str(en_event["description"])
        assert str(event.walk("VALARM")[0]["description"]) == str(event["summary"])
    assert "Nuestra estimación del total a pagar ese día: $2,478.45." in str(
        events[1]["description"]
    )
    assert "el IRS suele enviar el CP501 (primer recordatorio)" in str(events[2]["description"])


def test_a_calendar_for_a_date_that_falls_apart_from_the_window_in_spanish():
    r = api.call(
        "calendar",
        {"notice_date": "2026-03-16", "pay_by": "2026-04-08", "now": "2026-03-20T10:00:00Z"}
        | {"lang": "es"},
    )
    assert [e["summary"] for e in r["events"]] == [
        "CP14: termina el plazo sin intereses",
        "Pague su saldo del aviso CP14 del IRS",
        "CP14: revise su correo por si llega el próximo aviso del IRS",
    ]
    assert str(_events(r["ics"])[0]["description"]).startswith(
        "Después de este día, se pueden sumar intereses y la multa por pago tardío"
    )


def _error(name: str, payload: dict[str, Any]) -> dict[str, str]:
    result = api.call(name, {**payload, "lang": "es"})
    assert "errors" in result, result
    return result["errors"][0]


@pytest.mark.parametrize(
    ("name", "payload", "field", "message"),
    [
        (
            "deadlines",
            {"notice_date": "1990-03-16"},
            "notice_date",
            f"Un aviso de antes de {FIRST.year} queda fuera de lo que cubre esta calculadora. "
            f"Cubre avisos con fecha del {long_date(FIRST, 'es')} o posterior,",
        ),
        (
            "deadlines",
            {"notice_date": "2026-03-16", "tax": "0", "penalty": "0"},
            "amount",
            "Cantidad adeudada debe ser mayor que $0. Las líneas que escribió suman $0.",
        ),
        (
            "deadlines",
            {"notice_date": "2026-03-16", "amount": "100", "paid": ["x"]},
            "paid",
            "Pagos desde el aviso: escriba cada pago como CANTIDAD@AAAA-MM-DD, por ejemplo "
            "500@2026-12-01.",
        ),
        (
            "deadlines",
            {"notice_date": "2026-03-16", "amount": "100", "paid": ["1@2026-03-20"] * 25},
            "paid",
            "Pagos desde el aviso: anote 24 pagos como máximo.",
        ),
        (
            "deadlines",
            {"notice_date": "2026-03-16", "amount": "100", "paid": ["100@2026-03-01"]},
            "paid",
            "Un pago desde el aviso tiene una fecha anterior al aviso (1 de marzo de 2026).",
        ),
        (
            "deadlines",
            {
                "notice_date": "2026-03-16",
                "amount": "100",
                "paid": ["100@2026-05-01"],
                "today": "2026-04-01",
            },
            "paid",
            "Un pago desde el aviso tiene una fecha posterior a hoy (1 de mayo de 2026).",
        ),
        (
            "deadlines",
            {
                "notice_date": "2026-03-16",
                "amount": "100",
                "paid": ["100@2026-03-20"],
                "payment_date": "2026-03-18",
                "today": "2026-04-01",
            },
            "payment_date",
            "El día en que piensa pagar es anterior a un pago que anotó. Elija un día posterior.",
        ),
        (
            "deadlines",
            {"notice_date": "2026-03-16", "payment_date": "2026-05-01"},
            "amount",
            "Cantidad adeudada: hace falta para calcular cuánto cuesta pagar más tarde.",
        ),
        (
            "estimate",
            {"notice_date": "2026-03-16"},
            "payment_date",
            "Fecha del pago: falta este dato. Escríbalo así: 2026-05-01.",
        ),
        (
            "calendar",
            {"notice_date": "2026-03-16", "now": "soon"},
            "now",
            "La fecha y hora actual («now») debe escribirse así: 2026-03-20T10:00:00Z.",
        ),
        (
            "calendar",
            {"notice_date": "2026-03-16", "now": "9999-12-31T23:00:00Z"},
            "now",
            "La fecha y hora actual («now») está demasiado lejos en el futuro.",
        ),
        (
            "calendar",
            {"notice_date": "2026-03-16", "now": "2027-09-01T10:00:00Z"},
            "notice_date",
            "Todas las fechas de este aviso ya pasaron, así que no hay nada que agregar a un "
            "calendario.",
        ),
    ],
)
def test_errors_in_spanish(name, payload, field, message):
    error = _error(name, payload)
    assert error["field"] == field
    assert error["message"].startswith(message), error
    english = api.call(name, payload)["errors"][0]
    assert english["field"] == field and english["message"] != error["message"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"notice_date": "soon"}, "notice_date"),
        ({"notice_date": "2026-03-16", "today": "2026-03-10"}, "notice_date"),
        ({"notice_date": "2026-03-16", "amount": "100", "tax": "200"}, "tax"),
        (
            {"notice_date": "2026-03-16", "payment_date": "2026-13-01", "amount": "1"},
            "payment_date",
        ),
        ({"notice_date": "2026-03-16", "postponed_from": "2026-04-01"}, "postponed_until"),
        ({"notice_date": "2026-03-16", "amount": "1", "paid": ["1@soon"]}, "paid"),
    ],
)
def test_an_error_names_the_field_by_its_spanish_title(payload, field):
    """The field checks are the core's (cp14.validate, cp14.inputs); the title they name
    comes from here, in the reader's language."""
    error = _error("deadlines", payload)
    assert error["field"] == field
    with language("es"):
        spanish_title = _(DEADLINE_TITLES[field])
    assert spanish_title != DEADLINE_TITLES[field]
    assert error["message"].startswith(spanish_title), error
    assert api.call("deadlines", payload)["errors"][0]["message"].startswith(DEADLINE_TITLES[field])


def test_every_field_title_has_spanish_and_is_translated_only_when_shown():
    english = dict(DEADLINE_TITLES)
    with language("es"):
        spanish = titles()
    assert spanish.keys() == english.keys()
    assert all(spanish[k] != english[k] for k in english), spanish
    assert spanish["amount"] == "Cantidad adeudada"
    assert spanish["levy_notice_date"] == "Fecha del aviso de intención de embargo"
    assert titles() == english
    assert dict(DEADLINE_TITLES) == english


def test_english_is_unchanged_and_the_language_is_restored():
    for payload in PAYLOADS:
        plain = api.call("deadlines", payload)
        assert api.call("deadlines", {**payload, "lang": "en"}) == plain
        api.call("deadlines", {**payload, "lang": "es"})
        assert api.call("deadlines", payload) == plain
    assert current() == "en"


def test_a_date_with_its_weekday():
    assert guidance.long_date(date(2026, 12, 7)) == "Monday, December 7, 2026"
    with language("es"):
        assert guidance.long_date(date(2026, 12, 7)) == "lunes, 7 de diciembre de 2026"


def _deadlines_catalog() -> list[Any]:
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "scripts" / "catalogs.py")
    catalogs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(catalogs)
    with catalogs.po_path("es", "deadlines").open("rb") as f:
        return [m for m in read_po(f) if m.id]


def _fields(text: str) -> list[str]:
    return sorted(f for _t, f, _s, _c in string.Formatter().parse(text) if f)


def test_every_translation_keeps_the_placeholders():
    for message in _deadlines_catalog():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert _fields(text) == _fields(ids[-1]), (message.id, text)


def test_the_spanish_uses_the_glossarys_words():
    spanish = " ".join(
        " ".join(m.string) if isinstance(m.string, tuple) else m.string
        for m in _deadlines_catalog()
    )
    for term in (
        "aviso",
        "fecha de vencimiento",
        "multa por pago tardío",
        "intereses",
        "aviso de intención de embargo",
        "plan de pagos",
        "aplazamiento",
        "año tributario",
        "días hábiles",
        "estimación",
        "Proceso Debido de Cobro",
        "gravamen",
        "cuenta en línea del IRS",
    ):
        assert term in spanish, term
    # Words the glossary says the IRS does not use for these ideas.
    for avoided in ("penalidad", "sanción", "prórroga", "estimado", "notificación"):
        assert avoided not in spanish.lower(), avoided
