"""mkdocs.es.yml (the Spanish build) says what mkdocs.yml says, but for what is about
the language: the same theme, templates, extensions, plugins, hooks and features,
so that a change to the English build is a change to both or a failing test.

It is a file of its own, not `INHERIT: mkdocs.yml`, because Zensical appends the
lists an inheriting file gives (nav, plugins, extra_css) where MkDocs replaces them.
The Spanish nav is the English one, page for page, in the same order, with
questions for headings where the English has them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

# The settings that are the language's, and so may differ.
LANGUAGE_KEYS = {
    "site_name",
    "site_description",
    "site_url",
    "copyright",
    "docs_dir",
    "site_dir",
    "exclude_docs",
    "nav",
    "extra",
    "extra_css",
    "extra_javascript",
}


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: f"!ENV {node.value!r}")


def _load(name: str) -> dict:
    return yaml.load((ROOT / name).read_text(encoding="utf-8"), Loader=_Loader)


@pytest.fixture(scope="module")
def configs() -> tuple[dict, dict]:
    return _load("mkdocs.yml"), _load("mkdocs.es.yml")


def _nav_files(nav: list) -> list[str]:
    out: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        out += _nav_files(value) if isinstance(value, list) else [value]
    return out


def _without_words(value):
    """A setting without its words (the palette toggles' names, the permalink's
    title, the search language): what must be the same in both languages."""
    if isinstance(value, dict):
        return {
            k: _without_words(v)
            for k, v in value.items()
            if k not in ("name", "permalink_title", "language", "lang")
        }
    if isinstance(value, list):
        return [_without_words(v) for v in value]
    return value


def _plugins(value: list) -> list:
    """Plugin names with their settings ("search" and {"search": {...}} alike)."""
    return [(item, {}) if isinstance(item, str) else next(iter(item.items())) for item in value]


def test_the_spanish_build_says_what_the_english_one_says(configs):
    en, es = configs
    assert set(en) - LANGUAGE_KEYS == set(es) - LANGUAGE_KEYS - {"docs_dir", "site_dir"}
    for key in sorted(set(en) - LANGUAGE_KEYS):
        if key == "plugins":
            mine = [(n, _without_words(s)) for n, s in _plugins(en[key])]
            theirs = [(n, _without_words(s)) for n, s in _plugins(es[key])]
            assert mine == theirs, key
        else:
            assert _without_words(en[key]) == _without_words(es[key]), key


def test_the_language_settings(configs):
    en, es = configs
    assert en["theme"]["language"] == "en" and es["theme"]["language"] == "es"
    assert dict(_plugins(es["plugins"]))["search"] == {"lang": "es"}
    assert es["docs_dir"] == "docs/es" and es["site_dir"] == "site/es"
    assert "es/" in en["exclude_docs"].split()
    assert en["extra"]["cp14"]["lang"] == "en" and es["extra"]["cp14"]["lang"] == "es"
    assert en["extra"]["cp14"]["folder"] == "" and es["extra"]["cp14"]["folder"] == "es/"
    assert en["extra"]["cp14"]["languages"] == es["extra"]["cp14"]["languages"]
    assert set(en["extra"]["cp14"]["words"]) == set(es["extra"]["cp14"]["words"])
    # The Spanish pages load the English build's files (one copy at the site's root).
    assert es["extra_css"] == ["../" + p for p in en["extra_css"]]
    assert es["extra_javascript"] == ["../" + p for p in en["extra_javascript"]]
    assert "SITE_URL_ES" in es["site_url"] and "/cp14/es/" in es["site_url"]


def test_the_spanish_nav_is_the_english_one(configs):
    en, es = configs
    assert _nav_files(es["nav"]) == _nav_files(en["nav"])
    for md in _nav_files(es["nav"]):
        assert (ROOT / "docs" / "es" / md).is_file(), md
    headings = [next(iter(i)) for i in es["nav"] if isinstance(i, dict)]
    english = [next(iter(i)) for i in en["nav"] if isinstance(i, dict)]
    for mine, theirs in zip(headings, english, strict=True):
        assert mine.startswith("¿") == theirs.endswith("?") and mine.endswith("?") == (
            theirs.endswith("?")
        ), (mine, theirs)
