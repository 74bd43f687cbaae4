"""Wording fixes that must not come back, and the home page's order on a phone.

Each pin names what was wrong: a stale or loose statement, a rendering slip, or a
pointer to something that is not there.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sitekit import article, page_html_path, prose_text

from cp14 import facts

ROOT = Path(__file__).resolve().parents[2]
GUIDE_PAGES = sorted((ROOT / "docs").glob("*.md"))


def page_text(site_dir: Path, md: Path) -> str:
    body = article(page_html_path(site_dir, md).read_text(encoding="utf-8"))
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


# Loose or wrong phrases, each with why it is wrong.
NEVER = {
    "big penalties": "First Time Abate needs no penalties at all (IRM 20.1.1.3.3.2.1)",
    "significant penalties": "First Time Abate needs no penalties at all",
    "% age points": "a percentage-points figure printed as a percent",
    "tip above": "the sources page lists sources, not tips",
    "not yet confirmed in an official source": "a note next to an IRS page must not call it "
    "unofficial",
    "In force from": "source dates belong in the notes at the end of the page",
    "You don't get it back if the IRS says no": "the offer payment is applied to the tax",
    "ten days after": "the 1% rate applies to each month that begins after the tenth day "
    "(IRC 6651(d)), not from ten days after the notice",
    "Last fee seen": "the fee table shows the fees in force now; older ones are history",
    "Fee reported now": "the fee table has one column of fees, not two rival ones",
    "Spanish CP14": "no Spanish-language CP14 was found in an IRS source",
}


@pytest.mark.site
@pytest.mark.parametrize("md", GUIDE_PAGES, ids=lambda p: p.name)
def test_no_page_uses_a_fixed_phrase(site_dir, md):
    text = page_text(site_dir, md)
    found = [f"{phrase!r}: {why}" for phrase, why in NEVER.items() if phrase in text]
    assert not found, f"{md.name}: " + "; ".join(found)


@pytest.mark.site
def test_the_sources_page_prints_percentage_points(site_dir):
    text = page_text(site_dir, ROOT / "docs" / "sources.md")
    margin = facts.fact("interest_rate_margin")
    assert f"{margin.number} percentage points" in text


@pytest.mark.site
def test_dates_first_seen_say_as_of(site_dir):
    """A row whose real start date is unknown is never shown as the day it started."""
    for md in GUIDE_PAGES:
        source = md.read_text(encoding="utf-8")
        text = page_text(site_dir, md)
        for name in re.findall(r'fact_note\(\s*"([a-z0-9_]+)"\s*\)', source):
            row = facts.fact(name)
            if row.as_of:
                day = f"{row.start:%B} {row.start.day}, {row.start.year}"
                assert f"as of {day}" in text, f"{md.name}: {name} should say as of {day}"


def test_as_of_rows_are_the_ones_the_review_named():
    for name in ("cp14_minimum_balance", "simple_plan_max_years", "litc_dispute_max"):
        assert facts.fact(name).as_of, name
    assert not facts.fact("interest_rate_margin").as_of
    assert facts.fact("interest_rate_margin").start.isoformat() == "1987-01-01"


@pytest.mark.site
def test_the_about_page_points_only_to_links_that_exist(site_dir):
    page = (site_dir / "about" / "index.html").read_text(encoding="utf-8")
    has_source_link = 'class="md-source"' in page
    says_so = "link to the project's code at the top of the page" in page_text(
        site_dir, ROOT / "docs" / "about.md"
    )
    assert says_so == has_source_link


@pytest.mark.site
def test_pages_state_the_reviewed_facts(site_dir):
    """The facts the review found missing are on the pages where readers decide."""
    expect = {
        "pay.md": ["Disaster Relief Notice", "refund", "county"],
        "cant-pay.md": ["refund", "puts it toward your tax", "don't owe the tax"],
        "ignore.md": ["payment plan", "innocent spouse", "Collection Due Process hearing"],
        "penalty-relief.md": ["no penalties at all", "late deposit", "wrong advice", "hardship"],
        "index.md": ["disaster area"],
    }
    for name, phrases in expect.items():
        html_text = page_html_path(site_dir, ROOT / "docs" / name).read_text(encoding="utf-8")
        text = " ".join(prose_text(html_text).split())
        for phrase in phrases:
            assert phrase in text, f"{name}: missing {phrase!r}"


FEE_ROWS = (
    "installment_fee_online_direct_debit",
    "installment_fee_online_other",
    "installment_fee_phone_direct_debit",
    "installment_fee_phone_other",
    "installment_fee_low_income_direct_debit",
    "installment_fee_low_income",
)


def cell_texts(row_html: str, tag: str = "td") -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", row_html, re.S)
    ]


@pytest.mark.site
def test_the_fee_table_shows_one_current_column_and_the_history_in_a_box(site_dir):
    """One answer per way of applying: the fee in force now, each with its note. Older
    fees are history, in a collapsed box, never a second column that reads as a rival."""
    body = article((site_dir / "cant-pay" / "index.html").read_text(encoding="utf-8"))
    assert body.count("<table>") == 1, "one table of fees, not two lists"
    table = re.search(r"<table>.*?</table>", body, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert len(cell_texts(rows[0], "th")) == 2, cell_texts(rows[0], "th")
    assert len(rows[1:]) == len(FEE_ROWS)
    data = facts.load()["facts"]
    for row, name in zip(rows[1:], FEE_ROWS, strict=True):
        cells = cell_texts(row)
        latest = data[name][-1]
        # "$22", then "reported" for a reported figure, then the note's number.
        flag = "reported" if latest.status == "reported" else ""
        assert re.fullmatch(rf"\${int(latest.value):,}{flag}\d+", cells[1]), (name, cells)
        assert 'class="footnote-ref"' in row, f"{name}: no note next to the fee"
    # No fee of an earlier schedule is in the table...
    older = {
        f"${int(r.value):,}"
        for name in FEE_ROWS
        for r in data[name][:-1]
        if r.value != data[name][-1].value
    }
    assert older, "the data should hold earlier fees"
    table_text = " ".join(cell_texts(table))
    assert not [f for f in older if re.search(re.escape(f) + r"(?!\d)", table_text)]
    # ...they are in the collapsed history box, with the dates they applied from.
    box = re.search(r'<details class="note">(.*?)</details>', body, re.S)
    assert box, "no collapsed box with the fee history"
    box_text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", box.group(1))).split())
    for fee in older:
        assert fee in box_text, f"{fee} is not in the history box"
    for when in ("January 1, 2017", "August 25, 2022", "July 1, 2024"):
        assert when in box_text, when
    assert "Last fee seen" not in body and "Fee reported now" not in body


@pytest.mark.site
def test_cant_pay_gives_the_fees_to_change_a_plan_and_counts_every_year(site_dir):
    text = page_text(site_dir, ROOT / "docs" / "cant-pay.md")
    text = " ".join(text.split())
    for name in ("plan_change_fee", "plan_change_fee_online", "plan_change_fee_low_income"):
        assert f"${int(facts.value(name)):,}" in text, name
    assert "restructuring or reinstating" in text
    assert "for every tax year, not just the bill on this notice" in text
    body = (site_dir / "cant-pay" / "index.html").read_text(encoding="utf-8")
    assert facts.sources()["irs-i9465-prior-years"].url in body


def section(body: str, anchor: str) -> str:
    """The HTML of one h2 section of an article: from its heading to the next h2."""
    start = body.index(f'id="{anchor}"')
    end = body.find("<h2", start)
    return body[start : end if end != -1 else len(body)]


def words(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def notes_of(body: str, fragment: str) -> str:
    """The notes (footnotes) that a part of the page points to, as HTML."""
    refs = re.findall(r'href="#fn:(fact-\d+)"', fragment)
    assert refs, "no notes in this part of the page"
    return " ".join(
        re.search(rf'<li id="fn:{ref}">(.*?)</li>', body, re.S).group(1) for ref in refs
    )


def url(key: str) -> str:
    return html.escape(facts.sources()[key].url, quote=True)


@pytest.mark.site
def test_is_it_real_names_the_three_notice_numbers(site_dir):
    body = article((site_dir / "is-it-real" / "index.html").read_text(encoding="utf-8"))
    part = section(body, "which-notice-numbers-are-real")
    text = words(part)
    for number in ("CP14.", "CP14I.", "CP14H."):
        assert number in text, number
    assert "IRA" in text and "tax years 2014 to 2018" in text
    assert "no late-payment penalty" in text
    notes = notes_of(body, part)
    for key in ("irs-cp14", "irs-cp14i", "irs-cp14h", "tas-cp14h"):
        assert url(key) in notes, key
    assert "CP14, CP14I or CP14H" in words(body)
    # The IRS's Spanish look-up page, not a Spanish notice that no source confirms.
    assert url("irs-notice-lookup-es") in body
    assert not re.search(r"CP14\s*\(SP\)|CP14 in Spanish|Spanish (?:version of the )?CP14", body)


@pytest.mark.site
def test_ignore_says_what_a_cp14h_does_not_bring(site_dir):
    body = article((site_dir / "ignore" / "index.html").read_text(encoding="utf-8"))
    part = section(body, "what-if-my-notice-says-cp14h")
    text = words(part)
    assert "There is no late-payment penalty." in text
    assert "may not file a lien or use a levy" in text
    assert "lien, levy and passport steps on this page don't apply" in text
    assert "refunds" in text and "Interest still grows" in text
    notes = notes_of(body, part)
    for key in ("irs-cp14h", "tas-cp14h", "irc-5000a"):
        assert url(key) in notes, key
    # It comes before the later letters, so a CP14H reader meets it first.
    assert body.index('id="what-if-my-notice-says-cp14h"') < body.index(
        'id="which-letters-come-next"'
    )


@pytest.mark.site
def test_the_levy_step_counts_months_that_begin_after_the_tenth_day(site_dir):
    text = words(
        section(
            article(
                page_html_path(site_dir, ROOT / "docs" / "ignore.md").read_text(encoding="utf-8")
            ),
            "does-the-penalty-go-up",
        )
    )
    days = facts.fact("levy_notice_grace_days").number
    rate = facts.fact("ftp_rate_after_levy_notice").number
    assert (
        f"each month that begins more than {days} days after the notice of intent to levy "
        f"costs {rate}% instead" in text
    ), text


@pytest.mark.site
def test_the_passport_text_does_not_call_the_latest_figure_current(site_dir):
    body = article((site_dir / "ignore" / "index.html").read_text(encoding="utf-8"))
    part = section(body, "can-i-lose-my-passport")
    outside_box = re.sub(r"<details\b.*?</details>", " ", part, flags=re.S)
    latest = facts.fact("passport_debt_threshold")
    figure = f"${int(latest.value):,}"
    sentences = [x for x in re.split(r"(?<=[.?!])\s+", words(outside_box)) if figure in x]
    assert sentences, "the latest figure is not stated"
    for sentence in sentences:
        assert f"For {latest.start.year}" in sentence, sentence
        assert not re.search(r"\b(?:now|current|currently|today|this year)\b", sentence), sentence
    assert "goes up each year" in words(outside_box)
    assert url("irs-passport") in outside_box, "point to the IRS page for the current figure"
    # Each year's figure is in the collapsed box, newest first.
    box = re.search(r"<details\b.*?</details>", part, re.S).group(0)
    years = [int(y) for y in re.findall(r"From (\d{4}): more than", words(box))]
    assert years == sorted(years, reverse=True) and years[0] == latest.start.year


@pytest.mark.site
def test_the_21_day_rule_is_dated_from_1997(site_dir):
    """The rule applies to notices given after December 31, 1996 (Pub. L. 104-168 § 303(c))."""
    for md in GUIDE_PAGES:
        if md.name == "sources.md":  # the law's own title names the day it was signed
            continue
        text = page_text(site_dir, md)
        assert "July 30, 1996" not in text and "1996-07-30" not in text, md.name
    home = " ".join(page_text(site_dir, ROOT / "docs" / "index.md").split())
    assert "in force from January 1, 1997" in home


@pytest.mark.site
def test_first_time_abate_says_which_earlier_penalties_count(site_dir):
    """IRM 20.1.1.3.3.2.1: a penalty reversed in full shows compliance, unless it was
    removed by First Time Abate (reported: the rule was seen only in copies)."""
    body = article((site_dir / "penalty-relief" / "index.html").read_text(encoding="utf-8"))
    part = section(body, "what-is-first-time-abate")
    text = words(part)
    assert "A penalty the IRS removed in full for another reason, such as reasonable cause" in text
    assert "a penalty that was removed by First Time Abate does count" in text
    if facts.fact("fta_clean_years").status == "reported":
        assert "reported" in text
    ask = words(section(body, "how-do-i-ask"))
    assert "by phone or by letter" in ask and "only if you tick" in ask
    assert url("irs-penalties") in notes_of(body, section(body, "how-do-i-ask"))


@pytest.mark.site
def test_joint_returns_explain_both_owing_and_the_two_spouse_forms(site_dir):
    body = article((site_dir / "check-the-amount" / "index.html").read_text(encoding="utf-8"))
    part = section(body, "do-we-both-owe-the-whole-bill")
    text = words(part)
    assert "each of you owes the whole balance" in text
    assert "on your own for innocent spouse relief" in text and "Form 8857" in text
    assert "only your spouse owes" in text and "Form 8379" in text
    for key in ("irc-6013", "irs-form-8857", "irs-form-8379", "irs-innocent-spouse"):
        assert url(key) in part or url(key) in notes_of(body, part), key
    dispute = article((site_dir / "dispute" / "index.html").read_text(encoding="utf-8"))
    assert "do-we-both-owe-the-whole-bill" in dispute


@pytest.mark.site
def test_the_dispute_page_describes_the_letter_as_it_is(site_dir):
    """The promise to pay and the enclosures are the reader's choice in the letter tool."""
    text = words(article((site_dir / "dispute" / "index.html").read_text(encoding="utf-8")))
    assert "If you mean it: that you will pay promptly" in text
    assert "the promise to pay goes in only if you tick it" in text
    assert "lists only the papers you tick" in text
    assert "Form 2848" in text


@pytest.mark.site
def test_the_disaster_section_says_which_dates_move(site_dir):
    body = article((site_dir / "pay" / "index.html").read_text(encoding="utf-8"))
    part = section(body, "what-if-i-live-in-a-disaster-area")
    text = words(part)
    assert "Only a date to pay that falls inside the postponement moves" in text
    assert "last day of the postponement" in text and "interest and penalties" in text
    assert url("cfr-301-7508a-1") in notes_of(body, part)
    assert "Disaster Relief Notice" in text  # what the section said before stays


@pytest.mark.site
@pytest.mark.parametrize("tool", ["deadlines", "plan"])
def test_the_tool_pages_state_the_rules_without_javascript(site_dir, tool):
    body = article((site_dir / "tools" / tool / "index.html").read_text(encoding="utf-8"))
    text = words(body)
    assert "return's due date" in text and "already counts each month" in text
    assert "CP14H" in text and "disaster postponement" in text.lower()
    assert url("cfr-301-7508a-1") in body and url("irs-cp14h") in body


@pytest.mark.site
def test_the_glossary_explains_the_new_words(site_dir):
    body = article((site_dir / "glossary" / "index.html").read_text(encoding="utf-8"))
    terms = [words(t) for t in re.findall(r"<dt>(.*?)</dt>", body, re.S)]
    for term in (
        "CP14H",
        "CP14I",
        "Disaster postponement",
        "Injured spouse",
        "Innocent spouse relief",
        "Power of attorney",
    ):
        assert term in terms, term
    assert terms == sorted(terms, key=str.lower), "glossary terms are in alphabetical order"
    assert "Form 2848" in words(body)


# ---------------------------------------------------------------- the home page on a phone

FIRST_SCREENS_PX = 1600


@pytest.mark.browser
def test_on_a_phone_the_urgent_things_come_first(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url)
        tops = page.evaluate(
            """() => {
              const top = el => el ? Math.round(el.getBoundingClientRect().top + scrollY) : null;
              const a = document.querySelector('article');
              return {
                letter: top(a.querySelector('a.md-button[href$="tools/letter/"]')),
                deadlines: top(a.querySelector('a.md-button[href$="tools/deadlines/"]')),
                real: top(a.querySelector('#is-it-really-from-the-irs')),
                pay_by: top(a.querySelector('#when-do-i-have-to-pay')),
              };
            }"""
        )
    finally:
        context.close()
    for what, y in tops.items():
        assert y is not None, f"{what} is not on the home page"
        assert y < FIRST_SCREENS_PX, f"{what} starts at {y}px, below {FIRST_SCREENS_PX}px: {tops}"
