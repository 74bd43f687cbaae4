"""The Spanish pages are in Spanish, in the IRS's own Spanish words.

- No English sentence on a Spanish page: every block of text a reader meets (the
  article, its headings, tables and notes, the theme's words, accessible names),
  sentence by sentence, is checked for English: a sentence of three words or more
  in which common English words (the, you, is, pay, notice...) are two or more
  and 30% of its words is English. Proper names, form numbers and addresses are
  not common words, so they pass. English that is meant to be there is marked
  `lang="en"` (a source's title, a term as the notice prints it) and is left out:
  that is also what lets a screen reader read it as English.
- The glossary (src/cp14/data/glossary-es.toml) is what the pages say: every
  term's Spanish is used on the Spanish site, but for the few listed here with
  their reason, and an alternative the glossary says to avoid (`avoid`) is not.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest
from sitekit import Page, language_pages, own_language_text

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "src" / "cp14" / "data" / "glossary-es.toml"
# The tool forms and the sample CP14's words are the web catalog's (hooks/web_i18n.py
# renders them in the page's language): until the build has that layer, a Spanish
# page shows them in English, which the checks of those parts expect to fail.
WEB_WORDS = ROOT / "hooks" / "web_i18n.py"
SAMPLE = re.compile(r'<figure class="cp14-sample[^"]*".*?</figure>', re.S)

# Common English words that are not also Spanish words ("no", "a", "me", "plan",
# "total", "real", "final" are both, and are not here).
_COMMON_ENGLISH = """
    the and of to is are was were be been being you your yours we our us they their
    them it its this that these those what which who whom when where why how for with
    from by at on in into onto out up if or not but than then there here do does did
    done have has had can could will would should must may might shall an as about
    after before only also just any all some more most other such very own same so too
    yes pay paid notice amount penalty interest payment balance due tax taxes bill
    letter date get got go goes send sent mail call help plans fee fees owe owed file
    filed return returns page site tool tools read see open close keep kept clear
    answers answer write print download enter choose
"""
ENGLISH = frozenset(_COMMON_ENGLISH.split())
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
MIN_WORDS = 3
MIN_ENGLISH = 2
MIN_SHARE = 0.3

# Glossary terms no Spanish page uses yet, and why. The tools' own words (the
# letter's, the estimates') are checked with the tools' catalog.
NOT_ON_THE_PAGES = {
    'IRS page "Understanding your CP14 notice"': "a proposal: no such Spanish IRS page exists",
    "include a copy of the notice": "the letter's words (web and letters catalogs)",
    "Enclosures (letter heading)": "the letter's heading (letters catalog)",
    '"not tax advice"': "the tools' estimate note (web catalog); the pages say "
    '"no asesoría tributaria", as the site\'s style does',
    "Schedule LEP (Request for Change in Language Preference)": "its Spanish title is not "
    "confirmed (status: not found)",
    "Publication 594(SP)": "no guide page cites it",
    "Publication 1660(SP)": "no guide page cites it",
    "Publication 5(SP)": "no guide page cites it",
    "Publication 17(SP)": "no guide page cites it",
}


def english_sentences(blocks: list[str]) -> list[str]:
    found = []
    for block in blocks:
        for sentence in re.split(r"(?<=[.!?:;])\s+", block):
            words = WORD.findall(sentence)
            if len(words) < MIN_WORDS:
                continue
            english = [w for w in words if w.lower() in ENGLISH]
            if len(english) >= MIN_ENGLISH and len(english) / len(words) >= MIN_SHARE:
                found.append(sentence)
    return found


def test_the_check_finds_english_and_passes_spanish():
    assert english_sentences(["Pay the full amount by this date to stop more interest."])
    assert english_sentences(["Your time to pay counts from this date."])
    assert not english_sentences(["Pague toda la cantidad adeudada a más tardar en esa fecha."])
    assert not english_sentences(['Pague solo a nombre de "United States Treasury".'])
    assert not english_sentences(["Use el Formulario 843 (en inglés) o llame al 800-829-1040."])


@pytest.fixture(scope="module")
def spanish(site_dir: Path) -> list[Page]:
    if not (site_dir / "es" / "sitemap.xml").is_file():
        pytest.fail("The Spanish site is not built: run `make site` (it builds both).")
    return language_pages(site_dir, "es")


def _page_text(page: Page) -> tuple[str, list[str]]:
    """The page without its sample notice, and the sample notices' HTML."""
    html = page.file.read_text(encoding="utf-8")
    return SAMPLE.sub("", html), SAMPLE.findall(html)


def test_no_english_sentence_on_a_spanish_guide_page(spanish):
    problems = []
    for page in spanish:
        if page.bare.startswith("tools/"):
            continue  # below
        html, _ = _page_text(page)
        blocks, names = own_language_text(html)
        problems += [f"{page.rel}: {s}" for s in english_sentences(blocks + names)]
    assert problems == [], 'English on the Spanish pages (mark meant English lang="en"):\n' + (
        "\n".join(problems)
    )


def _web_parts_expected_to_fail() -> None:
    if not WEB_WORDS.is_file():
        pytest.xfail("the tool forms' and the sample CP14's Spanish come with hooks/web_i18n.py")


def test_no_english_sentence_in_the_sample_notices_words(spanish):
    _web_parts_expected_to_fail()
    problems = []
    for page in spanish:
        for figure in _page_text(page)[1]:
            blocks, names = own_language_text(f"<body>{figure}</body>")
            problems += [f"{page.rel}: {s}" for s in english_sentences(blocks + names)]
    assert problems == []


def test_no_english_sentence_on_a_spanish_tool_page(spanish):
    _web_parts_expected_to_fail()
    problems = []
    for page in spanish:
        if page.bare.startswith("tools/"):
            blocks, names = own_language_text(page.file.read_text(encoding="utf-8"))
            problems += [f"{page.rel}: {s}" for s in english_sentences(blocks + names)]
    assert problems == []


# ---------------------------------------------------------------- the glossary


def fold(text: str) -> str:
    """Lower case, one space between words (accents kept: "multa" is not "multá")."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def variants(es: str) -> list[str]:
    """The ways a term's Spanish may appear on a page. The glossary writes several
    forms in one field: "a; b" (either), "plainer: b", "also: b", "short: b",
    "(proposal)", a note in brackets ("aviso (CP notices)"), a form or publication
    with its title ("Formulario 843, Reclamación..."), a name with its meaning
    ("EFTPS: el Sistema...")."""
    out: list[str] = []
    for part in es.replace("(proposal)", "").split(";"):
        part = re.sub(r"^\s*(?:also|short|plainer):\s*", "", part.strip())
        for piece in part.split(" / "):
            piece = piece.strip()
            if not piece:
                continue
            forms = [piece, re.sub(r"\s*\([^)]*\)", "", piece).strip()]
            for form in list(forms):
                forms += [form.split(sep)[0].strip() for sep in (",", ":")]
            for form in forms:
                if len(form) > 3 and form not in out:
                    out.append(form)
    return out


def used(term: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fold(term))}(?!\w)", text) is not None


@pytest.fixture(scope="module")
def glossary() -> list[dict]:
    return tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))["term"]


@pytest.fixture(scope="module")
def site_text(spanish) -> str:
    parts = []
    for page in spanish:
        blocks, names = own_language_text(page.file.read_text(encoding="utf-8"), ())
        parts.append(" ".join(blocks + names))
    return fold("\n".join(parts))


def test_the_variants_read_the_glossarys_forms():
    forms = ["aviso (CP notices)", "aviso", "carta (letters)", "carta"]
    assert variants("aviso (CP notices); carta (letters)") == forms
    assert "multa por pago tardío" in variants(
        "multa por incumplimiento de pago; plainer: multa por pago tardío"
    )
    assert "Formulario 843" in variants(
        "Formulario 843, Reclamación de reembolso y Solicitud de reducción"
    )


def test_every_glossary_term_is_used_on_the_spanish_site(glossary, site_text):
    unused = [t["en"] for t in glossary if not any(used(v, site_text) for v in variants(t["es"]))]
    unexpected = [en for en in unused if en not in NOT_ON_THE_PAGES]
    assert unexpected == [], "Glossary terms no Spanish page uses: " + "; ".join(unexpected)
    assert set(NOT_ON_THE_PAGES) <= {t["en"] for t in glossary}, "an exemption names no term"


def test_no_page_uses_a_word_the_glossary_says_to_avoid(glossary, site_text):
    avoided = [(t["en"], w) for t in glossary for w in t.get("avoid", [])]
    found = [f"{en}: {w!r}" for en, w in avoided if used(w, site_text)]
    assert found == []


def test_the_pages_use_the_terms_the_brief_names(site_text):
    """The IRS's words for the notice, the balance, the penalty and the plans."""
    for term in (
        "aviso",
        "saldo adeudado",
        "multa por pago tardío",
        "plan de pagos",
        "acuerdo de pagos a plazos",
        "plan de pago a corto plazo",
        "cargo inicial de establecimiento",
    ):
        assert used(term, site_text), term
