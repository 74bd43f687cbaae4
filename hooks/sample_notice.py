"""An annotated sample CP14, drawn as inline SVG, for the guide and the tools.

``sample_notice_html()`` returns one ``<figure>``: the picture (every name, number
and address on it is made up, and it says SAMPLE), the numbered callouts explained
in words beside it (under it on a phone), a caption that says a real notice can
look different, and a text version of the whole sample.

The picture takes its colours from the page (Material's CSS variables and
``currentColor``, see ``.cp14-sample`` in docs/stylesheets/site.css), so it works in
the light and the dark scheme and prints in black on white. It has no ``style``
attribute and loads nothing: the pages' Content-Security-Policy allows neither.

The dates on the sample follow the rule in the data file: the pay-by date is the
notice date plus the window the caller passes in.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import NamedTuple

from cp14.letters.model import long_date

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
        "Notice number",
        "Top right.",
        "It should say CP14. Look it up on IRS.gov to check that the notice is real.",
        348,
        66,
        (362, 54, 236, 22),
    ),
    Callout(
        2,
        "Tax year",
        "Top right, under the notice number.",
        "The year of the tax return that this bill is about.",
        348,
        90,
        (362, 78, 236, 22),
    ),
    Callout(
        3,
        "Notice date",
        "Top right.",
        "The date of the notice. Your time to pay counts from this date.",
        348,
        114,
        (362, 102, 236, 22),
    ),
    Callout(
        4,
        "Phone number",
        "Top right, under \u201cTo contact us\u201d.",
        "The IRS number to call about this bill. Use it, not a number from an email or a text.",
        348,
        162,
        (362, 150, 236, 22),
    ),
    Callout(
        5,
        "IRS address",
        "Top left.",
        "The IRS office that sent the notice. If you write about the bill, use the address "
        "on your notice, not the one where you file your return.",
        24,
        60,
        (36, 44, 250, 52),
    ),
    Callout(
        6,
        "Amount due",
        "In the box on the right.",
        "What the IRS says you owe now: tax, penalties and interest together.",
        348,
        244,
        (362, 204, 236, 56),
    ),
    Callout(
        7,
        "Pay-by date",
        "Under the amount due.",
        "Pay the full amount by this date to stop more interest. Treat it as your deadline.",
        348,
        284,
        (362, 266, 236, 32),
    ),
    Callout(
        8,
        "Billing summary",
        "Middle of the page.",
        "How the amount adds up: the tax, the payments the IRS counted, the penalties and "
        "the interest. Check each line against your own records.",
        24,
        352,
        (36, 334, 300, 146),
    ),
    Callout(
        9,
        "Payment stub",
        "Bottom of the page.",
        "Tear it off and mail it with your check or money order, in the envelope that came "
        "with the notice.",
        24,
        650,
        (36, 630, 562, 150),
    ),
)


def _text(x: float, y: float, text: str, cls: str = "sn-text", anchor: str = "") -> str:
    a = f' text-anchor="{anchor}"' if anchor else ""
    return f'<text x="{x}" y="{y}" class="{cls}"{a}>{html.escape(text)}</text>'


def _bars(x: int, y: int, widths: tuple[int, ...], step: int = 12) -> str:
    """Grey lines that stand for the notice's paragraphs (nothing to read there)."""
    return "".join(
        f'<rect x="{x}" y="{y + i * step}" width="{w}" height="5" rx="2" class="sn-bar"/>'
        for i, w in enumerate(widths)
    )


def sample_svg(id_prefix: str, pay_by: date) -> str:
    """The picture alone: a one-page CP14 with its payment stub, and numbered markers."""
    due = long_date(pay_by)
    parts = [
        f'<svg class="cp14-sample__svg" viewBox="0 0 612 800" role="img" '
        f'aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-alt" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="{id_prefix}-title">A sample CP14 notice, made up for this site, with '
        f"{len(CALLOUTS)} numbered callouts</title>",
        '<rect x="6" y="6" width="600" height="788" rx="6" class="sn-paper"/>',
        '<text x="306" y="470" class="sn-watermark" text-anchor="middle" '
        'transform="rotate(-32 306 470)">SAMPLE</text>',
        '<rect x="6" y="6" width="600" height="28" rx="6" class="sn-band"/>',
        _text(
            306,
            25,
            "SAMPLE \u2014 NOT A REAL NOTICE \u2014 MADE-UP NAME AND NUMBERS",
            "sn-text sn-strong",
            "middle",
        ),
        # Top left: the IRS office, then the taxpayer.
        _text(40, 60, IRS_ADDRESS[0], "sn-text sn-small"),
        _text(40, 75, IRS_ADDRESS[1], "sn-text sn-small sn-strong"),
        _text(40, 90, IRS_ADDRESS[2], "sn-text sn-small"),
        _text(40, 140, TAXPAYER[0], "sn-text sn-small"),
        _text(40, 155, TAXPAYER[1], "sn-text sn-small"),
        _text(40, 170, TAXPAYER[2], "sn-text sn-small"),
        # Top right: the notice's details.
        '<rect x="362" y="46" width="236" height="152" rx="3" class="sn-box"/>',
    ]
    rows = (
        ("Notice", "CP14", 70),
        ("Tax year", TAX_YEAR, 94),
        ("Notice date", long_date(NOTICE_DATE), 118),
        ("Social Security number", SSN, 142),
        ("To contact us", PHONE, 166),
        ("Page", "1 of 4", 190),
    )
    for label, value, y in rows:
        parts.append(_text(370, y, label, "sn-text sn-small"))
        parts.append(_text(590, y, value, "sn-text sn-small sn-strong", "end"))
    parts += [
        # The heading and the first paragraph.
        _text(40, 222, f"You owe tax for {TAX_YEAR}", "sn-text sn-heading"),
        _bars(40, 240, (290, 270, 280, 180)),
        # The amount due and the pay-by date.
        '<rect x="362" y="206" width="236" height="90" rx="3" class="sn-box sn-box--strong"/>',
        _text(370, 228, "Amount due", "sn-text sn-small"),
        _text(590, 254, AMOUNT_DUE, "sn-text sn-amount", "end"),
        _text(370, 288, f"Pay by {due}", "sn-text sn-strong"),
        # The billing summary.
        _text(40, 354, "Billing summary", "sn-text sn-strong"),
    ]
    y = 378
    for label, amount in SUMMARY:
        parts.append(_text(44, y, label, "sn-text sn-small"))
        parts.append(_text(330, y, amount, "sn-text sn-small", "end"))
        y += 20
    parts += [
        f'<line x1="40" y1="{y - 10}" x2="332" y2="{y - 10}" class="sn-rule"/>',
        _text(44, y + 6, f"Amount due by {due}", "sn-text sn-small sn-strong"),
        _text(330, y + 6, AMOUNT_DUE, "sn-text sn-small sn-strong", "end"),
        # The rest of page one: what to do, how to pay, penalties and interest.
        _text(362, 354, "What you need to do", "sn-text sn-strong"),
        _bars(362, 370, (230, 210, 236, 150, 220, 200, 120)),
        _text(40, 520, "If you can't pay the full amount", "sn-text sn-strong"),
        _bars(40, 536, (520, 500, 540, 300)),
        # The payment stub.
        '<line x1="6" y1="616" x2="606" y2="616" class="sn-rule sn-cut"/>',
        _text(306, 608, "Detach here and return with your payment", "sn-text sn-tiny", "middle"),
        _text(40, 654, "Notice CP14", "sn-text sn-small sn-strong"),
        _text(40, 670, f"Tax year {TAX_YEAR}", "sn-text sn-small"),
        _text(40, 686, f"Notice date {long_date(NOTICE_DATE)}", "sn-text sn-small"),
        _text(40, 702, SSN, "sn-text sn-small"),
        _text(40, 730, TAXPAYER[0], "sn-text sn-small"),
        _text(40, 745, TAXPAYER[1], "sn-text sn-small"),
        _text(40, 760, TAXPAYER[2], "sn-text sn-small"),
        '<rect x="330" y="640" width="268" height="62" rx="3" class="sn-box"/>',
        _text(338, 660, f"Amount due by {due}", "sn-text sn-small"),
        _text(590, 690, AMOUNT_DUE, "sn-text sn-strong", "end"),
        _text(338, 720, "Pay to: United States Treasury", "sn-text sn-small"),
        _text(338, 745, "INTERNAL REVENUE SERVICE", "sn-text sn-small"),
        _text(338, 760, "SAMPLE CITY ST 00000-0000", "sn-text sn-small"),
    ]
    # The callouts: a dashed box around each part and a numbered marker.
    for c in CALLOUTS:
        bx, by, bw, bh = c.box
        parts.append(f'<rect x="{bx}" y="{by}" width="{bw}" height="{bh}" rx="4" class="sn-mark"/>')
    for c in CALLOUTS:
        parts.append(
            f'<g class="sn-callout"><circle cx="{c.x}" cy="{c.y}" r="11"/>'
            f'<text x="{c.x}" y="{c.y + 5}" text-anchor="middle">{c.number}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def text_version(pay_by: date) -> list[str]:
    """Everything the picture shows, in reading order, with its callout numbers."""
    due = long_date(pay_by)
    summary = ". ".join(f"{label} {amount.replace('-$', 'minus $')}" for label, amount in SUMMARY)
    return [
        "A band across the top says: Sample, not a real notice, made-up name and numbers. "
        "The word SAMPLE is also printed across the page.",
        f"Top left, callout 5, IRS address: {', '.join(IRS_ADDRESS)}. Below it, the "
        f"taxpayer's name and address: {', '.join(TAXPAYER)}.",
        f"Top right, in a box: callout 1, notice number: Notice CP14. Callout 2, tax year: "
        f"{TAX_YEAR}. Callout 3, notice date: {long_date(NOTICE_DATE)}. Social Security "
        f"number {SSN}. Callout 4, phone number: To contact us, {PHONE}. Page 1 of 4.",
        f"A heading: You owe tax for {TAX_YEAR}, then a paragraph.",
        f"In a box on the right: callout 6, amount due: {AMOUNT_DUE}. Callout 7, pay-by "
        f"date: Pay by {due}.",
        f"Callout 8, billing summary: {summary}. Amount due by {due}: {AMOUNT_DUE}.",
        "Paragraphs headed What you need to do, and If you can't pay the full amount.",
        f"A dashed line: Detach here and return with your payment. Below it, callout 9, "
        f"payment stub: Notice CP14, tax year {TAX_YEAR}, notice date "
        f"{long_date(NOTICE_DATE)}, {SSN}, and the taxpayer's name and address. In a box: "
        f"Amount due by {due}, {AMOUNT_DUE}. Pay to: United States Treasury. The IRS "
        f"payment address: Internal Revenue Service, Sample City ST 00000-0000.",
    ]


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
    items = "".join(
        f'<li id="{p}-callout-{c.number}"><strong>{html.escape(c.name)}.</strong> '
        f"{html.escape(c.where)} {html.escape(c.meaning)}</li>"
        for c in CALLOUTS
    )
    alt = "".join(f"<li>{html.escape(line)}</li>" for line in text_version(pay_by))
    kind = " cp14-sample--compact" if compact else ""
    return (
        f'<figure class="cp14-sample{kind}" id="{p}">'
        f'<div class="cp14-sample__layout">'
        f'<div class="cp14-sample__picture">{sample_svg(p, pay_by)}</div>'
        f'<ol class="cp14-sample__callouts" aria-label="What the numbers on the sample point to">'
        f"{items}</ol>"
        f"</div>"
        f"<figcaption>A made-up sample of a CP14. Every name, number and address on it is "
        f"invented. A real notice can look different: look for the same words on "
        f"yours.</figcaption>"
        f'<details class="cp14-sample__alt" id="{p}-alt">'
        f"<summary>Read the sample as text</summary>"
        f"<ul>{alt}</ul></details>"
        f"</figure>"
    )
