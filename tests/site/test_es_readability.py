"""Plain Spanish, measured: every Spanish guide page scores 70 or more on the
Fernández-Huerta readability scale (textstat 0.7.13, with textstat.set_lang("es")),
and the guide as a whole 75 or more (the mean of its pages' scores). Higher is
easier; 70-80 is "fairly easy", 80-90 "easy".

What is measured is what tests/site/test_site_readability.py measures on the
English pages (sitekit.prose_text: the article's prose, without headings, tables,
code, notes or form controls), on the same pages: every Spanish page but the tools,
the glossary, the sources page and 404.html, which are measured and shown only.
Syllables are counted with Pyphen's Spanish hyphenation dictionary (textstat's
own, shipped with it), so nothing is downloaded.

The table is printed (pytest -s) and written to test-results/readability-es.txt;
the prose that was measured goes to test-results/readability-es/<page>.txt.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import Page, language_pages, prose_text

pytestmark = pytest.mark.site

MIN_SCORE = 70.0
MIN_MEAN = 75.0


@pytest.fixture(scope="module")
def textstat():
    import textstat as ts

    ts.set_lang("es")
    yield ts
    ts.set_lang("en_US")


def _measure(textstat, text: str) -> dict[str, float]:
    words = textstat.lexicon_count(text)
    sentences = textstat.sentence_count(text) if words else 0
    return {
        "words": words,
        "sentences": sentences,
        "wps": words / sentences if sentences else 0.0,
        "spw": textstat.syllable_count(text) / words if words else 0.0,
        "fh": textstat.fernandez_huerta(text) if words else 0.0,
    }


def test_spanish_guide_pages_are_plain_spanish(textstat, site_dir: Path, results_dir: Path):
    if not (site_dir / "es" / "sitemap.xml").is_file():
        pytest.fail("The Spanish site is not built: run `make site` (it builds both).")
    pages: list[Page] = language_pages(site_dir, "es", with_404=False)
    prose_dir = results_dir / "readability-es"
    prose_dir.mkdir(exist_ok=True)
    rows = []
    for page in pages:
        text = prose_text(page.file.read_text(encoding="utf-8"))
        slug = page.bare.strip("/").replace("/", "-") or "index"
        (prose_dir / f"{slug}.txt").write_text(text.replace(". ", ".\n") + "\n", encoding="utf-8")
        rows.append((page, _measure(textstat, text)))

    problems = []
    lines = [
        f"{'page':<24} {'kind':<6} {'words':>6} {'sent.':>6} {'w/sent':>7} "
        f"{'syl/w':>6} {'F-Huerta':>9}  result"
    ]
    graded = []
    for page, m in rows:
        if not page.is_guide:
            result = "measured only"
        elif m["words"] == 0:
            result = "no prose yet"
        else:
            graded.append(m)
            result = "ok"
            if m["fh"] < MIN_SCORE:
                result = f"{m['fh']:.1f} < {MIN_SCORE:g}"
                problems.append(f"{page.path}: Fernández-Huerta {result}")
        lines.append(
            f"{page.bare or '(home)':<24} {'guide' if page.is_guide else 'other':<6} "
            f"{m['words']:>6} {m['sentences']:>6} {m['wps']:>7.1f} {m['spw']:>6.2f} "
            f"{m['fh']:>9.1f}  {result}"
        )
    assert graded, "no Spanish guide page has any prose"
    mean = sum(m["fh"] for m in graded) / len(graded)
    words = sum(m["words"] for m in graded)
    sentences = sum(m["sentences"] for m in graded)
    lines.append(
        f"{'guide mean':<24} {'':<6} {words:>6} {sentences:>6} "
        f"{words / max(sentences, 1):>7.1f} {'':>6} {mean:>9.1f}  "
        f"(at least {MIN_MEAN:g}; mean of {len(graded)} pages' scores)"
    )
    if mean < MIN_MEAN:
        problems.append(f"guide mean Fernández-Huerta {mean:.1f} < {MIN_MEAN:g}")
    table = "\n".join(lines)
    (results_dir / "readability-es.txt").write_text(table + "\n", encoding="utf-8")
    print("\n" + table)
    assert not problems, (
        f"Plain-Spanish limits (Fernández-Huerta >= {MIN_SCORE:g} per guide page, "
        f">= {MIN_MEAN:g} on average):\n" + "\n".join(problems) + "\n\n" + table
    )
