"""The tool pages' own words in Spanish (the "web" catalog): every message of the forms,
the sample CP14 and the browser modules is translated, a Spanish page's forms carry no
English label or help of their own, and the browser's translations travel with the
page as a JSON data block.

The core's words (field titles from cp14.api, the notice names) come from the core's
catalogs; a title those do not translate yet is the core's to translate, so the
comparison leaves it out (and says which, if asked with -rA).
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from html.parser import HTMLParser

import pytest

from cp14 import i18n
from modkit import ROOT, load_file

sys.path.insert(0, str(ROOT / "scripts"))
import catalogs

tool_pages = load_file("cp14_tool_pages_i18n", "hooks/tool_pages.py")
web = tool_pages.web_i18n
finish = load_file("cp14_finish_i18n", "hooks/finish.py")

RUNTIME = {
    "base": "../../",
    "path": "assets/pyodide/x/",
    "assets": "0123456789",
    "settings": {k: {"download": 4_500_000} for k in ("letter", "deadlines", "plan")},
}
MARKERS = ("letter-tool", "deadlines-tool", "plan-tool")


@pytest.fixture(scope="module", autouse=True)
def compiled() -> None:
    """The catalogs as the build uses them (.po -> .mo)."""
    catalogs.compile_all()
    web.translator.cache_clear()
    web.js_messages.cache_clear()
    i18n.catalog.cache_clear()


def render(marker: str, lang: str) -> str:
    return tool_pages.render_marker(marker, None, {**RUNTIME, "lang": lang})


class Words(HTMLParser):
    """The words a reader sees in a form: labels, legends, help, headings, buttons,
    summaries, status lines (the blank letter and the call sheet are the core's)."""

    KEPT = frozenset({"label", "legend", "h2", "h3", "h4", "button", "summary", "li", "figcaption"})
    SKIPPED = frozenset({"script", "template", "svg"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = a.get("class") or ""
        core = "cp14-blank" in cls or "cp14-call-blank" in cls
        if tag in self.SKIPPED or core:
            self.skip += 1
        kept = tag in self.KEPT or "cp14-help" in cls or "cp14-status" in cls
        if tag not in ("input", "br", "meta", "link", "img", "rect", "circle", "line"):
            self.stack.append((tag, kept, tag in self.SKIPPED or core))
        for name in ("aria-label", "aria-valuetext", "data-meanwhile"):
            if a.get(name) and not self.skip:
                self.texts.append(a[name])

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            name, _kept, skipped = self.stack.pop()
            if skipped:
                self.skip -= 1
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self.skip and any(kept for _t, kept, _s in self.stack):
            self.texts.append(text)


def words(html: str) -> list[str]:
    parser = Words()
    parser.feed(html)
    return parser.texts


@cache
def core_texts() -> set[str]:
    """Every text the forms take from the core: the letter's questions (cp14.api
    letter_fields), the deadline and plan titles, the notice names."""
    from cp14 import api, api_deadlines, api_plan
    from cp14.inputs import NOTICE_TITLES

    out = {*api_deadlines.DEADLINE_TITLES.values(), *api_plan.PLAN_TITLES.values()}
    out |= set(NOTICE_TITLES.values())
    for kind in ("dispute", "penalty-relief"):
        for spec in api.call("letter_fields", {"kind": kind})["fields"]:
            out |= {spec["label"], spec.get("help") or ""}
            out |= {c["label"] for c in spec.get("choices") or []}
    return out


def core_untranslated(text: str) -> bool:
    """A text the core gives and its catalogs do not translate yet."""
    core = i18n.catalog("es")
    return text in core_texts() and (core is None or core.gettext(text) == text)


def test_every_web_message_is_translated() -> None:
    found = [line for line in catalogs.problems() if "web." in line]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("marker", MARKERS)
def test_the_spanish_forms_have_no_english_words_of_their_own(marker: str) -> None:
    english, spanish = words(render(marker, "en")), words(render(marker, "es"))
    assert len(english) > 10 and len(spanish) > 10
    # The forms are the same, word for word in place: as many texts in each.
    left = sorted(
        {t for t in set(english) & set(spanish) if re.search(r"[a-z]{3}", t)}
        - {t for t in english if core_untranslated(t) or core_untranslated(t.rsplit(" (", 1)[0])}
    )
    # What is rightly the same in both (a name, a number, a file type).
    same = {"CP14", "Python", "JavaScript"}
    left = [t for t in left if t not in same]
    assert left == [], left


@pytest.mark.parametrize("marker", MARKERS)
def test_a_spanish_form_says_required_and_optional_in_spanish(marker: str) -> None:
    # The messages block is keyed by the English ids: what the reader sees is outside it.
    out = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", render(marker, "es"))
    assert "(required)" not in out and "(optional)" not in out
    assert "(opcional)" in out
    assert "Intentar de nuevo" in out and "Try again" not in out
    assert "una sola vez" in out  # the loading line


def test_the_deadline_form_in_spanish() -> None:
    out = render("deadlines-tool", "es")
    for text in ("Su aviso", "Mostrar mis fechas", "Sus fechas", "¿Vive en una zona de desastre?"):
        assert text in out, text
    # The pay-by table shown before Python is data; its words are the browser's.
    table = json.loads(re.search(r'id="cp14-window-table">(.*?)</script>', out)[1])
    assert set(table) >= {"days", "first"}


def test_the_browser_messages_travel_with_a_spanish_page_only() -> None:
    assert 'id="cp14-messages"' not in render("plan-tool", "en")
    out = render("plan-tool", "es")
    block = re.search(r'<script type="application/json" id="cp14-messages">(.*?)</script>', out)
    assert block, "no messages block on the Spanish page"
    assert "<" not in block[1]
    messages = json.loads(block[1])

    # Every message the modules mark is in it, each one translated.
    def used(where: str) -> bool:  # the plan page's modules: the shared ones and its own
        return where.endswith(".js") and ("/tools/" not in where or where.endswith("/plan.js"))

    ids = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogs.extract("web")
        if m.id and any(used(where) for where, _ in m.locations)
    }
    assert ids == set(messages)
    assert "Print my dates" not in messages  # the deadline tool's
    assert messages["Open to you: {options}."] == "Disponibles para usted: {options}."
    forms = ["Mes a mes ({n} pago)", "Mes a mes ({n} pagos)"]
    assert messages["Month by month ({n} payment)"] == forms
    # Its placeholders are the English ones.
    for msgid, text in messages.items():
        for form in text if isinstance(text, list) else [text]:
            assert set(re.findall(r"\{\w+\}", form)) <= set(re.findall(r"\{\w+\}", msgid)) | {
                "{n}"
            }, msgid


def test_the_sample_notice_explains_itself_in_spanish() -> None:
    sample = load_file("cp14_sample_notice_i18n", "hooks/sample_notice.py")
    english = sample.sample_notice_html("s")
    with i18n.language("es"):
        spanish = sample.sample_notice_html("s")
    assert "Dirección del IRS" in spanish and "Leer la muestra como texto" in spanish
    assert "Read the sample as text" not in spanish
    # The picture is the notice as the IRS prints it, in English, and says so.
    assert spanish.count('<g lang="en">') == 1 + sum(len(p.views) for p in sample.PARTS)
    assert '<g lang="en">' not in english
    assert "Pay by June 22, 2026" in spanish


@pytest.mark.parametrize(
    ("html", "url", "lang"),
    [
        ('<html lang="es" class="no-js">', "es/tools/plan/", "es"),
        ('<html lang="en">', "tools/plan/", "en"),
        ("<html>", "es/tools/plan/", "es"),
        ('<html lang="fr">', "tools/plan/", "en"),
    ],
)
def test_a_page_language_comes_from_its_html(html: str, url: str, lang: str) -> None:
    assert finish.page_lang(html, url) == lang


def test_a_spanish_page_head_says_its_failure_in_spanish() -> None:
    rt = {**RUNTIME, "integrity": {"javascripts/cp14-worker.js": "sha256-W"}}
    data = {"rt": rt, "tool": "plan", "up": "../../", "dist": "../../x/"}
    english = finish._head("early.html", "en", **data)
    spanish = finish._head("early.html", "es", **data)
    assert "m.textContent=\"The tool's own files did not load" in english
    assert 'm.textContent="Los archivos de la herramienta no se cargaron' in spanish


def test_a_spanish_guide_page_carries_the_words_of_the_script_every_page_runs() -> None:
    page = '<html lang="es"><head></head><body class="x"><p>Hola</p></body></html>'
    out = finish.with_page_words(page, "es/pay/")
    block = re.search(
        r'<body class="x"><script type="application/json" id="cp14-messages">(.*?)<', out
    )
    assert block, out
    messages = json.loads(block[1])
    assert set(messages) == set(web.js_messages("es", "cp14-offline.js"))
    assert any("No tiene conexión" in text for text in messages.values())
    english = '<html lang="en"><head></head><body><p>Hi</p></body></html>'
    assert finish.with_page_words(english, "pay/") == english
