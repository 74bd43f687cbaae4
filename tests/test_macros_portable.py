"""hooks/macros.py uses only what every generator's macros give (MkDocs with
mkdocs-macros, and Zensical): the page's address (env.page.url), no page.file and no
hook before or after a page. So each page that has notes asks for them itself, on its
last line."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
MACROS = ROOT / "hooks" / "macros.py"
# The macros that add a note to the page.
NOTE_MACROS = re.compile(r"\{\{\s*(fact_note|cite)\(")


def _macros():
    spec = importlib.util.spec_from_file_location("cp14_hooks_macros_t", MACROS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("page", "target", "link"),
    [
        ("", "sources.md", "sources/"),
        ("cant-pay/", "sources.md", "../sources/"),
        ("tools/plan/", "sources.md", "../../sources/"),
        ("tools/plan/", "tools/letter.md", "../letter/"),
        ("cant-pay/", "index.md", "../"),
        ("", "index.md", "./"),
        ("sources/", "sources.md", "./"),
    ],
)
def test_links_go_by_address(page, target, link):
    assert _macros().relative_to_page(page, target) == link


def test_the_macros_use_no_generator_specific_hook():
    text = MACROS.read_text(encoding="utf-8")
    for name in ("page.file", "on_pre_page_macros", "on_post_page_macros", "env.markdown"):
        assert name not in text, name


def test_every_page_with_notes_asks_for_them_on_its_last_line():
    pages = sorted(p for p in DOCS.rglob("*.md") if NOTE_MACROS.search(p.read_text("utf-8")))
    assert pages, "no page has notes"
    for page in pages:
        last = page.read_text("utf-8").rstrip().splitlines()[-1].strip()
        assert last == "{{ page_notes() }}", page.relative_to(ROOT)
