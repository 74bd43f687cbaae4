"""The message catalogs: find the messages in the sources, update the .po files, check them.

    python scripts/catalogs.py update [DOMAIN ...]   # after changing a message in the code
    python scripts/catalogs.py check     # what the tests check (exit 1 on a problem)
    python scripts/catalogs.py compile   # .po -> .mo (the wheel build does this too)

Each part of the core has its catalog (cp14.i18n.DOMAINS); SOURCES says which
files feed which. `update` writes the English template (``<domain>.pot``, the
message ids as the code has them) and brings every language's ``.po`` in line
with it: new ids arrive with an empty translation, ids the code no longer has
are dropped. A translator then fills the empty ``msgstr`` lines.

A translation that is the same as the English on purpose (a form number, "IRS",
an address) carries the flag ``#, same-as-english``; without it, `check` calls
the entry untranslated.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "cp14"
LOCALE = PKG / "locale"
# The site's own page words (tool pages' forms, the browser modules' messages) are
# the build's, not the core's: their catalog lives with the build hooks and is not
# in the wheel.
WEB_LOCALE = ROOT / "hooks" / "locale"
LANGS = ("es",)
SAME = "same-as-english"
# Fixed header dates, so that a file changes only when its messages do.
STAMP = datetime(2026, 1, 1, tzinfo=UTC)
HEADER = "# cp14's messages: {domain}. Regenerate with python scripts/catalogs.py update.\n#"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# domain -> the files whose messages it holds (globs under src/cp14, or under the
# project's root for "web", and the extraction method).
SOURCES: dict[str, list[tuple[str, str]]] = {
    "core": [
        ("api.py", "python"),
        ("inputs.py", "python"),
        ("validate.py", "python"),
        ("facts.py", "python"),
        ("interest.py", "python"),
        ("businessdays.py", "python"),
    ],
    "deadlines": [
        ("api_deadlines.py", "python"),
        ("deadlines.py", "python"),
        ("terms.py", "python"),
        ("guidance.py", "python"),
        ("ics.py", "python"),
        ("penalties.py", "python"),
    ],
    "plan": [("api_plan.py", "python"), ("plan.py", "python"), ("cli_plan.py", "python")],
    "letters": [("letters/*.py", "python"), ("letters/templates/*.j2", "jinja2")],
    "cli": [("cli.py", "python")],
    "web": [
        ("hooks/*.py", "python"),
        ("hooks/templates/**/*.html", "jinja2"),
        ("docs/javascripts/**/*.js", "javascript"),
    ],
}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}


def _method(name: str) -> str:
    return "jinja2.ext:babel_extract" if name == "jinja2" else name


def extract(domain: str) -> Catalog:
    """The English template of `domain`: every message its sources mark."""
    template = _catalog(domain, None)
    for pattern, method in SOURCES[domain]:
        for path in sorted((ROOT if domain == "web" else PKG).glob(pattern)):
            options = JINJA_OPTIONS if method == "jinja2" else {}
            if method == "javascript":
                options = {"jsx": False, "template_string": True}
            for lineno, message, comments, context in extract_from_file(
                _method(method), path, keywords=KEYWORDS, comment_tags=("i18n:",),
                options=options, strip_comment_tags=True,
            ):  # fmt: skip
                where = (str(path.relative_to(ROOT)), lineno)
                template.add(message, None, [where], auto_comments=comments, context=context)
    return template


def _catalog(domain: str, lang: str | None) -> Catalog:
    catalog = Catalog(
        locale=lang, domain=domain, project="cp14", version="0.1.0", fuzzy=False,
        header_comment=HEADER.format(domain=domain), creation_date=STAMP, revision_date=STAMP,
        copyright_holder="cp14 contributors", msgid_bugs_address="",
    )  # fmt: skip
    return _two_forms(catalog)


def _two_forms(catalog: Catalog) -> Catalog:
    """English and Spanish have two plural forms: one, and every other number."""
    catalog._num_plurals = 2  # Babel reads these two for the header
    catalog._plural_expr = "(n != 1)"
    return catalog


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return _two_forms(read_po(f))


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=88, include_lineno=False)


def locale_dir(domain: str) -> Path:
    return WEB_LOCALE if domain == "web" else LOCALE


def po_path(lang: str, domain: str) -> Path:
    return locale_dir(domain) / lang / "LC_MESSAGES" / f"{domain}.po"


def update(domains: list[str] | None = None) -> None:
    """Rewrite the template and each language's catalog of `domains` (default: all)."""
    for domain in domains or list(SOURCES):
        template = extract(domain)
        _write(locale_dir(domain) / f"{domain}.pot", template)
        for lang in LANGS:
            path = po_path(lang, domain)
            catalog = _read(path) if path.exists() else _catalog(domain, lang)
            catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
            catalog.obsolete.clear()
            _write(path, catalog)


def _ids(catalog: Catalog) -> set[object]:
    return {m.id for m in catalog if m.id}


def _untranslated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if any(not s for s in strings):
        return True
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    return SAME not in message.flags and any(s in ids for s in strings)


def problems() -> Iterator[str]:
    """Every way the catalogs and the code disagree, in words."""
    for domain in SOURCES:
        code = extract(domain)
        pot = locale_dir(domain) / f"{domain}.pot"
        if not pot.exists() or _ids(_read(pot)) != _ids(code):
            yield f"{pot.relative_to(ROOT)} is out of date: run python scripts/catalogs.py update"
        for lang in LANGS:
            path = po_path(lang, domain)
            if not path.exists():
                yield f"{path.relative_to(ROOT)} is missing"
                continue
            catalog = _read(path)
            for missing in sorted(map(str, _ids(code) - _ids(catalog))):
                yield f"{path.relative_to(ROOT)}: no entry for {missing!r}"
            for extra in sorted(map(str, _ids(catalog) - _ids(code))):
                yield f"{path.relative_to(ROOT)}: the code no longer has {extra!r}"
            for message in catalog:
                if not message.id:
                    continue
                if message.fuzzy:
                    yield f"{path.relative_to(ROOT)}: {message.id!r} is marked fuzzy"
                elif _untranslated(message):
                    yield f"{path.relative_to(ROOT)}: {message.id!r} is not translated"


def compile_all() -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from hatch_build import compile_catalogs

    return compile_catalogs(ROOT) + compile_catalogs(ROOT, WEB_LOCALE.relative_to(ROOT))


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update(argv[1:])
        return 0
    if command == "compile":
        for mo in compile_all():
            print(mo.relative_to(ROOT))
        return 0
    if command == "check":
        found = list(problems())
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
