"""The site's build step (hooks/finish.py) on one page at a time: what it puts in a
tool page, what it leaves alone, and the one-line errors for a page it cannot finish."""

from __future__ import annotations

import pytest

from modkit import load_file

finish = load_file("cp14_finish", "hooks/finish.py")

THEME = '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
RUNTIME = {
    "path": "assets/pyodide/v-1/",
    "name": "v-1",
    "assets": "0123456789",
    "modules": ["javascripts/cp14/main.js", "javascripts/cp14/tools/letter.js"],
    "integrity": {
        "javascripts/cp14/main.js": "sha256-MAIN",
        "javascripts/cp14/tools/letter.js": "sha256-LETTER",
        "javascripts/cp14-worker.js": "sha256-WORKER",
        "assets/javascripts/bundle.a5f9d56c.min.js": "sha256-THEME",
    },
    "settings": {"letter": {"download": 5, "files": {}}},
}


def _page(body: str, head: str = "") -> str:
    return (
        '<html><head><meta http-equiv="Content-Security-Policy" content="__CP14_CSP__">'
        f"{head}</head><body>{body}{THEME}</body></html>"
    )


def _render(marker: str, rt: dict) -> str:
    return f'<div data-cp14-tool="{marker}" data-base="{rt["base"]}"></div>'


def test_a_tool_page_gets_its_form_head_and_policy() -> None:
    html = _page(
        "<!-- cp14:letter-tool -->",
        "<!-- cp14:early letter --><title>x</title><!-- cp14:head letter -->",
    )
    out = finish.finish_page(html, "tools/letter/", RUNTIME, RUNTIME["integrity"], "/", _render)
    assert '<div data-cp14-tool="letter-tool" data-base="../../">' in out
    assert "<!-- cp14:" not in out and "__CP14_CSP__" not in out
    # The worker's script is checked, the modules are listed with their sha256.
    assert '"sha256-WORKER"' in out and "../../javascripts/cp14/main.js?v=0123456789" in out
    assert '<script type="module" src="../../javascripts/cp14/main.js?v=0123456789"' in out
    assert 'integrity="sha256-MAIN"' in out
    # The theme starts through the loader, which checks it too.
    assert THEME not in out and 'data-integrity="sha256-THEME"' in out
    assert "'wasm-unsafe-eval'" in out
    # The start script comes before the page's title (and so its stylesheets).
    assert out.index("__cp14Worker") < out.index("<title>")


def test_a_guide_page_gets_only_integrity_and_its_policy() -> None:
    out = finish.finish_page(
        _page("<p>Hi</p>"), "help/more/", RUNTIME, RUNTIME["integrity"], "/", _render
    )
    assert THEME.replace("></script>", ' integrity="sha256-THEME"></script>') in out
    assert "default-src 'self'" in out and "'wasm-unsafe-eval'" not in out


@pytest.mark.parametrize(
    ("html", "words"),
    [
        (_page("<!-- cp14:letter-tool -->"), "without `tool:`"),
        (_page("", "<!-- cp14:early nonsense -->"), "no tool named 'nonsense'"),
    ],
)
def test_a_page_it_cannot_finish_is_named(html: str, words: str) -> None:
    with pytest.raises(finish.FinishError, match=words):
        finish.finish_page(html, "x/", RUNTIME, {}, "/", _render)


def test_the_root_and_page_addresses() -> None:
    assert finish.root_of("https://owner.github.io/cp14") == "/cp14/"
    assert finish.root_of(None) == "/"
    assert [finish.page_url(p) for p in ("index.html", "pay/index.html", "404.html")] == [
        "",
        "pay/",
        "404.html",
    ]
