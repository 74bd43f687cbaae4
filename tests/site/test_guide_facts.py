"""Every figure the guide states comes from facts.toml, and nowhere else.

- Building the site from a copy of the data file with every figure changed
  changes that figure on every page that states it.
- No guide page writes a dollar amount, percentage or day/week/month/year count
  by hand, or a bare number that is one of the figures in the data file.
- Reported figures carry a visible note; notes and source links point at
  anchors that exist; external links go only to official sources in the data.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from sitekit import article, page_html_path

from cp14 import facts

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DATA = ROOT / "src" / "cp14" / "data" / "facts.toml"
GUIDE_PAGES = sorted(p for p in DOCS.glob("*.md"))  # docs/tools/ is not part of the guide
VALUE_MACROS = ("fact", "num", "money", "pct", "fact_value")
CALL = re.compile(r"\{\{\s*(\w+)\(\s*\"([a-z0-9_]+)\"\s*(,[^)]*)?\)")

# Bare numbers that may appear in guide prose even though they equal a figure:
# (page, text around the number). Keep this list short and explain each entry.
ALLOWED_NUMBERS: set[tuple[str, str]] = set()


def value_calls(md_text: str) -> set[str]:
    """Facts a page states through a value macro, for the latest value (no ``on=``)."""
    return {
        name
        for macro, name, extra in CALL.findall(md_text)
        if macro in VALUE_MACROS and not (extra and "on=" in extra)
    }


def note_calls(md_text: str) -> set[str]:
    """Facts a page gives a note for (``fact_note`` takes one or more names)."""
    names: set[str] = set()
    for args in re.findall(r"\{\{\s*fact_note\(([^)]*)\)", md_text):
        if "on=" not in args:
            names.update(re.findall(r'"([a-z0-9_]+)"', args))
    return names


def build_site(dest: Path, facts_file: Path | None = None) -> None:
    env = dict(os.environ)
    if facts_file is not None:
        env["CP14_FACTS_FILE"] = str(facts_file)
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]


# ---------------------------------------------------------------- one change, every page


def sentinel_for(index: int) -> int:
    # Large, distinct, and not a value, year or form number that appears anywhere.
    return 913_000 + 37 * index


@pytest.fixture(scope="module")
def patched_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The site built from a copy of facts.toml where every fact has a new, odd value."""
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    extra = []
    sentinels: dict[str, int] = {}
    for i, (name, spec) in enumerate(sorted(raw["facts"].items())):
        latest = max(spec["values"], key=lambda v: v["from"])
        sentinels[name] = sentinel_for(i)
        extra.append(
            f"\n[[facts.{name}.values]]\n"
            f"from = 2100-01-01\n"
            f'value = "{sentinels[name]}"\n'
            f'source = "{latest["source"]}"\n'
            f'status = "{latest["status"]}"\n'
            f"checked = {latest['checked']}\n"
        )
    tmp = tmp_path_factory.mktemp("patched")
    patched = tmp / "facts.toml"
    patched.write_text(DATA.read_text(encoding="utf-8") + "".join(extra), encoding="utf-8")
    site = tmp / "site"
    build_site(site, patched)
    return site, sentinels


@pytest.mark.site
def test_changing_a_figure_changes_every_page_that_states_it(patched_site):
    site, sentinels = patched_site
    checked = 0
    for md in GUIDE_PAGES:
        used = value_calls(md.read_text(encoding="utf-8"))
        body = article(page_html_path(site, md).read_text(encoding="utf-8"))
        for name in sorted(used):
            v = sentinels[name]
            assert str(v) in body or f"{v:,}" in body, f"{md.name}: {name} did not change"
            checked += 1
    assert checked > 40, "too few figures found in the guide pages"


@pytest.mark.site
def test_every_fact_and_source_is_listed_on_the_sources_page(patched_site):
    site, sentinels = patched_site
    body = (site / "sources" / "index.html").read_text(encoding="utf-8")
    for name, v in sentinels.items():
        assert f'id="fact-{name}"' in body
        assert f"{v:,}" in body, f"sources page does not show the new value of {name}"
    for key in facts.sources():
        assert f'id="src-{key}"' in body


# ---------------------------------------------------------------- nothing by hand

HAND_WRITTEN = [
    ("a dollar amount", re.compile(r"\$\s?\d")),
    ("a percentage", re.compile(r"\d\s?(?:%|percent\b)", re.I)),
    (
        "a count of days, weeks, months or years",
        re.compile(
            r"\b\d[\d,.]*\s*-?\s*(?:calendar\s+|business\s+)?(?:day|week|month|year)s?\b", re.I
        ),
    ),
    (
        "a count written in words",
        re.compile(
            r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
            r"|twenty-one|thirty|forty|fifty|sixty|ninety|hundred)"
            r"[\s-]+(?:calendar\s+|business\s+)?(?:day|week|month|year)s?\b",
            re.I,
        ),
    ),
]
BARE_NUMBER = re.compile(r"(?<![\w.,$/-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w%/-]|[.,]\d)")


def prose(md_text: str) -> str:
    """The page text a reader sees, minus macros, template tags and link targets."""
    text = re.sub(r"\{\{.*?\}\}", " ", md_text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\{[^}]*\.md-button[^}]*\}", " ", text)
    text = re.sub(r"^\s*\d+\.\s", " ", text, flags=re.M)  # ordered-list markers
    return text


def figure_values() -> set[str]:
    values = set()
    for rows in facts.load()["facts"].values():
        for row in rows:
            n = row.number
            values.add(str(n))
            if isinstance(n, int):
                values.add(f"{n:,}")
    return values


@pytest.mark.parametrize("md", GUIDE_PAGES, ids=lambda p: p.name)
def test_no_page_writes_a_figure_by_hand(md):
    text = prose(md.read_text(encoding="utf-8"))
    problems = []
    for what, pattern in HAND_WRITTEN:
        for m in pattern.finditer(text):
            problems.append(f"{what}: {text[max(0, m.start() - 30) : m.end() + 10]!r}")
    values = figure_values()
    for m in BARE_NUMBER.finditer(text):
        around = text[max(0, m.start() - 25) : m.end() + 25]
        if m.group() in values and (md.name, around.strip()) not in ALLOWED_NUMBERS:
            problems.append(f"the figure {m.group()} written by hand: {around!r}")
    assert not problems, "use a macro from hooks/macros.py instead:\n" + "\n".join(problems)


def test_the_hand_written_check_catches_figures():
    text = prose(
        "Pay within 21 calendar days. The fee is $22. It is 0.5% a month. "
        "You have thirty days. Balances under 100,000 qualify. "
        'But {{ money("short_term_plan_fee") }} is fine, and so is Form 9465.'
    )
    found = [what for what, p in HAND_WRITTEN if p.search(text)]
    assert len(found) == 4
    numbers = {m.group() for m in BARE_NUMBER.finditer(text)} & figure_values()
    assert numbers == {"21", "100,000"}


# ---------------------------------------------------------------- status, anchors, links


@pytest.mark.parametrize("md", GUIDE_PAGES, ids=lambda p: p.name)
def test_reported_figures_carry_a_visible_note(md):
    text = md.read_text(encoding="utf-8")
    missing = [
        name
        for name in sorted(value_calls(text))
        if facts.fact(name).status == "reported" and name not in note_calls(text)
    ]
    assert not missing, f"{md.name}: add fact_note() next to {missing}"


@pytest.mark.site
def test_reported_notes_say_reported_in_words(site_dir):
    for md in GUIDE_PAGES:
        text = md.read_text(encoding="utf-8")
        if any(facts.fact(n).status == "reported" for n in note_calls(text)):
            body = article(page_html_path(site_dir, md).read_text(encoding="utf-8"))
            assert re.search(
                r'<strong class="fact-status">reported</strong>, seen so far only', body
            ), md.name
            assert '<span class="fact-flag">reported</span>' in body, md.name


@pytest.mark.site
def test_links_to_the_sources_page_hit_an_anchor(site_dir):
    sources_html = (site_dir / "sources" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', sources_html))
    for md in GUIDE_PAGES:
        body = article(page_html_path(site_dir, md).read_text(encoding="utf-8"))
        leftover = re.search(r"\]\([^)\s]*\.md\b", body)
        assert not leftover, f"{md.name}: a Markdown link was not converted: {leftover.group()}"
        for target in re.findall(r'href="(?:\.\./)?(?:sources/)?#((?:src|fact)-[^"]+)"', body):
            assert target in ids, f"{md.name}: #{target} is not on the sources page"


@pytest.mark.site
def test_external_links_go_only_to_official_sources_in_the_data(site_dir):
    official = {s.url for s in facts.sources().values() if s.official}
    for md in GUIDE_PAGES:
        body = article(page_html_path(site_dir, md).read_text(encoding="utf-8"))
        for href in re.findall(r'<a\b[^>]*\bhref="(https?://[^"]+)"', body):
            assert html.unescape(href) in official, f"{md.name}: {href} is not an official source"


# ---------------------------------------------------------------- rows the review added


def test_the_rows_the_review_asked_for_are_in_the_data():
    data = facts.load()["facts"]
    passport = {r.start.year: r for r in data["passport_debt_threshold"]}
    assert passport[2026].value == 66000 and passport[2026].status == "reported"
    online_other = {r.start.isoformat(): r for r in data["installment_fee_online_other"]}
    assert online_other["2022-08-25"].value == 130
    assert online_other["2022-08-25"].status == "confirmed" and online_other["2022-08-25"].as_of
    oic = facts.fact("oic_application_fee")
    assert (oic.value, oic.status, oic.source.key) == (205, "confirmed", "td-9894")
    assert oic.start.isoformat() == "2020-04-27" and not oic.as_of
    assert "irc-6159" in {s.key for s in facts.fact("installment_fee_low_income").also}
    for key in ("irc-7508a", "irs-disaster-relief", "irc-6402", "cfr-301-6651-1", "us-v-boyle"):
        assert key in facts.sources(), key


@pytest.mark.site
def test_a_changed_official_fee_changes_the_fee_table(patched_site):
    """The table's official column reads the latest confirmed row, not a fixed date."""
    site, sentinels = patched_site
    body = article((site / "cant-pay" / "index.html").read_text(encoding="utf-8"))
    for name in (
        "installment_fee_online_direct_debit",
        "installment_fee_online_other",
        "installment_fee_phone_direct_debit",
        "installment_fee_phone_other",
    ):
        # The sentinel row copies the latest row's status ("reported"), so it lands in
        # the right-hand column, and the official column keeps the confirmed figure.
        assert f"${sentinels[name]:,}" in body, name
        confirmed = [r for r in facts.load()["facts"][name] if r.status == "confirmed"][-1]
        assert f"${int(confirmed.value):,}" in body, name


@pytest.mark.site
def test_notes_sit_at_the_end_of_the_page_under_a_question(site_dir):
    for md in GUIDE_PAGES:
        text = md.read_text(encoding="utf-8")
        if "fact_note(" not in text and "cite(" not in text:
            continue
        body = article(page_html_path(site_dir, md).read_text(encoding="utf-8"))
        heading = body.find('id="page-sources"')
        assert heading != -1, f"{md.name}: no notes heading"
        assert body.find('class="footnote"') > heading, md.name
        refs = re.findall(r'href="#fn:(fact-\d+)"', body)
        notes = set(re.findall(r'<li id="fn:(fact-\d+)"', body))
        assert refs and set(refs) == notes, md.name
