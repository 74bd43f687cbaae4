"""The language layer (cp14.i18n) and the message catalogs behind it."""

from __future__ import annotations

import importlib.util
import io
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from cp14 import api, i18n
from cp14.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _catalogs_module():
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "scripts" / "catalogs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogs"] = module
    spec.loader.exec_module(module)
    return module


catalogs = _catalogs_module()


def test_every_message_in_the_code_is_translated_and_nothing_else_is_in_the_catalogs():
    assert list(catalogs.problems()) == []


def test_every_domain_has_a_template_and_a_spanish_catalog():
    for domain in catalogs.SOURCES:
        assert (catalogs.locale_dir(domain) / f"{domain}.pot").is_file()
        assert catalogs.po_path("es", domain).is_file()
    # The core loads its own catalogs; the site's page words are the build's ("web").
    assert set(catalogs.SOURCES) - {"web"} == set(i18n.DOMAINS)


def test_the_compiled_catalogs_are_the_sources_compiled():
    """A stale .mo would show old Spanish: make setup (or the wheel build) compiles them."""
    sources = [*catalogs.LOCALE.glob("*/LC_MESSAGES/*.po")]
    sources += catalogs.WEB_LOCALE.glob("*/LC_MESSAGES/*.po")
    for po in sorted(sources):
        with po.open("rb") as f:
            catalog = read_po(f)
        expected = io.BytesIO()
        write_mo(expected, catalog)
        mo = po.with_suffix(".mo")
        assert mo.is_file(), f"{mo} is missing: run make setup"
        assert mo.read_bytes() == expected.getvalue(), f"{mo} is stale: run make setup"


def test_the_same_id_means_the_same_words_in_every_catalog():
    """The site's page words (web) included: the pages look them up before the core's."""
    seen: dict[str, tuple[str, object]] = {}
    for domain in catalogs.SOURCES:
        with catalogs.po_path("es", domain).open("rb") as f:
            for message in read_po(f):
                if not message.id:
                    continue
                key = str(message.id)
                if key in seen:
                    assert seen[key][1] == message.string, (key, seen[key][0], domain)
                seen[key] = (domain, message.string)


def test_an_entry_is_untranslated_when_it_repeats_the_english_without_the_mark():
    from babel.messages.catalog import Message

    assert catalogs._untranslated(Message("IRS", "IRS"))
    assert not catalogs._untranslated(Message("IRS", "IRS", flags=[catalogs.SAME]))
    assert catalogs._untranslated(Message("Pay by", ""))
    assert catalogs._untranslated(Message(("day", "days"), ("día", "")))
    assert not catalogs._untranslated(Message("Pay by", "Pague a más tardar el"))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "December 7, 2026"), ("es", "7 de diciembre de 2026")],
)
def test_a_date_in_a_sentence(lang, expected):
    assert i18n.long_date(date(2026, 12, 7), lang) == expected
    with i18n.language(lang):
        assert i18n.long_date(date(2026, 12, 7)) == expected


def test_month_year_weekday_and_or():
    assert i18n.month_year(2026, 2, "es") == "febrero de 2026"
    assert i18n.month_year(2026, 2, "en") == "February 2026"
    assert i18n.weekday(date(2026, 12, 7), "es") == "lunes"
    assert i18n.join_or(["CP14", "CP14I", "CP14H"], "en") == "CP14, CP14I or CP14H"
    assert i18n.join_or(["uno", "otro"], "es") == "uno u otro"
    assert i18n.join_or(["uno", "dos"], "es") == "uno o dos"


def test_the_language_is_the_calls_own_and_is_restored():
    assert i18n.current() == "en"
    with i18n.language("es"):
        assert i18n.current() == "es"
        with i18n.language("en"):
            assert i18n.current() == "en"
        assert i18n.current() == "es"
    assert i18n.current() == "en"
    with i18n.language("xx"):
        assert i18n.current() == "en"


def test_english_needs_no_catalog():
    assert i18n.catalog("en") is None
    assert i18n.catalog("es") is not None


@pytest.mark.parametrize("lang", ["fr", "spanish", 3, ["es"]])
def test_a_wrong_language_is_named_at_the_api(lang):
    result = api.call("business_day", {"date": "2026-04-16", "lang": lang})
    assert result == {"errors": [{"field": "lang", "message": "Language must be one of: en, es."}]}


@pytest.mark.parametrize("lang", [None, "", "en", "ES", " es "])
def test_a_right_or_blank_language_is_taken(lang):
    result = api.call("business_day", {"date": "2026-04-20", "lang": lang})
    assert result["business_day"] is True  # a Monday


def test_an_api_error_comes_in_the_callers_language():
    result = api.call("nonsense", {"lang": "es"})
    assert result["errors"][0]["message"] == "Función desconocida: 'nonsense'."
    assert i18n.current() == "en"


def test_the_command_line_names_a_wrong_language():
    out, err = io.StringIO(), io.StringIO()
    code = main(["business-day", "2026-04-16", "--lang", "fr"], stdout=out, stderr=err)
    assert code == 2
    assert err.getvalue() == "error: lang: Language must be one of: en, es.\n"
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["deadlines", "--notice-date", "2026-11-16"],
        ["interest", "--amount", "1", "--from", "2026-01-01", "--to", "2026-02-01"],
        ["business-day", "2026-04-16"],
        ["calendar", "--notice-date", "2026-11-16"],
        ["letter", "dispute", "--example"],
        ["plan", "--balance", "1000", "--months", "3", "--notice-date", "2026-11-16"],
    ],
)
def test_every_command_takes_lang(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv, "--lang", "es"], stdout=out, stderr=err, today=date(2026, 11, 20))
    assert code == 0, err.getvalue()
