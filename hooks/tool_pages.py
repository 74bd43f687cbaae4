"""The tool pages' HTML, rendered at build time from templates and cp14's own data.

Called by hooks/finish.py for `<!-- cp14:letter-tool -->`,
`<!-- cp14:deadlines-tool -->` and `<!-- cp14:plan-tool -->` in the tool pages.
The markup lives in Jinja templates under hooks/templates/ (one per tool, with
shared partials for a field, a group of questions, the tool's root and status
line); this module only gathers the data they are fed: the letter questions,
labels and help from `cp14.api` (`letter_fields`), the blank letters and call
sheets from `cp14.api` (`letter` in draft mode, `call_sheet`), and the page's own
groupings, deadline and payment-plan questions below. So the letter page works (as a printable blank
letter) before, or without, JavaScript and WebAssembly. The templates
autoescape everything; the browser modules under docs/javascripts/cp14/ add the
live behaviour.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2

from cp14 import api, deadlines, facts
from cp14.i18n import current, language
from cp14.letters.model import MAX_ENCLOSURES

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _load_sibling(name: str) -> ModuleType:
    """A module beside this one (the hooks are files, not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"cp14_hooks_{name}", Path(__file__).resolve().parent / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The site's own words in the page's language (hooks/web_i18n.py): the web catalog,
# then the core's. A Spanish page is rendered inside cp14.i18n.language("es").
web_i18n = _load_sibling("web_i18n")
_ = web_i18n._
N_ = web_i18n.N_

KIND_LABELS = {
    "dispute": (
        N_("The balance is wrong"),
        N_("For example, you already paid, or a payment went to the wrong year or spouse."),
    ),
    "penalty-relief": (
        N_("I want a penalty removed"),
        N_(
            "For example, first-time relief, or a serious "
            "illness or disaster kept you from paying or filing on time."
        ),
    ),
}

# How the letter questions are grouped on the page. A field that the core adds
# later and that is not listed here still appears, in the last group.
GROUPS: list[dict[str, Any]] = [
    {
        "id": "you",
        "title": N_("About you"),
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
        "title": N_("About the notice"),
        "intro": "notice-help",
        "fields": [
            "notice_date",
            "tax_year",
            "amount_due",
            "notice_number",
            "tax_form",
            "irs_address",
            "irs_phone",
        ],
    },
    {
        "id": "dispute",
        "title": N_("Why is the balance wrong?"),
        "kind": "dispute",
        "fields": ["reasons"],
        "subgroups": [
            {
                "show_if": "reasons=already_paid",
                "title": N_("The payment you already made"),
                "fields": ["paid_date", "paid_amount", "paid_method", "paid_reference"],
            },
            {
                "show_if": "reasons=not_applied",
                "title": N_("The payment that was not applied"),
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
                "title": N_("Why the amount is wrong"),
                "fields": ["wrong_explanation"],
            },
        ],
    },
    {
        "id": "relief",
        "title": N_("Which penalty, and why remove it?"),
        "kind": "penalty-relief",
        "fields": ["penalty_type", "penalty_other_name", "penalty_amount", "grounds"],
        "subgroups": [
            {
                "show_if": "grounds=first_time",
                "title": N_("First-time relief: three questions"),
                "fields": ["fta_clean_record", "fta_returns_filed", "fta_tax_paid"],
            },
            {
                "show_if": "grounds=reasonable_cause",
                "title": N_("What happened"),
                "fields": [
                    "cause",
                    "cause_facts",
                    "cause_start",
                    "cause_end",
                    "cause_care",
                    "advice_full_facts",
                    "advice_followed",
                ],
            },
        ],
    },
    {
        "id": "promise",
        "title": N_("Will you pay what is owed?"),
        "kind": "dispute",
        "fields": ["promise_to_pay"],
    },
    {
        "id": "finish",
        "title": N_("Finishing the letter"),
        "fields": [
            "letter_date",
            "representative_name",
            "representative_form",
            "enclosures",
            "extra_enclosures",
        ],
    },
]

# A field shown only when another answer has a certain value (all optional UI).
SHOW_IF = {
    "spouse_name": "joint=yes",
    "spouse_ssn_last4": "joint=yes",
    "penalty_other_name": "penalty_type=other",
    "not_applied_year": "not_applied_issue=other_year",
    "advice_full_facts": "cause=irs_advice|professional_advice",
    "advice_followed": "cause=irs_advice|professional_advice",
}
# Choices shown only when another answer makes them fit (the letter lists only
# what is ticked; a hidden choice is never sent).
CHOICE_SHOW_IF = {
    "enclosures": {
        "payment_proof": "reasons=already_paid",
        "not_applied_proof": "reasons=not_applied",
        "cause_records": "grounds=reasonable_cause",
        "advice_copy": "cause=irs_advice|professional_advice",
    },
}

AUTOCOMPLETE = {
    "name": "name",
    "address": "street-address",
    "phone": "tel",
    "spouse_name": "off",
}


JOINT_FIELD: dict[str, Any] = {
    "name": "joint",
    "label": N_("Did you file a joint return?"),
    "type": "choice",
    "help": N_("If you did, the letter names you both and you both sign it."),
    "choices": [
        {"value": "no", "label": N_("No, I filed alone")},
        {"value": "yes", "label": N_("Yes, with my spouse")},
    ],
    "default": "no",
    "ui_only": True,
}


def _translated(spec: dict[str, Any]) -> dict[str, Any]:
    """A field spec of this page's own (marked with N_) in the page's language."""
    out = {**spec, "label": _(spec["label"]), "help": _(spec["help"])}
    if "choices" in spec:
        out["choices"] = [{**c, "label": _(c["label"])} for c in spec["choices"]]
    return out


def _letter_fields() -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {"joint": _translated(JOINT_FIELD)}
    for kind in ("dispute", "penalty-relief"):
        for spec in api.call("letter_fields", {"kind": kind, "lang": current()})["fields"]:
            if spec["type"] == "list":
                spec = {**spec, "max_items": MAX_ENCLOSURES}
            if spec["type"] == "confirm":  # one box to tick: a checkbox on the page
                spec = {**spec, "type": "checkbox"}
            shown = CHOICE_SHOW_IF.get(spec["name"], {})
            if shown:
                spec = {
                    **spec,
                    "choices": [{**c, "show_if": shown.get(c["value"])} for c in spec["choices"]],
                }
            entry = merged.setdefault(spec["name"], {**spec, "kinds": []})
            entry["kinds"].append(kind)
    return merged


_ENV: list[jinja2.Environment] = []


def _env() -> jinja2.Environment:
    if not _ENV:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        # {% trans %} blocks as scripts/catalogs.py extracts them (trimmed); _() gives
        # plain text, which autoescape escapes like any other value.
        env.policies["ext.i18n.trimmed"] = True
        env.install_gettext_callables(web_i18n._, web_i18n.ngettext, newstyle=False)  # type: ignore[attr-defined]
        env.filters["tojson_compact"] = lambda v: json.dumps(v, separators=(",", ":"))
        _ENV.append(env)
    return _ENV[0]


def _render(template: str, **data: Any) -> str:  # noqa: ANN401
    # The browser modules' messages in the page's language, for the tool's root.
    # The browser modules' messages this tool's page uses (not the other tools').
    block = web_i18n.messages_block(current(), tool=template.removesuffix(".html"))
    data["runtime"] = {**data["runtime"], "messages": block}
    return _env().get_template(template).render(**data)


def sample_notice() -> str:
    """The annotated sample CP14 (hooks/sample_notice.py), as the guide pages show it."""
    days = int(facts.value("notice_window_days"))
    return _load_sibling("sample_notice").sample_notice_html(
        "letter-sample", compact=True, window_days=days
    )


def _group_words(group: dict[str, Any]) -> dict[str, Any]:
    """A group of letter questions with its titles in the page's language."""
    subs = [{**sub, "title": _(sub["title"])} for sub in group.get("subgroups", [])]
    return {**group, "title": _(group["title"]), "subgroups": subs}


def letter_tool(runtime: dict[str, Any]) -> str:
    specs = _letter_fields()
    listed = {n for g in GROUPS for n in g["fields"]}
    listed |= {n for g in GROUPS for sub in g.get("subgroups", []) for n in sub["fields"]}
    groups = [_group_words(g) for g in GROUPS]
    rest = [name for name in specs if name not in listed]
    if rest:
        groups.append({"id": "more", "title": _("More"), "fields": rest})
    blanks, call_blanks, reading_blanks = [], [], []
    reading_note, reading_sources = "", []
    for kind in KIND_LABELS:
        result = api.call("letter", {"kind": kind, "draft": True, "lang": current()})
        blanks.append({"kind": kind, "html": result["html"], "text": result["text"]})
        # In another language than the letter's, a copy to read, paragraph for paragraph.
        if "reading_copy" in result:
            reading = result["reading_copy"]
            reading_blanks.append({"kind": kind, "html": reading["html"]})
            reading_note, reading_sources = reading["note"], result.get("sources", [])
        sheet = api.call("call_sheet", {"kind": kind, "lang": current()})
        call_blanks.append({"kind": kind, "html": sheet["html"]})
    return _render(
        "letter.html",
        runtime=runtime,
        kinds=[{"value": k, "title": _(t), "hint": _(h)} for k, (t, h) in KIND_LABELS.items()],
        groups=groups,
        specs=specs,
        show_if=SHOW_IF,
        autocomplete=AUTOCOMPLETE,
        blanks=blanks,
        call_blanks=call_blanks,
        reading_blanks=reading_blanks,
        reading_note=reading_note,
        reading_sources=reading_sources,
        sample_notice=sample_notice(),
    )


def _titles(call: str) -> dict[str, str]:
    """The labels cp14 itself uses in its messages for a call's fields (one source)."""
    from cp14 import api_deadlines, api_plan

    titles = {"deadlines": api_deadlines.DEADLINE_TITLES, "plan": api_plan.PLAN_TITLES}[call]
    # The core marks its titles for its own catalogs; the chain finds them there.
    return {name: _(title) for name, title in titles.items()}


def _notice_fields(call: str) -> list[dict[str, Any]]:
    """The notice's number and tax year (both tools ask them the same way)."""
    t = _titles(call)
    from cp14.inputs import NOTICE_TITLES

    return [
        {
            "name": "notice",
            "label": t["notice"],
            "type": "choice",
            "default": "CP14",
            "answered": True,
            "help": _("Printed at the top right of the notice."),
            "choices": [{"value": k, "label": _(v)} for k, v in NOTICE_TITLES.items()],
        },
        {
            "name": "tax_year",
            "label": t["tax_year"],
            "type": "year",
            "help": _(
                "Printed on the notice, like 2025. The late-payment penalty runs from that "
                "year's return due date, so the estimate knows which month it grows."
            ),
        },
        {
            "name": "return_due_date",
            "label": t["return_due_date"],
            "type": "date",
            "help": _(
                "Only if the tax was due on a date other than the usual one for that tax "
                "year (for example a fiscal-year return). It takes the place of the tax year."
            ),
        },
    ]


def _disaster_fields(call: str) -> list[dict[str, Any]]:
    """A disaster postponement (IRC 7508A): the reader reads its dates on IRS.gov."""
    t = _titles(call)
    return [
        {
            "name": "postponed",
            "label": _("Are you covered by an IRS disaster relief announcement?"),
            "type": "choice",
            "default": "no",
            "answered": True,
            "help": _(
                "After a disaster the President declares, the IRS gives people in the area "
                "more time. Look up your state and county at IRS.gov/disastertaxrelief."
            ),
            "choices": [
                {"value": "no", "label": _("No, or I don't know")},
                {"value": "yes", "label": _("Yes, my area is covered")},
            ],
        },
        {
            "name": "postponed_until",
            "label": t["postponed_until"],
            "type": "date",
            "required": True,
            "show_if": "postponed=yes",
            "help": _(
                "The last day of the postponement, as the IRS announcement for your area gives it."
            ),
        },
        {
            "name": "postponed_from",
            "label": t["postponed_from"],
            "type": "date",
            "show_if": "postponed=yes",
            "help": _(
                "The first day of the disaster period in that announcement. Leave it empty "
                "and we count from your notice date."
            ),
        },
    ]


def _deadline_fields() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    t = _titles("deadlines")
    main = [
        {
            "name": "notice_date",
            "label": t["notice_date"],
            "type": "date",
            "required": True,
            "help": _("The date printed near the top of page 1 of your CP14."),
        },
        {
            "name": "amount",
            "label": t["amount"],
            "type": "money",
            "help": _(
                "The total the notice says you owe, like 2450.17. It matters if it is "
                "$100,000 or more, and for the estimate."
            ),
        },
        {
            "name": "pay_by",
            "label": t["pay_by"],
            "type": "date",
            "help": _(
                "If your notice asks you to pay by a date, enter it: that date is what "
                "counts. Leave it empty and we work it out from the notice date."
            ),
        },
        {
            "name": "payment_date",
            "label": t["payment_date"],
            "type": "date",
            "help": _("We estimate how much interest and penalty paying on that day adds."),
        },
    ]
    more = [
        *_notice_fields("deadlines"),
        {
            "name": "tax",
            "label": t["tax"],
            "type": "money",
            "help": _(
                "The unpaid tax, without penalties and interest. It makes the penalty "
                "estimate closer."
            ),
        },
        {"name": "penalty", "label": t["penalty"], "type": "money", "help": ""},
        {"name": "interest", "label": t["interest"], "type": "money", "help": ""},
        {
            "name": "rate",
            "label": _("{rate} for later quarters (% a year)").format(rate=t["rate"]),
            "type": "money",
            "help": _(
                "Only used for days after the last quarter whose rate the IRS has announced."
            ),
        },
        {
            "name": "installment_agreement",
            "label": _("I have an IRS payment plan (installment agreement)"),
            "type": "checkbox",
            "help": _("While a payment plan is in effect, the failure-to-pay penalty is lower."),
        },
    ]
    return main, more


# Years after the rate table's last quarter that the page's table of pay-by dates
# covers (a notice date the page gets before the next build of the site).
WINDOW_YEARS_AHEAD = 2


def window_table() -> dict[str, object]:
    """The core's pay-by dates for every notice date the calculator covers: from the
    first day of its interest-rate table to the end of the year two years after its
    last quarter. The deadline page answers with it before Python is ready."""
    rates = facts.rate_table()
    last = date(rates[-1].start.year + WINDOW_YEARS_AHEAD, 12, 31)
    return deadlines.window_table(rates[0].start, last)


def deadlines_tool(runtime: dict[str, Any]) -> str:
    main, more = _deadline_fields()
    return _render(
        "deadlines.html",
        runtime=runtime,
        main_fields=main,
        more_fields=more,
        disaster_fields=_disaster_fields("deadlines"),
        window_table=window_table(),
    )


def _plan_fields() -> list[dict[str, Any]]:
    """The payment-plan questions (the `plan` call's inputs). `show_if` shows a
    question once the answer it depends on is chosen; `ui_only` answers are not sent."""
    t = _titles("plan")
    return [
        {
            "name": "balance",
            "label": t["balance"],
            "type": "money",
            "required": True,
            "help": _("The total your notice says you owe, like 12000.00."),
        },
        {
            "name": "notice_date",
            "label": t["notice_date"],
            "type": "date",
            "required_when": _("you leave the pay-by date empty"),
            "help": _("The date near the top of page 1 of your CP14."),
        },
        {
            "name": "pay_by",
            "label": t["pay_by"],
            "type": "date",
            "help": _(
                "If your notice asks you to pay by a date, enter it. Leave it empty and we "
                "work it out from the notice date."
            ),
        },
        {
            "name": "tax",
            "label": t["tax"],
            "type": "money",
            "help": _(
                "The tax line on the notice, without penalty and interest. The late-payment "
                "penalty grows only on tax. Leave it empty and we use the whole balance, which "
                "makes the penalty look higher."
            ),
        },
        {
            "name": "plan_by",
            "label": _("How do you want to plan?"),
            "type": "choice",
            "ui_only": True,
            "default": "monthly",
            "answered": True,
            "choices": [
                {"value": "monthly", "label": _("I know what I can pay each month")},
                {"value": "months", "label": _("I know how many months I want to take")},
            ],
        },
        {
            "name": "monthly",
            "label": t["monthly"],
            "type": "money",
            "required": True,
            "show_if": "plan_by=monthly",
            "help": _("In dollars, like 500."),
        },
        {
            "name": "months",
            "label": t["months"],
            "type": "count",
            "required": True,
            "show_if": "plan_by=months",
            "help": _("A whole number, like 24."),
        },
        {
            "name": "start",
            "label": t["start"],
            "type": "date",
            "help": _(
                "Leave it empty to start on the pay-by date. If that date has passed, enter "
                "the day you can start."
            ),
        },
    ]


def _plan_situation() -> list[dict[str, Any]]:
    """What changes the fee and the penalty rate."""
    low = facts.value("low_income_poverty_percent")
    return [
        {
            "name": "direct_debit",
            "label": _("I can pay by automatic bank draft (direct debit)"),
            "type": "checkbox",
            "help": _("The IRS takes each payment from your bank account. The setup fee is lower."),
        },
        {
            "name": "online",
            "label": _("How will you ask for the plan?"),
            "type": "choice",
            "default": "yes",
            "answered": True,
            "help": _("Applying online costs less."),
            "choices": [
                {"value": "yes", "label": _("Online")},
                {"value": "no", "label": _("By phone, by mail or in person")},
            ],
        },
        {
            "name": "low_income",
            "label": _("My income is low"),
            "type": "checkbox",
            "help": _(
                "At or below {percent}% of the federal poverty guidelines. The setup fee is "
                "lower, or none with bank draft."
            ).format(percent=low),
        },
        {
            # The call asks the opposite question (late_return), so "yes, on time" sends "no".
            "name": "late_return",
            "label": _("Did you file the tax return for this bill on time?"),
            "type": "choice",
            "default": "no",
            "answered": True,
            "help": _(
                "On time means by the due date, or by the extended date if you had an "
                "extension. Then the late-payment penalty is lower during a long-term plan."
            ),
            "choices": [
                {"value": "no", "label": _("Yes, on time")},
                {"value": "yes", "label": _("No, it was late")},
            ],
        },
    ]


def _plan_more() -> list[dict[str, Any]]:
    """Details from the notice that make the estimate closer (all optional)."""
    t = _titles("plan")
    return [
        *_notice_fields("plan"),
        {
            "name": "other_balances",
            "label": t["other_balances"],
            "type": "money",
            "help": _(
                "If you also owe for other tax years, the total. The IRS limits for plans "
                "count everything you owe."
            ),
        },
    ]


def plan_tool(runtime: dict[str, Any]) -> str:
    return _render(
        "plan.html",
        runtime=runtime,
        main_fields=_plan_fields(),
        situation=_plan_situation(),
        more_fields=_plan_more(),
        disaster_fields=_disaster_fields("plan"),
    )


TOOLS = {"letter-tool": letter_tool, "deadlines-tool": deadlines_tool, "plan-tool": plan_tool}


def render_marker(name: str, arg: str | None, runtime: dict[str, Any]) -> str:
    """The tool's HTML for its marker, in the page's language (`runtime["lang"]`,
    English by default). A page in another language carries the browser modules'
    messages in that language too (web_i18n.messages_block)."""
    if name not in TOOLS:
        raise ValueError(f"unknown cp14 marker: {name}")
    lang = runtime.get("lang") or "en"
    with language(lang):
        return TOOLS[name](runtime)
