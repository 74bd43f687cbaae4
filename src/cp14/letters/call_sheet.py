"""A call sheet: for someone who would rather phone the IRS than write, one printable
page built from the same answers as the letter (``render(data)``, never raises).

It holds the number to call (the reader copies it from the notice; a line to write
it on when they have not), the notice's details, what to have at hand, what to say
for their reason in two or three plain sentences, and lines to write down the date,
the employee's name and ID number and what was agreed. What it tells the reader to
do comes from the IRS's own pages, named in ``sources`` with their status:

- call the number on the notice, and have your paperwork (such as cancelled checks,
  an amended return) ready when you call: the IRS CP14 page (confirmed);
- to have a penalty reconsidered, call the number on the notice or write a letter:
  the IRS Penalties page, whose words were seen only in a copy of it (reported). So
  the sheet says what that page says, and promises nothing about a call's outcome.

Like the letters, answers are escaped into the package's own template (Jinja2,
sandboxed) and never used as a template; blank answers are placeholders. The
sheet is read while phoning, so it is all in the reader's language (``lang``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cp14 import i18n
from cp14.i18n import _
from cp14.letters.model import Slot, display, parse
from cp14.validate import Errors

TEMPLATE = "call-sheet.j2"
FILENAME = "cp14-call-sheet.txt"
# The sources the sheet names: (facts.toml key, status of what the sheet takes from it).
SOURCES = {
    "call": ("irs-cp14", "confirmed"),
    "penalty": ("irs-penalties", "reported"),
}


def _log() -> dict[str, Slot]:
    """Blanks to fill in during the call, every time (never an answer of the letter)."""
    return {
        "when": Slot(_("[Date and time]"), room="line"),
        "employee": Slot(_("[Name]"), room="line"),
        "badge": Slot(_("[ID number]"), room="amount"),
        "agreed": Slot(_("[What the IRS employee said they will do]"), lines=4),
        "next": Slot(_("[What happens next, and the date to expect it]"), lines=2),
    }


def _sources(kind: str, grounds: tuple[str, ...]) -> list[dict[str, str]]:
    from cp14 import facts

    keys = ["call"] + (["penalty"] if kind == "penalty-relief" and grounds else [])
    out = []
    for key in keys:
        name, status = SOURCES[key]
        src = facts.sources()[name]
        out.append({"title": src.title.split(" (")[0], "url": src.url, "status": status})
    return out


def render(data: Mapping[str, Any]) -> dict[str, Any]:
    """The call sheet as text and HTML, or ``{"errors": [...]}`` (the letter's checks)."""
    try:
        return _render(data)
    except Exception:  # a last guard, as for the letters
        from cp14.letters import UNEXPECTED

        return {"errors": [{"field": "input", "message": _(UNEXPECTED)}]}


def _render(data: Any) -> dict[str, Any]:  # noqa: ANN401
    from cp14.letters import _ORDER
    from cp14.letters.rendering import environment, html_to_text

    errors = Errors()
    if not isinstance(data, Mapping):
        errors.add("input", _("The answers must be a set of named fields (a JSON object)."))
        return errors.result()
    # Every answer may be blank: the sheet is for a pen where an answer is missing.
    parsed = parse({**data, "draft": True}, errors)
    if errors or parsed is None:
        items = sorted(errors.items, key=lambda e: _ORDER.get(e["field"], len(_ORDER)))
        return {"errors": items}
    raw, show = parsed.raw, display(parsed)
    reasons = tuple(raw.get("reasons") or ()) if parsed.kind == "dispute" else ()
    grounds = tuple(raw.get("grounds") or ()) if parsed.kind == "penalty-relief" else ()
    joint = show.get("spouse_name") is not None
    sources = _sources(parsed.kind, grounds)
    context = {
        "kind": parsed.kind,
        "v": show,
        "lang": i18n.current(),
        "joint": joint,
        "people": 2 if joint else 1,
        "reasons": reasons,
        "grounds": grounds,
        "phone": show.get("irs_phone")
        or Slot(_("[The phone number printed on your notice]"), room="line"),
        "ask_slot": Slot(_("[What you will ask the IRS to do]"), lines=3),
        "log": _log(),
        "sources": sources,
    }
    html = environment().get_template(TEMPLATE).render(context).strip() + "\n"
    text, _enclosed = html_to_text(html)
    return {
        "kind": parsed.kind,
        "text": text,
        "html": html,
        "sources": sources,
        "filename": FILENAME,
    }
