"""The site's own words (the tool pages' forms and the browser modules' messages) in
the reader's language.

The web catalog (hooks/locale/<lang>/LC_MESSAGES/web.mo, compiled from web.po by
scripts/catalogs.py) comes first; the core's catalogs (cp14.i18n.catalog) follow,
so a label the page takes from the core (a field title) translates too. The
language is the one cp14.i18n.language() has set: a Spanish page is rendered
inside ``with language("es")``. English needs no catalog: its words are the ids.

``js_messages(lang)`` is the part of the web catalog the browser modules use
(the entries found in docs/javascripts/), as the JSON a Spanish page carries in
``<script type="application/json" id="cp14-messages">`` for
docs/javascripts/cp14/i18n.js.
"""

from __future__ import annotations

import gettext
import json
from functools import cache
from pathlib import Path

from cp14 import i18n

LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "web"
MESSAGES_ID = "cp14-messages"


@cache
def translator(lang: str) -> gettext.NullTranslations | None:
    """The web catalog of `lang` chained with the core's; None for English."""
    if lang == i18n.DEFAULT or lang not in i18n.LANGS:
        return None
    core = i18n.catalog(lang)
    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.is_file():
        return core  # type: ignore[return-value]
    with path.open("rb") as f:
        web = gettext.GNUTranslations(f)
    if core is not None:
        web.add_fallback(core)  # type: ignore[arg-type]
    return web


def _(message: str) -> str:
    """`message` in the current language (the English text when it has no translation)."""
    return i18n.translate(translator(i18n.current()), message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.translate_plural(translator(i18n.current()), singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalog; translate it with _() where it is shown."""
    return message


@cache
def js_messages(
    lang: str, only: str = ".js", tool: str | None = None
) -> dict[str, str | list[str]]:
    """The browser scripts' messages in `lang`: English id -> translation (a list
    of the forms for a plural), of the scripts whose path ends with `only` (all of
    them by default); with `tool`, only those its page loads (the shared modules and
    tools/<tool>.js, not the other tools'). Empty for English, or without a catalog."""

    def wanted(where: str) -> bool:
        if not where.endswith(only):
            return False
        return tool is None or "/tools/" not in where or where.endswith(f"/tools/{tool}.js")

    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == i18n.DEFAULT or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f)
    out: dict[str, str | list[str]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if not any(wanted(where) for where, _line in message.locations):
            continue
        if isinstance(message.id, tuple | list):
            forms = [s for s in message.string if s]
            if len(forms) == len(message.string):
                out[message.id[0]] = forms
        elif message.string:
            out[message.id] = message.string
    return out


def messages_block(lang: str, only: str = ".js", tool: str | None = None) -> str:
    """The JSON data block of the browser's messages ("" for English; see
    js_messages for `only` and `tool`). A data block is not run, so the page's
    Content-Security-Policy needs no hash for it."""
    table = js_messages(lang, only, tool)
    if not table:
        return ""
    text = json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Nothing in it can end the element or start markup.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{MESSAGES_ID}">{text}</script>'
