"""An annotated sample CP14, drawn as inline SVG, for the guide and the tools.

``sample_notice_html()`` returns one ``<figure>``: the picture (every name, number
and address on it is made up, and it says SAMPLE), the numbered callouts explained
in words, a caption that says a real notice can look different, and a text version
of the whole sample.

The drawing is made of parts (the top left, the top right, the amount due, the
billing summary, the rest of page 1, the payment stub). Each part has one or more
views, the rectangles of the page it covers, and the callouts that point into it.
The same drawing is written out twice from one source:

- the whole page, one SVG, for wide screens and for print; the callouts are listed
  beside or under it;
- part by part, for a narrow column (a phone): each view is its own small SVG that
  shows only that rectangle of the page, at a scale where every text on it is at
  least 10 CSS px, and the callouts of the part follow right under it.

Which of the two shows is decided in docs/stylesheets/site.css by the width of the
figure (a container query), so the same page works in the guide's wide column, in
the letter tool's narrow one and on a phone.

The picture takes its colours from the page (Material's CSS variables and
``currentColor``, see ``.cp14-sample`` in docs/stylesheets/site.css), so it works in
the light and the dark scheme and prints in black on white. It has no ``style``
attribute and loads nothing: the pages' Content-Security-Policy allows neither.

The dates on the sample follow the rule in the data file: the pay-by date is the
notice date plus the window the caller passes in.
"""

from __future__ import annotations

import html
import importlib.util
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from cp14.i18n import current
from cp14.letters.model import long_date


def _web_i18n():  # noqa: ANN202
    """hooks/web_i18n.py (the hooks are files, not a package)."""
    path = Path(__file__).resolve().parent / "web_i18n.py"
    spec = importlib.util.spec_from_file_location("cp14_hooks_web_i18n", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The words around the picture (callouts, text version, caption) are in the page's
# language; the picture itself is a notice as the IRS prints it, in English, and a
# page in another language marks it so (lang="en").
_web = _web_i18n()
_ = _web._
N_ = _web.N_

# The made-up notice. The amounts add up: 4,310.00 - 2,000.00 + 69.30 + 70.87 = 2,450.17.
NOTICE_DATE = date(2026, 6, 1)
TAX_YEAR = "2025"
PHONE = "800-555-0100"  # 555-01xx numbers are set aside for fiction
SSN = "XXX-XX-0000"
IRS_ADDRESS = (
    "Department of the Treasury",
    "Internal Revenue Service",
    "Sample City ST 00000-0000",
)
TAXPAYER = ("JORDAN Q SAMPLE", "123 EXAMPLE ST", "ANYTOWN ST 00000-0000")
SUMMARY = (
    ("Tax on your return", "$4,310.00"),
    ("Payments and credits", "-$2,000.00"),
    ("Failure-to-pay penalty", "$69.30"),
    ("Interest charges", "$70.87"),
)
AMOUNT_DUE = "$2,450.17"

# The page, in the drawing's units. A part's view is shown on a phone at the width of
# the column; every view is VIEW_WIDTH units wide, so every part shows at one scale.
PAGE_WIDTH = 612
PAGE_HEIGHT = 800
VIEW_WIDTH = 300
# The smallest font size in the drawing, in its units (the CSS classes set the sizes;
# tests/site/test_sample_notice.py measures what the browser renders).
SMALLEST_TEXT = 11
# The left and right columns of the page: where a view starts.
LEFT = 3
RIGHT = PAGE_WIDTH - VIEW_WIDTH - 4


class Callout(NamedTuple):
    number: int
    name: str
    where: str
    meaning: str
    # Where the numbered marker sits, and the box it draws around its part.
    x: int
    y: int
    box: tuple[int, int, int, int]


CALLOUTS = (
    Callout(
        1,
        N_("IRS address"),
        N_("Top left."),
        N_(
            "The IRS office that sent the notice. If you write about the bill, use the address "
            "on your notice, not the one where you file your return."
        ),
        24,
        60,
        (36, 44, 250, 52),
    ),
    Callout(
        2,
        N_("Notice number"),
        N_("Top right."),
        N_(
            "It should say CP14, CP14I or CP14H. Look it up on IRS.gov to check that the "
            "notice is real."
        ),
        348,
        66,
        (362, 54, 236, 22),
    ),
    Callout(
        3,
        N_("Tax year"),
        N_("Top right, under the notice number."),
        N_("The year of the tax return that this bill is about."),
        348,
        90,
        (362, 78, 236, 22),
    ),
    Callout(
        4,
        N_("Notice date"),
        N_("Top right."),
        N_("The date of the notice. Your time to pay counts from this date."),
        348,
        114,
        (362, 102, 236, 22),
    ),
    Callout(
        5,
        N_("Phone number"),
        N_("Top right, under \u201cTo contact us\u201d."),
        N_("The IRS number to call about this bill. Use it, not a number from an email or a text."),
        348,
        162,
        (362, 150, 236, 22),
    ),
    Callout(
        6,
        N_("Amount due"),
        N_("In the box on the right."),
        N_("What the IRS says you owe now: tax, penalties and interest together."),
        348,
        244,
        (362, 204, 236, 56),
    ),
    Callout(
        7,
        N_("Pay-by date"),
        N_("Under the amount due."),
        N_("Pay the full amount by this date to stop more interest. Treat it as your deadline."),
        348,
        284,
        (362, 266, 236, 32),
    ),
    Callout(
        8,
        N_("Billing summary"),
        N_("Middle of the page."),
        N_(
            "How the amount adds up: the tax, the payments the IRS counted, the penalties and "
            "the interest. Check each line against your own records."
        ),
        24,
        352,
        (36, 334, 264, 146),
    ),
    Callout(
        9,
        N_("Payment stub"),
        N_("Bottom of the page."),
        N_(
            "Tear it off and mail it with your check or money order, in the envelope that came "
            "with the notice."
        ),
        24,
        650,
        (36, 630, 562, 150),
    ),
)
BY_NUMBER = {c.number: c for c in CALLOUTS}


class View(NamedTuple):
    """One rectangle of the page, in the drawing's units, and what is drawn in it."""

    key: str
    x: int
    y: int
    height: int
    draw: Callable[[str], list[str]]  # the pay-by date, written out -> SVG elements


class Part(NamedTuple):
    key: str
    label: str  # names the part for a screen reader ("the top left of the sample")
    views: tuple[View, ...]
    callouts: tuple[int, ...]
    # the pay-by date, as the notice prints it -> the part in words: a sentence in the
    # page's language and the notice's words it quotes ({placeholders} -> quotes)
    words: Callable[[str], tuple[str, dict[str, str]]]

    def text(self, due: str) -> str:
        """The part in words, as plain text."""
        sentence, quotes = self.words(due)
        return sentence.format(**quotes)

    def as_html(self, due: str) -> str:
        """The part in words as HTML: on a page in another language than English, the
        notice's words it quotes are marked as English (lang="en")."""
        sentence, quotes = self.words(due)
        if current() == "en":
            return html.escape(sentence.format(**quotes))
        marked = {k: f'<span lang="en">{html.escape(v)}</span>' for k, v in quotes.items()}
        return html.escape(sentence).format(**marked)


def _text(x: float, y: float, text: str, cls: str = "sn-text", anchor: str = "") -> str:
    a = f' text-anchor="{anchor}"' if anchor else ""
    return f'<text x="{x}" y="{y}" class="{cls}"{a}>{html.escape(text)}</text>'


def _bars(x: int, y: int, widths: tuple[int, ...], step: int = 12) -> str:
    """Grey lines that stand for the notice's paragraphs (nothing to read there)."""
    return "".join(
        f'<rect x="{x}" y="{y + i * step}" width="{w}" height="5" rx="2" class="sn-bar"/>'
        for i, w in enumerate(widths)
    )


# ---------------------------------------------------------------- what each view draws


def _top_left(due: str) -> list[str]:
    return [
        _text(40, 25, "SAMPLE \u2014 NOT A REAL NOTICE", "sn-text sn-strong"),
        _text(40, 60, IRS_ADDRESS[0], "sn-text sn-small"),
        _text(40, 75, IRS_ADDRESS[1], "sn-text sn-small sn-strong"),
        _text(40, 90, IRS_ADDRESS[2], "sn-text sn-small"),
        _text(40, 140, TAXPAYER[0], "sn-text sn-small"),
        _text(40, 155, TAXPAYER[1], "sn-text sn-small"),
        _text(40, 170, TAXPAYER[2], "sn-text sn-small"),
    ]


DETAILS = (
    ("Notice", "CP14"),
    ("Tax year", TAX_YEAR),
    ("Notice date", long_date(NOTICE_DATE)),
    ("Social Security number", SSN),
    ("To contact us", PHONE),
    ("Page", "1 of 4"),
)


def _top_right(due: str) -> list[str]:
    out = [
        _text(590, 25, "MADE-UP NAME AND NUMBERS", "sn-text sn-strong", "end"),
        '<rect x="362" y="46" width="236" height="152" rx="3" class="sn-box"/>',
    ]
    for i, (label, value) in enumerate(DETAILS):
        y = 70 + 24 * i
        out.append(_text(370, y, label, "sn-text sn-small"))
        out.append(_text(590, y, value, "sn-text sn-small sn-strong", "end"))
    return out


def _heading(due: str) -> list[str]:
    return [
        _text(40, 222, f"You owe tax for {TAX_YEAR}", "sn-text sn-heading"),
        _bars(40, 240, (256, 236, 248, 170)),
    ]


def _amount(due: str) -> list[str]:
    return [
        '<rect x="362" y="206" width="236" height="90" rx="3" class="sn-box sn-box--strong"/>',
        _text(370, 228, "Amount due", "sn-text sn-small"),
        _text(590, 254, AMOUNT_DUE, "sn-text sn-amount", "end"),
        _text(370, 288, f"Pay by {due}", "sn-text sn-strong"),
    ]


def _summary(due: str) -> list[str]:
    out = [_text(40, 354, "Billing summary", "sn-text sn-strong")]
    y = 378
    for label, amount in SUMMARY:
        out.append(_text(44, y, label, "sn-text sn-small"))
        out.append(_text(294, y, amount, "sn-text sn-small", "end"))
        y += 20
    out += [
        f'<line x1="40" y1="{y - 10}" x2="296" y2="{y - 10}" class="sn-rule"/>',
        _text(44, y + 6, f"Amount due by {due}", "sn-text sn-small sn-strong"),
        _text(294, y + 6, AMOUNT_DUE, "sn-text sn-small sn-strong", "end"),
    ]
    return out


def _to_do(due: str) -> list[str]:
    return [
        _text(362, 354, "What you need to do", "sn-text sn-strong"),
        _bars(362, 370, (230, 210, 236, 150, 220, 200, 120)),
    ]


def _cant_pay(due: str) -> list[str]:
    return [
        _text(40, 520, "If you can't pay the full amount", "sn-text sn-strong"),
        _bars(40, 536, (256, 240, 250, 150)),
    ]


def _stub_left(due: str) -> list[str]:
    return [
        _text(40, 608, "Detach here and return with your payment", "sn-text sn-small"),
        _text(40, 654, "Notice CP14", "sn-text sn-small sn-strong"),
        _text(40, 670, f"Tax year {TAX_YEAR}", "sn-text sn-small"),
        _text(40, 686, f"Notice date {long_date(NOTICE_DATE)}", "sn-text sn-small"),
        _text(40, 702, SSN, "sn-text sn-small"),
        _text(40, 730, TAXPAYER[0], "sn-text sn-small"),
        _text(40, 745, TAXPAYER[1], "sn-text sn-small"),
        _text(40, 760, TAXPAYER[2], "sn-text sn-small"),
    ]


def _stub_right(due: str) -> list[str]:
    return [
        '<rect x="330" y="640" width="268" height="62" rx="3" class="sn-box"/>',
        _text(338, 660, f"Amount due by {due}", "sn-text sn-small"),
        _text(590, 690, AMOUNT_DUE, "sn-text sn-strong", "end"),
        _text(338, 720, "Pay to: United States Treasury", "sn-text sn-small"),
        _text(338, 745, "INTERNAL REVENUE SERVICE", "sn-text sn-small"),
        _text(338, 760, "SAMPLE CITY ST 00000-0000", "sn-text sn-small"),
    ]


# ---------------------------------------------------------------- the parts, in reading order


# The text version says in the page's language what each part shows, and quotes the
# notice's own words as the IRS prints them (in English): each function gives its
# sentence with {placeholders} and the quotes that fill them.
Words = tuple[str, dict[str, str]]


def _summary_words(due: str) -> Words:
    lines = ". ".join(f"{label} {amount.replace('-$', 'minus $')}" for label, amount in SUMMARY)
    # i18n: the text version of callout 8; {lines} and {total} quote the notice.
    text = _("Callout 8, billing summary: {lines}. {total}.")
    return text, {"lines": lines, "total": f"Amount due by {due}: {AMOUNT_DUE}"}


def _top_left_words(due: str) -> Words:
    # i18n: the text version of the sample's top left; {irs} and {taxpayer} quote it.
    text = _(
        "Top left, callout 1, IRS address: {irs}. Below it, the taxpayer's name and "
        "address: {taxpayer}."
    )
    return text, {"irs": ", ".join(IRS_ADDRESS), "taxpayer": ", ".join(TAXPAYER)}


def _top_right_words(due: str) -> Words:
    # i18n: {notice}, {date} and {contact} quote the notice; {year} and {ssn} are figures.
    text = _(
        "Top right, in a box: callout 2, notice number: {notice}. Callout 3, tax year: "
        "{year}. Callout 4, notice date: {date}. Social Security number {ssn}. Callout 5, "
        "phone number: {contact}. Page 1 of 4."
    )
    return text, {
        "notice": "Notice CP14",
        "year": TAX_YEAR,
        "date": long_date(NOTICE_DATE),
        "ssn": SSN,
        "contact": f"To contact us, {PHONE}",
    }


def _amount_words(due: str) -> Words:
    # i18n: {heading} and {pay_by} quote the notice; {amount} is the amount due.
    text = _(
        "A heading: {heading}, then a paragraph. In a box on the right: callout 6, amount "
        "due: {amount}. Callout 7, pay-by date: {pay_by}."
    )
    return text, {
        "heading": f"You owe tax for {TAX_YEAR}",
        "amount": AMOUNT_DUE,
        "pay_by": f"Pay by {due}",
    }


def _rest_words(due: str) -> Words:
    # i18n: {todo} and {cant_pay} are the notice's headings, quoted.
    text = _("Paragraphs headed {todo}, and {cant_pay}.")
    return text, {"todo": "What you need to do", "cant_pay": "If you can't pay the full amount"}


def _stub_words(due: str) -> Words:
    # i18n: {detach}, {stub}, {box}, {pay_to} and {address} quote the payment stub.
    text = _(
        "A dashed line: {detach}. Below it, callout 9, payment stub: {stub}, and the "
        "taxpayer's name and address. In a box: {box}. {pay_to}. The IRS payment "
        "address: {address}."
    )
    return text, {
        "detach": "Detach here and return with your payment",
        "stub": f"Notice CP14, tax year {TAX_YEAR}, notice date {long_date(NOTICE_DATE)}, {SSN}",
        "box": f"Amount due by {due}, {AMOUNT_DUE}",
        "pay_to": "Pay to: United States Treasury",
        "address": "Internal Revenue Service, Sample City ST 00000-0000",
    }


PARTS = (
    Part(
        "top-left",
        N_("The top left of the sample notice"),
        (View("top-left", LEFT, 2, 182, _top_left),),
        (1,),
        _top_left_words,
    ),
    Part(
        "top-right",
        N_("The top right of the sample notice"),
        (View("top-right", RIGHT, 2, 204, _top_right),),
        (2, 3, 4, 5),
        _top_right_words,
    ),
    Part(
        "amount",
        N_("The heading and the amount due on the sample notice"),
        (View("heading", LEFT, 200, 92, _heading), View("amount", RIGHT, 196, 110, _amount)),
        (6, 7),
        _amount_words,
    ),
    Part(
        "summary",
        N_("The billing summary on the sample notice"),
        (View("summary", LEFT, 326, 162, _summary),),
        (8,),
        _summary_words,
    ),
    Part(
        "rest",
        N_("The rest of page 1 of the sample notice"),
        (View("to-do", RIGHT, 334, 122, _to_do), View("cant-pay", LEFT, 500, 90, _cant_pay)),
        (),
        _rest_words,
    ),
    Part(
        "stub",
        N_("The payment stub of the sample notice"),
        (
            View("stub-left", LEFT, 592, 206, _stub_left),
            View("stub-right", RIGHT, 624, 174, _stub_right),
        ),
        (9,),
        _stub_words,
    ),
)

BAND_WORDS = N_(
    "A band across the top says: Sample, not a real notice, made-up name and numbers. "
    "The word SAMPLE is also printed across the page."
)

# Under every view: the paper, the band across the top and the cut line above the stub
# (a view shows the piece of each that falls inside it).
PAPER = (
    f'<rect x="6" y="6" width="{PAGE_WIDTH - 12}" height="{PAGE_HEIGHT - 12}" rx="6" '
    'class="sn-paper"/>'
    f'<rect x="6" y="6" width="{PAGE_WIDTH - 12}" height="28" rx="6" class="sn-band"/>'
    f'<line x1="6" y1="616" x2="{PAGE_WIDTH - 6}" y2="616" class="sn-rule sn-cut"/>'
)


def _watermark(cx: float, cy: float, size: int, angle: int) -> str:
    return (
        f'<text x="{cx}" y="{cy + size * 0.35:g}" class="sn-watermark" text-anchor="middle" '
        f'font-size="{size}" transform="rotate({angle} {cx} {cy})">SAMPLE</text>'
    )


MARKER_RADIUS = 11


def _inside(c: Callout, view: View | None) -> bool:
    """Whether the callout's numbered marker lies wholly in the view (None: the page)."""
    if view is None:
        return True
    r = MARKER_RADIUS
    return (
        view.x <= c.x - r
        and c.x + r <= view.x + VIEW_WIDTH
        and view.y <= c.y - r
        and c.y + r <= view.y + view.height
    )


def _marks(numbers: tuple[int, ...], view: View | None = None) -> list[str]:
    """The callouts: a dashed box around each part (a view shows the piece of it that
    falls inside) and a numbered marker on top (in the one view it sits in)."""
    boxes = [
        f'<rect x="{bx}" y="{by}" width="{bw}" height="{bh}" rx="4" class="sn-mark"/>'
        for bx, by, bw, bh in (BY_NUMBER[n].box for n in numbers)
    ]
    markers = [
        f'<g class="sn-callout"><circle cx="{c.x}" cy="{c.y}" r="{MARKER_RADIUS}"/>'
        f'<text x="{c.x}" y="{c.y + 5}" text-anchor="middle">{c.number}</text></g>'
        for c in (BY_NUMBER[n] for n in numbers)
        if _inside(c, view)
    ]
    return boxes + markers


def _drawing(elements: list[str]) -> list[str]:
    """The notice's own words, as the IRS prints them (English): marked so on a page
    in another language."""
    if current() == "en":
        return elements
    return ['<g lang="en">', *elements, "</g>"]


def sample_svg(id_prefix: str, pay_by: date) -> str:
    """The whole picture: a one-page CP14 with its payment stub, and numbered markers."""
    due = long_date(pay_by)
    title = _("A sample CP14 notice, made up for this site, with {n} numbered callouts")
    drawing = [PAPER, _watermark(PAGE_WIDTH / 2, 470, 140, -32)]
    for part in PARTS:
        for view in part.views:
            drawing += view.draw(due)
    parts = [
        f'<svg class="cp14-sample__svg" viewBox="0 0 {PAGE_WIDTH} {PAGE_HEIGHT}" role="img" '
        f'aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-alt" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="{id_prefix}-title">{html.escape(title.format(n=len(CALLOUTS)))}</title>',
        *_drawing(drawing),
    ]
    parts += _marks(tuple(c.number for c in CALLOUTS))
    parts.append("</svg>")
    return "".join(parts)


def view_svg(id_prefix: str, part: Part, view: View, due: str) -> str:
    """One view of a part: the same drawing, cut to the view's rectangle."""
    vid = f"{id_prefix}-view-{view.key}"
    where = ""
    if len(part.views) > 1:
        # i18n: after a part's name: which of its pictures this is ("…, 1 of 2").
        where = _(", {n} of {total}").format(n=part.views.index(view) + 1, total=len(part.views))
    # Each piece says SAMPLE too, as the whole page does.
    size = min(56, round(view.height * 0.55))
    return (
        f'<svg class="cp14-sample__svg cp14-sample__view" '
        f'viewBox="{view.x} {view.y} {VIEW_WIDTH} {view.height}" role="img" '
        f'aria-labelledby="{vid}-title" aria-describedby="{id_prefix}-alt-{part.key}" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">'
        f'<title id="{vid}-title">{html.escape(_(part.label))}{html.escape(where)}</title>'
        + "".join(
            _drawing(
                [
                    PAPER,
                    _watermark(view.x + VIEW_WIDTH / 2, view.y + view.height / 2, size, -12),
                    *view.draw(due),
                ]
            )
        )
        + "".join(_marks(part.callouts, view))
        + "</svg>"
    )


def text_version(pay_by: date) -> list[str]:
    """Everything the picture shows, in reading order, with its callout numbers."""
    due = long_date(pay_by)
    return [_(BAND_WORDS)] + [part.text(due) for part in PARTS]


def _callout_item(p: str, c: Callout) -> str:
    return (
        f'<li id="{p}-callout-{c.number}"><strong>{html.escape(_(c.name))}.</strong> '
        f"{html.escape(_(c.where))} {html.escape(_(c.meaning))}</li>"
    )


def sample_notice_html(
    id_prefix: str = "sample", compact: bool = False, window_days: int = 21
) -> str:
    """The annotated sample as one ``<figure>``; ``id_prefix`` keeps its ids unique.

    ``compact`` always puts the callouts under the picture (for a narrow column).
    ``window_days`` is the time to pay from the notice date (callers pass the
    figure from the data file), so the sample's pay-by date follows the rule.
    """
    p = html.escape(id_prefix, quote=True)
    pay_by = NOTICE_DATE + timedelta(days=window_days)
    due = long_date(pay_by)
    pieces = []
    for part in PARTS:
        views = "".join(view_svg(p, part, view, due) for view in part.views)
        listed = ""
        if part.callouts:
            items = "".join(_callout_item(p, BY_NUMBER[n]) for n in part.callouts)
            listed = f'<ol class="cp14-sample__callouts" start="{part.callouts[0]}">{items}</ol>'
        pieces.append(
            f'<div class="cp14-sample__part" id="{p}-part-{part.key}">'
            f'<div class="cp14-sample__views">{views}</div>{listed}</div>'
        )
    alt = f'<li id="{p}-alt-band">{html.escape(_(BAND_WORDS))}</li>' + "".join(
        f'<li id="{p}-alt-{part.key}">{part.as_html(due)}</li>' for part in PARTS
    )
    kind = " cp14-sample--compact" if compact else ""
    caption = _(
        "A made-up sample of a CP14. Every name, number and address on it is invented. A "
        "real notice can look different: look for the same words on yours."
    )
    return (
        f'<figure class="cp14-sample{kind}" id="{p}">'
        f'<div class="cp14-sample__layout">'
        f'<div class="cp14-sample__picture">{sample_svg(p, pay_by)}</div>'
        f'<div class="cp14-sample__parts" role="group" '
        f'aria-label="{html.escape(_("What the numbers on the sample point to"))}">'
        f"{''.join(pieces)}</div>"
        f"</div>"
        f"<figcaption>{html.escape(caption)}</figcaption>"
        f'<details class="cp14-sample__alt" id="{p}-alt">'
        f"<summary>{html.escape(_('Read the sample as text'))}</summary>"
        f"<ul>{alt}</ul></details>"
        f"</figure>"
    )
