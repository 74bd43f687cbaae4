"""Target size (WCAG 2.2, 2.5.8): the note numbers in the guide's sentences and the
arrows back from the notes are at least 24 by 24 CSS px, and nothing else takes
those pixels.

Measured in Chromium on every page that has notes, in English and in Spanish, on a
phone and on a desktop (and the language switch at the top of the page, the same way):
each target's box (getBoundingClientRect), the boxes of every other link or control
on the page (none may overlap it), and what the browser hits at the target's centre
and at each corner of its box (document.elementFromPoint must give the target).
"""

from __future__ import annotations

import pytest
from sitekit import Page, language_pages

pytestmark = pytest.mark.browser

MIN_PX = 24
TARGETS = "article a.footnote-ref, article a.footnote-backref, a.cp14-lang__link"

MEASURE = """([targets, minPx]) => {
  // Notes inside a collapsed box are measured as a reader sees them: opened.
  for (const d of document.querySelectorAll('article details')) d.open = true;
  const others = [...document.querySelectorAll(
    'article a[href], article button, article summary, article input, article select, '
    + 'article textarea, article label')];
  const out = [];
  for (const a of document.querySelectorAll(targets)) {
    a.scrollIntoView({block: 'center'});
    // The arrow back from a note shows on hover; it is a target all the time.
    const r = a.getBoundingClientRect();
    const probes = [[r.left + r.width / 2, r.top + r.height / 2],
                    [r.left + 1, r.top + 1], [r.right - 1, r.top + 1],
                    [r.left + 1, r.bottom - 1], [r.right - 1, r.bottom - 1]];
    const missed = probes.filter(([x, y]) => {
      const hit = document.elementFromPoint(x, y);
      return !(hit && (hit === a || a.contains(hit)));
    });
    const overlaps = [];
    for (const o of others) {
      if (o === a || o.contains(a) || a.contains(o)) continue;
      for (const q of o.getClientRects()) {
        if (q.width && q.height && q.left < r.right - 0.5 && r.left < q.right - 0.5
            && q.top < r.bottom - 0.5 && r.top < q.bottom - 0.5) {
          overlaps.push(o.outerHTML.slice(0, 80));
        }
      }
    }
    out.push({what: a.className + ' ' + a.getAttribute('href'),
              width: r.width, height: r.height, rects: a.getClientRects().length,
              missed: missed.length, overlaps});
  }
  return out;
}"""


def pages_with_notes(pages: list[Page]) -> list[Page]:
    found = [p for p in pages if 'class="footnote-ref"' in p.file.read_text(encoding="utf-8")]
    assert found, "no page has notes: the guide cites its sources in notes"
    return found


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("width", [360, 1280], ids=["phone", "desktop"])
def test_note_numbers_and_back_arrows_are_24px_targets(
    browser, base_url, pages, site_dir, width, lang
):
    if lang != "en":
        pages = language_pages(site_dir, lang)
    context = browser.new_context(viewport={"width": width, "height": 800})
    origin = base_url.rstrip("/")[: -len("/cp14")]
    problems: list[str] = []
    counted = 0
    try:
        page = context.new_page()
        for site_page in pages_with_notes(pages):
            page.goto(origin + site_page.path)
            for t in page.evaluate(MEASURE, [TARGETS, MIN_PX]):
                counted += 1
                where = f"{site_page.path} {t['what']} at {width}px"
                if t["width"] < MIN_PX or t["height"] < MIN_PX:
                    problems.append(f"{where}: {t['width']:.1f} x {t['height']:.1f} px")
                if t["rects"] != 1:
                    problems.append(f"{where}: split over {t['rects']} boxes")
                if t["missed"]:
                    problems.append(f"{where}: {t['missed']} of 5 points hit something else")
                if t["overlaps"]:
                    problems.append(f"{where}: overlaps {t['overlaps']}")
    finally:
        context.close()
    assert counted, "no note numbers measured"
    assert not problems, "\n".join(problems)
