"""HTML for the two tool pages, rendered at build time from cp14 itself.

Called by hooks/pyodide_dist.py for `<!-- cp14:letter-tool -->` and
`<!-- cp14:deadlines-tool -->` in the tool pages. The form's questions, labels and
help come from `cp14.letters.fields()`, and the blank letters from
`cp14.letters.render()` in draft mode, so the page works (as a printable blank
letter) before, or without, JavaScript and WebAssembly. Everything is escaped
here; docs/javascripts/cp14-tool.js adds the live behaviour.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from cp14 import api

KIND_LABELS = {
    "dispute": (
        "The balance is wrong",
        "For example, you already paid, or a payment went to the wrong year or spouse.",
    ),
    "penalty-relief": (
        "I want a penalty removed",
        "For example, first-time relief, or a serious "
        "illness or disaster kept you from paying or filing on time.",
    ),
}

# How the letter questions are grouped on the page. A field that the core adds
# later and that is not listed here still appears, in the last group.
GROUPS: list[dict[str, Any]] = [
    {
        "id": "you",
        "title": "About you",
        "fields": [
            "name",
            "address",
            "phone",
            "ssn_last4",
            "joint",
            "spouse_name",
            "spouse_ssn_last4",
        ],
    },
    {
        "id": "notice",
        "title": "About the notice",
        "intro": "notice-help",
        "fields": [
            "notice_date",
            "tax_year",
            "amount_due",
            "notice_number",
            "tax_form",
            "irs_address",
        ],
    },
    {
        "id": "dispute",
        "title": "Why is the balance wrong?",
        "kind": "dispute",
        "fields": ["reasons"],
        "subgroups": [
            {
                "show_if": "reasons=already_paid",
                "title": "The payment you already made",
                "fields": ["paid_date", "paid_amount", "paid_method", "paid_reference"],
            },
            {
                "show_if": "reasons=not_applied",
                "title": "The payment that was not applied",
                "fields": [
                    "not_applied_date",
                    "not_applied_amount",
                    "not_applied_issue",
                    "not_applied_year",
                    "not_applied_detail",
                ],
            },
            {
                "show_if": "reasons=amount_wrong",
                "title": "Why the amount is wrong",
                "fields": ["wrong_explanation"],
            },
        ],
    },
    {
        "id": "relief",
        "title": "Which penalty, and why remove it?",
        "kind": "penalty-relief",
        "fields": ["penalty_type", "penalty_other_name", "penalty_amount", "grounds"],
        "subgroups": [
            {
                "show_if": "grounds=reasonable_cause",
                "title": "What happened",
                "fields": ["cause", "cause_facts", "cause_start", "cause_end"],
            },
        ],
    },
    {
        "id": "finish",
        "title": "Finishing the letter",
        "fields": ["letter_date", "extra_enclosures"],
    },
]

# A field shown only when another answer has a certain value (all optional UI).
SHOW_IF = {
    "spouse_name": "joint=yes",
    "spouse_ssn_last4": "joint=yes",
    "penalty_other_name": "penalty_type=other",
    "not_applied_year": "not_applied_issue=other_year",
}

AUTOCOMPLETE = {
    "name": "name",
    "address": "street-address",
    "phone": "tel",
    "spouse_name": "off",
}


def _attrs(**attrs: Any) -> str:  # noqa: ANN401
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(name if value is True else f'{name}="{escape(str(value), quote=True)}"')
    return " ".join(out)


def _help_and_error(fid: str, help_text: str, extra: str = "") -> str:
    parts = []
    if help_text or extra:
        parts.append(f'<p class="cp14-help" id="{fid}-help">{escape(help_text)}{extra}</p>')
    parts.append(
        f'<p class="cp14-error" id="{fid}-error" data-role="error" role="alert" hidden></p>'
    )
    return "".join(parts)


def _label_text(spec: dict[str, Any]) -> str:
    text = escape(spec["label"])
    if spec.get("required"):
        text += ' <span class="cp14-req">(required)</span>'
    elif not spec.get("required_when"):
        text += ' <span class="cp14-opt">(optional)</span>'
    return text


def _when(spec: dict[str, Any]) -> str:
    if spec.get("required") or not spec.get("required_when"):
        return ""
    return f" Needed if {escape(spec['required_when'])}."


def field_html(spec: dict[str, Any], prefix: str = "f") -> str:
    """One question: label, help, control and an (empty) error slot, all tied by ids."""
    name = spec["name"]
    fid = f"{prefix}-{name}"
    kind = spec["type"]
    help_text = spec.get("help") or ""
    described = f"{fid}-help" if (help_text or _when(spec)) else None
    show_if = SHOW_IF.get(name)
    wrap = _attrs(class_="cp14-field", data_field=name, data_show_if=show_if)
    if kind in ("choice", "choices"):
        multi = kind == "choices"
        inputs = []
        for i, choice in enumerate(spec.get("choices") or []):
            cid = f"{fid}-{i}"
            control = _attrs(
                type="checkbox" if multi else "radio",
                id=cid,
                name=name,
                value=choice["value"],
                data_multi=True if multi else None,
                checked=choice["value"] == spec.get("default"),
            )
            inputs.append(
                f'<div class="cp14-choice"><input {control}>'
                f' <label for="{cid}">{escape(choice["label"])}</label></div>'
            )
        legend = f'<legend data-role="label">{_label_text(spec)}</legend>'
        group = _attrs(class_="cp14-group", aria_describedby=described)
        return (
            f"<div {wrap}><fieldset {group}>{legend}"
            f"{_help_and_error(fid, help_text, _when(spec))}{''.join(inputs)}</fieldset></div>"
        )
    common = {
        "id": fid,
        "name": name,
        "aria_describedby": described,
        "autocomplete": AUTOCOMPLETE.get(name, "off"),
        "maxlength": spec.get("max_length") if kind not in ("date", "money") else None,
        "placeholder": None,
        "spellcheck": "true" if kind == "long_text" else None,
    }
    if kind in ("address", "long_text", "list"):
        rows = {"address": 3, "long_text": 5, "list": 3}[kind]
        control = f"<textarea {_attrs(rows=rows, **common)}></textarea>"
    else:
        input_type = {"date": "date", "phone": "tel"}.get(kind, "text")
        inputmode = {"money": "decimal", "ssn4": "numeric", "year": "numeric"}.get(kind)
        control = (
            "<input "
            + _attrs(type=input_type, inputmode=inputmode, value=spec.get("default"), **common)
            + ">"
        )
    label = f'<label for="{fid}" data-role="label">{_label_text(spec)}</label>'
    return f"<div {wrap}>{label}{_help_and_error(fid, help_text, _when(spec))}{control}</div>"


JOINT_FIELD = (
    '<div class="cp14-field" data-field="joint" data-ui-only>'
    '<fieldset class="cp14-group" aria-describedby="f-joint-help">'
    '<legend data-role="label">Did you file a joint return? <span class="cp14-opt">(optional)'
    "</span></legend>"
    '<p class="cp14-help" id="f-joint-help">If you did, the letter names you both and you both '
    "sign it.</p>"
    '<div class="cp14-choice"><input type="radio" id="f-joint-0" name="joint" value="no" checked'
    ' data-ui-only> <label for="f-joint-0">No, I filed alone</label></div>'
    '<div class="cp14-choice"><input type="radio" id="f-joint-1" name="joint" value="yes"'
    ' data-ui-only> <label for="f-joint-1">Yes, with my spouse</label></div>'
    "</fieldset></div>"
)

NOTICE_HELP = (
    '<details class="cp14-where"><summary>Where do I find these on my CP14?</summary>'
    "<p>Near the top of page 1 of the notice you will find the notice number (CP14), the "
    "notice date and the tax year. The amount you owe, with penalties and interest, is in the "
    "summary on page 1. The notice also prints an IRS address: send your letter there.</p>"
    "</details>"
)


def _letter_fields() -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for kind in ("dispute", "penalty-relief"):
        for spec in api.call("letter_fields", {"kind": kind})["fields"]:
            entry = merged.setdefault(spec["name"], {**spec, "kinds": []})
            entry["kinds"].append(kind)
    return merged


def _group_html(group: dict[str, Any], specs: dict[str, dict[str, Any]], used: set[str]) -> str:
    def fields(names: list[str]) -> str:
        out = []
        for name in names:
            if name == "joint":
                out.append(JOINT_FIELD)
            elif name in specs:
                used.add(name)
                out.append(field_html(specs[name]))
        return "".join(out)

    body = NOTICE_HELP if group.get("intro") == "notice-help" else ""
    body += fields(group["fields"])
    for sub in group.get("subgroups", []):
        inner = fields(sub["fields"])
        if inner:
            body += (
                f'<div class="cp14-subgroup" data-show-if="{escape(sub["show_if"])}">'
                f'<h4 class="cp14-subgroup__title">{escape(sub["title"])}</h4>{inner}</div>'
            )
    kind = group.get("kind")
    attrs = _attrs(class_="cp14-section", id=f"q-{group['id']}", data_kind=kind)
    return f"<section {attrs}><h3>{escape(group['title'])}</h3>{body}</section>"


def _tool_attrs(tool: str, runtime: dict[str, Any]) -> str:
    memory = runtime.get("memory", {}).get(tool)
    return _attrs(
        class_="cp14-tool",
        data_cp14_tool=tool,
        data_state="loading",
        data_runtime=runtime["base"] + runtime["path"],
        data_packages=json.dumps(runtime["packages"][tool]),
        data_needs=json.dumps(runtime["needs"], separators=(",", ":")),
        data_memory=json.dumps(memory, separators=(",", ":")) if memory else None,
    )


STATUS = (
    '<p class="cp14-status" data-role="status" role="status" aria-live="polite"></p>'
    '<noscript><p class="cp14-status">{text}</p></noscript>'
)


def letter_tool(runtime: dict[str, Any]) -> str:
    specs = _letter_fields()
    used: set[str] = set()
    groups = [_group_html(g, specs, used) for g in GROUPS]
    rest = [name for name in specs if name not in used]
    if rest:
        groups.append(_group_html({"id": "more", "title": "More", "fields": rest}, specs, used))
    kinds = []
    for i, (kind, (title, hint)) in enumerate(KIND_LABELS.items()):
        kid = f"kind-{kind}"
        checked = " checked" if i == 0 else ""
        kinds.append(
            f'<div class="cp14-choice cp14-choice--big"><input type="radio" name="kind" '
            f'id="{kid}" value="{kind}" aria-describedby="{kid}-hint"{checked}>'
            f' <label for="{kid}">{escape(title)}</label>'
            f'<p class="cp14-help" id="{kid}-hint">{escape(hint)}</p></div>'
        )
    blanks, texts = [], []
    for kind in KIND_LABELS:
        result = api.call("letter", {"kind": kind, "draft": True})
        blanks.append(f'<div class="cp14-blank" data-blank="{kind}">{result["html"]}</div>')
        texts.append(
            f'<template data-blank-text="{kind}"><pre>{escape(result["text"])}</pre></template>'
        )
    form = (
        '<form class="cp14-form" novalidate aria-labelledby="cp14-form-title" autocomplete="off">'
        '<h2 id="cp14-form-title">Your answers</h2>'
        '<p class="cp14-help">Fill in what you know. Blanks stay in the letter as highlighted '
        "spaces you can fill in by hand.</p>"
        '<section class="cp14-section" id="q-kind"><fieldset class="cp14-group">'
        '<legend><h3 class="cp14-legend-heading">Which letter do you need?</h3></legend>'
        + "".join(kinds)
        + "</fieldset></section>"
        + "".join(groups)
        + '<p class="cp14-error" data-role="general-error" role="alert" hidden></p>'
        "</form>"
    )
    preview = (
        '<section class="cp14-preview-panel" aria-labelledby="cp14-preview-title">'
        '<h2 id="cp14-preview-title">Your letter</h2>'
        '<div class="cp14-actions" data-role="actions" hidden>'
        '<button type="button" class="md-button md-button--primary" data-action="print">'
        "Print</button>"
        '<button type="button" class="md-button" data-action="copy">Copy text</button>'
        '<button type="button" class="md-button" data-action="download">Download .txt</button>'
        "</div>"
        '<p class="cp14-action-status" data-role="action-status" role="status" '
        'aria-live="polite"></p>'
        '<p class="cp14-missing" data-role="missing"></p>'
        '<div class="cp14-preview" data-role="letter-preview" data-letter-kind="dispute" '
        'data-live="false">'
        '<div class="cp14-live" data-role="live-letter" hidden></div>'
        + "".join(blanks)
        + "</div>"
        + "".join(texts)
        + "</section>"
    )
    checklist = (
        '<section class="cp14-checklist" aria-labelledby="cp14-mail-title">'
        '<h2 id="cp14-mail-title">How do I send it?</h2>'
        '<div data-role="enclosures-block"><h3>Put these in the envelope</h3>'
        '<ul data-role="enclosures"><li>A copy of your CP14 notice (keep the original)</li>'
        "</ul></div>"
        "<ol>"
        "<li>Print the letter and sign it (both of you, for a joint return).</li>"
        "<li>Keep a copy of the signed letter and of everything you enclose. Send copies of "
        "your papers, never the originals.</li>"
        '<li>Mail it to <span class="cp14-mail-to" data-role="mail-to">the address printed on '
        "your notice</span>. Use the address on your notice, not one from another page.</li>"
        "<li>Send it by USPS Certified Mail with a return receipt, so you can show when you "
        "sent it and when the IRS got it. Keep the receipts.</li>"
        "<li>Write the date you mailed it on your copy. Interest keeps growing on any part "
        "you do owe, so paying the part you agree with limits it.</li>"
        "</ol></section>"
    )
    status = STATUS.format(
        text="The live letter needs JavaScript. The blank letter below prints as it is "
        "(use your browser's Print command): fill it in by hand."
    )
    return (
        f"<div {_tool_attrs('letter', runtime)}>{status}"
        f'<div class="cp14-layout">{form}{preview}</div>{checklist}</div>'
    )


DEADLINE_FIELDS: list[dict[str, Any]] = [
    {
        "name": "notice_date",
        "label": "Notice date",
        "type": "date",
        "required": True,
        "help": "The date printed near the top of page 1 of your CP14.",
    },
    {
        "name": "amount",
        "label": "Amount due",
        "type": "money",
        "help": "The total the notice says you owe, like 2450.17. It matters if it is $100,000 or "
        "more, and for the estimate.",
    },
    {
        "name": "pay_by",
        "label": "Pay-by date printed on the notice",
        "type": "date",
        "help": "If your notice asks you to pay by a date, enter it: that date is what counts. "
        "Leave it empty and we work it out from the notice date.",
    },
    {
        "name": "payment_date",
        "label": "The day you plan to pay",
        "type": "date",
        "help": "We estimate how much interest and penalty paying on that day adds.",
    },
]

DEADLINE_MORE: list[dict[str, Any]] = [
    {
        "name": "tax",
        "label": "Tax line on the notice",
        "type": "money",
        "help": "The unpaid tax, without penalties and interest. It makes the penalty estimate "
        "closer.",
    },
    {"name": "penalty", "label": "Penalty line on the notice", "type": "money", "help": ""},
    {"name": "interest", "label": "Interest line on the notice", "type": "money", "help": ""},
    {
        "name": "rate",
        "label": "Interest rate to assume for later quarters (% a year)",
        "type": "money",
        "help": "Only used for days after the last quarter whose rate the IRS has announced.",
    },
]


def deadlines_tool(runtime: dict[str, Any]) -> str:
    main = "".join(field_html(f) for f in DEADLINE_FIELDS)
    more = "".join(field_html(f) for f in DEADLINE_MORE)
    agreement = (
        '<div class="cp14-field" data-field="installment_agreement"><div class="cp14-choice">'
        '<input type="checkbox" id="f-installment_agreement" name="installment_agreement" '
        'aria-describedby="f-installment_agreement-help">'
        ' <label for="f-installment_agreement" data-role="label">I have an IRS payment plan '
        "(installment agreement)</label></div>"
        '<p class="cp14-help" id="f-installment_agreement-help">While a payment plan is in '
        "effect, the failure-to-pay penalty is lower.</p>"
        '<p class="cp14-error" id="f-installment_agreement-error" data-role="error" '
        'role="alert" hidden></p></div>'
    )
    form = (
        '<form class="cp14-form" novalidate aria-labelledby="cp14-form-title" autocomplete="off">'
        '<h2 id="cp14-form-title">Your notice</h2>'
        + main
        + '<details class="cp14-more"><summary>More details from the notice (optional)</summary>'
        + more
        + agreement
        + "</details>"
        '<p class="cp14-error" data-role="general-error" role="alert" hidden></p>'
        '<button type="submit" class="md-button md-button--primary">Show my dates</button>'
        "</form>"
    )
    results = (
        '<section class="cp14-results-panel" aria-labelledby="cp14-results-title">'
        '<h2 id="cp14-results-title">Your dates</h2>'
        '<p class="cp14-summary cp14-offscreen" data-role="summary" aria-live="polite"></p>'
        '<div class="cp14-results" data-role="results" hidden></div>'
        '<p class="cp14-help cp14-results-empty">Enter the notice date to see your dates.</p>'
        "</section>"
    )
    status = STATUS.format(
        text="The calculator needs JavaScript. The rules below tell you how to work out your "
        "dates by hand."
    )
    return (
        f"<div {_tool_attrs('deadlines', runtime)}>{status}"
        f'<div class="cp14-layout">{form}{results}</div></div>'
    )


def render_marker(name: str, arg: str | None, runtime: dict[str, Any]) -> str:
    if name == "letter-tool":
        return letter_tool(runtime)
    if name == "deadlines-tool":
        return deadlines_tool(runtime)
    raise ValueError(f"unknown cp14 marker: {name}")
