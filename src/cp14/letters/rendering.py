"""Render a checked letter: Jinja2 (autoescaped, sandboxed) to HTML, then HTML to plain text.

The wording lives only in ``templates/*.j2``. Answers reach the templates as
variables and are escaped on output; they are never compiled as templates.
The plain-text letter is read back from the HTML, so the two always say the
same thing.

The templates' words are messages: ``{{ _("...") }}`` and ``{{ ngettext(...) }}``,
the gettext calls of Jinja's i18n extension, bound here to cp14.i18n. A template
renders in the language of ``render_html(..., lang)``: English for the letter to
mail, the reader's language for its reading copy (same template, same
paragraphs). A sentence about the writer is one message with two forms, chosen by
``people`` (1, or 2 on a joint return: "I am writing" / "We are writing"), so a
language can conjugate it. The answers are never part of a message: they fill its
``%(name)s`` placeholders, escaped.

The browser's copy of cp14 also carries the templates compiled to Python
(``compiled_templates()``, run when the site is built), so a page does not
read, parse and compile template source before its first letter. The build
writes them from the templates in that same wheel, and each compiled module
names the sha256 of its source (the tests check that they match); a copy of
cp14 without them compiles the templates from source as usual.
"""

from __future__ import annotations

import importlib
import re
import textwrap
from collections.abc import Callable, MutableMapping
from functools import cache
from html.parser import HTMLParser
from types import ModuleType
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    Template,
    TemplateNotFound,
    pass_context,
)
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from cp14 import i18n
from cp14.i18n import N_, _
from cp14.letters.model import Parsed, Slot, display

WIDTH = 72
TEMPLATES = frozenset({"letter.j2", "dispute.j2", "penalty-relief.j2", "call-sheet.j2"})
SIGNATURE_GAP = 2  # blank lines above a signature line, room to sign
# i18n: a number written as a word, inside a sentence ("the prior three tax years")
NUMBER_WORDS = (
    N_("zero"), N_("one"), N_("two"), N_("three"), N_("four"),
    N_("five"), N_("six"), N_("seven"), N_("eight"), N_("nine"),
)  # fmt: skip


COMPILED_PACKAGE = "cp14.letters._compiled"  # only in the wheel built for the browser


def _load(name: str) -> str | None:
    """Only the package's own templates can be loaded."""
    if name not in TEMPLATES:
        return None
    from importlib import resources

    return resources.files("cp14.letters").joinpath("templates", name).read_text("utf-8")


def _module_name(name: str) -> str:
    """dispute.j2 -> tmpl_dispute; penalty-relief.j2 -> tmpl_penalty_relief."""
    return "tmpl_" + name.removesuffix(".j2").replace("-", "_")


def source_digest(source: str) -> str:
    """The sha256 a compiled template module records of its source."""
    import hashlib

    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _compiled(name: str) -> ModuleType | None:
    """The build's compiled module for a template, in the browser's wheel only."""
    try:
        return importlib.import_module(f"{COMPILED_PACKAGE}.{_module_name(name)}")
    except ImportError:
        return None


class _PackageLoader(BaseLoader):
    """The package's own templates, by name; precompiled ones when the build made them."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source = _load(template)
        if source is None:
            raise TemplateNotFound(template)
        return source, None, None

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        if name not in TEMPLATES:
            raise TemplateNotFound(name)
        module = _compiled(name)
        if module is None:
            return super().load(environment, name, globals)
        return environment.template_class.from_module_dict(
            environment, module.__dict__, globals or {}
        )


def _bdi(value: Any) -> Markup:  # noqa: ANN401
    """Isolate a name's writing direction (Arabic or Hebrew names inside English text)."""
    return Markup("<bdi>{}</bdi>").format(value)


def _never_none(value: Any) -> Any:  # noqa: ANN401
    """A blank answer must never print as "None": fail loudly instead (tests catch it)."""
    if value is None:
        raise ValueError("a letter template printed a blank value")
    return value


def _filled(variables: dict[str, Any]) -> dict[str, Any]:
    """The values a message's placeholders take: never a blank one, as for _never_none."""
    for value in variables.values():
        _never_none(value)
    return variables


@cache
def environment() -> ImmutableSandboxedEnvironment:
    """The templates' environment: sandboxed, autoescaped, and with the gettext calls of
    Jinja's i18n extension bound to cp14.i18n, so a template says its words in the
    language of the call that renders it (``i18n.language``). The messages are
    "newstyle": ``_("Notice %(number)s", number=...)`` escapes the values it puts in,
    like ``{{ }}`` does, and the words themselves are the catalogs' (trusted)."""
    env = ImmutableSandboxedEnvironment(
        loader=_PackageLoader(),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        auto_reload=False,
        finalize=_never_none,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # as the catalogs script extracts them
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the extension
        i18n._, i18n.ngettext, newstyle=True
    )
    gettext, ngettext = env.globals["gettext"], env.globals["ngettext"]

    @pass_context
    def checked_gettext(context: Context, message: str, /, **variables: Any) -> str:  # noqa: ANN401
        return gettext(context, message, **_filled(variables))

    @pass_context
    def checked_ngettext(
        context: Context,
        singular: str,
        plural: str,
        n: int,
        /,
        **variables: Any,  # noqa: ANN401
    ) -> str:
        return ngettext(context, singular, plural, n, **_filled(variables))

    env.globals.update(gettext=checked_gettext, ngettext=checked_ngettext)
    env.filters["bdi"] = _bdi
    env.tests["slot"] = lambda value: isinstance(value, Slot)
    return env


def compiled_templates() -> dict[str, str]:
    """Python source for each template, as jinja2 compiles it for this environment.

    The build writes these into the browser's wheel as ``cp14/letters/_compiled/``.
    They are the same code jinja2 would generate at run time (same environment,
    so the same autoescaping, sandbox and whitespace rules).
    """
    env = environment()
    out = {}
    for name in sorted(TEMPLATES):
        source = _load(name)
        assert source is not None
        code = env.compile(source, name, name, raw=True, defer_init=True)
        out[f"{_module_name(name)}.py"] = f"{code}\nSOURCE_SHA256 = {source_digest(source)!r}\n"
    return out


def context(parsed: Parsed, fta_years: int) -> dict[str, Any]:
    """What a letter template gets, in the current language (dates, placeholders)."""
    raw, show = parsed.raw, display(parsed)
    joint = show.get("spouse_name") is not None
    tax_year = raw.get("tax_year")
    letter_date = raw.get("letter_date")
    return {
        "kind": parsed.kind,
        "lang": i18n.current(),
        "v": show,
        "joint": joint,
        "people": 2 if joint else 1,
        "reasons": tuple(raw.get("reasons") or ()),
        "grounds": tuple(raw.get("grounds") or ()),
        "letter_date_iso": letter_date.isoformat() if letter_date else None,
        "fta_years": _(NUMBER_WORDS[fta_years]) if 0 <= fta_years < 10 else str(fta_years),
        "prior_years": (tax_year - fta_years, tax_year - 1) if tax_year else None,
        "fta": _first_time(parsed),
        # The enclosures the person ticked, in the form's order; nothing is added for them.
        "enclosing": tuple(raw.get("enclosures") or ()),
        "enclosures_slot": Slot(_("[List what you put in the envelope]"), lines=3)
        if parsed.draft
        else None,
    }


def _first_time(parsed: Parsed) -> dict[str, Any]:
    """What the letter says about first-time relief: only conditions the person confirmed."""
    relief = parsed.relief
    if relief is None or not relief.first_time:
        return {"ask": False, "all": False, "confirmed": {}, "unknown": 0}
    return {
        "ask": True,
        # "all three conditions" only when each is met today (a plan asked for is not yet)
        "all": relief.unknown == 0 and relief.confirmed.get("fta_tax_paid") != "plan_requested",
        "confirmed": dict(relief.confirmed),
        "unknown": relief.unknown,
    }


def render_html(parsed: Parsed, fta_years: int, lang: str = i18n.DEFAULT) -> str:
    """The letter as an HTML fragment, in `lang` (English: the letter to mail)."""
    template = environment().get_template(f"{parsed.kind}.j2")
    with i18n.language(lang):
        return template.render(context(parsed, fta_years)).strip() + "\n"


# ---------------------------------------------------------------- HTML -> text

# Markers that never occur in answers (clean_text removes control characters).
_BR = "\x00"  # a line break inside a block
_KEEP = "\x01"  # a space that must not break a line, inside a short placeholder
KEEP_TOGETHER = 40  # placeholders up to this length stay on one line
_BLOCKS = frozenset({"p", "address", "li", "h3", "h4"})


class _Block:
    def __init__(self, tag: str, classes: list[str], in_enclosures: bool) -> None:
        self.tag = tag
        self.classes = classes
        self.in_enclosures = in_enclosures
        self.parts: list[str] = []

    def lines(self) -> list[str]:
        text = re.sub(r"\s+", " ", "".join(self.parts))
        return [line.strip() for line in text.split(_BR)]


class _TextReader(HTMLParser):
    """Reads the letter fragment back as blocks of lines (only our own markup).

    A placeholder (``<span class="placeholder">``, with its own spans inside: the
    room to write in and the instruction) reads as its instruction, "[Tax year]",
    kept on one line when it is short."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.current: _Block | None = None
        self.enclosure_list = False
        self.spans: list[bool] = []  # open spans: True for a placeholder
        self.placeholder: list[str] = []  # the text of the placeholder being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in _BLOCKS:
            self.current = _Block(tag, classes, self.enclosure_list and tag == "li")
        elif tag == "br" and self.current is not None:
            self.current.parts.append(_BR)
        elif tag == "ul":
            self.enclosure_list = "letter-enclosures" in classes
        elif tag == "span":
            self.spans.append("placeholder" in classes)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and self.current is not None:
            self.blocks.append(self.current)
            self.current = None
        elif tag == "ul":
            self.enclosure_list = False
        elif tag == "span" and self.spans and self.spans.pop():
            text, self.placeholder = "".join(self.placeholder), []
            if len(text) <= KEEP_TOGETHER:
                text = text.replace(" ", _KEEP)
            if self.current is not None:
                self.current.parts.append(text)

    def handle_data(self, data: str) -> None:
        if self.current is None:
            return
        if any(self.spans):
            self.placeholder.append(data)
        else:
            self.current.parts.append(data)


def _wrap(line: str, first: str = "", rest: str = "") -> list[str]:
    if not line:
        return [first.rstrip()]
    return textwrap.wrap(
        line,
        width=WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    )


def html_to_text(html: str) -> tuple[str, list[str]]:
    """The letter as plain text (lines of at most 72 characters) and its enclosure list."""
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    out: list[str] = []
    enclosures: list[str] = []
    for block in reader.blocks:
        lines = [line for line in block.lines() if line] or [""]
        plain = " ".join(lines).replace(_KEEP, " ")
        if block.tag == "li":
            gap = 0  # list items follow the sentence that introduces them
            wrapped = _wrap(" ".join(lines), "- ", "  ")
            if block.in_enclosures:
                enclosures.append(plain)
        else:
            gap = SIGNATURE_GAP + 1 if "signature" in block.classes else 1
            wrapped = [w for line in lines for w in _wrap(line)]
        if out:
            out.extend([""] * gap)
        out.extend(wrapped)
    return "\n".join(out).replace(_KEEP, " ").rstrip() + "\n", enclosures
