"""Untrusted text in every field of the letter form, and the pages' security headers.

Each free-text field gets, in turn, every payload below; the letter must show the
text exactly as typed and nothing may run (window.__pwned stays unset, no element
appears that the letter templates do not make). Fields that only take a number or
a date get the payloads too: they must answer with a plain message.

Also: every built page carries a Content-Security-Policy <meta> whose script
hashes match its inline scripts, without 'unsafe-inline' or 'unsafe-eval'.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from e2ekit import LOAD_TIMEOUT_MS, wait_ready
from playwright.sync_api import expect

from cp14 import api

PAYLOADS = [
    "<img src=x onerror=window.__pwned=1>",
    "</script><script>window.__pwned=1</script>",
    "{{7*7}} {% print 1 %}",
    "javascript:window.__pwned=1",
]
FREE_TEXT = {"text", "long_text", "address", "list"}
# Letter markup: what cp14's templates make (anything else would be injected).
LETTER_TAGS = {"article", "address", "p", "br", "span", "strong", "bdi", "time", "ul", "li"}

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
INLINE = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def _fields(kind: str) -> list[dict]:
    return api.call("letter_fields", {"kind": kind})["fields"]


def _reveal_everything(page, kind: str) -> None:
    """Choose the answers that show every follow-up question for this kind."""
    page.check(f"#kind-{kind}")
    page.check("#f-joint-1")
    boxes = ["reasons", "not_applied_issue"] if kind == "dispute" else ["grounds", "penalty_type"]
    for name in boxes:
        for box in page.locator(f"[name={name}]").all():
            if box.get_attribute("type") == "checkbox":
                box.check()
    if kind == "dispute":
        page.check("[name=not_applied_issue][value=other_year]")
    else:
        page.check("[name=penalty_type][value=other]")


@pytest.mark.browser
@pytest.mark.parametrize("service_workers", ["block", "allow"])
def test_payloads_are_shown_as_text_and_never_run(tool_page, base_url, recorder):
    page = tool_page
    page.goto(base_url + "tools/letter/")
    wait_ready(page)
    live = page.locator("[data-role=live-letter]")
    for kind in ("dispute", "penalty-relief"):
        _reveal_everything(page, kind)
        fields = [f for f in _fields(kind) if page.locator(f"#f-{f['name']}").is_visible()]
        free = [f for f in fields if f["type"] in FREE_TEXT]
        assert len(free) >= 8, [f["name"] for f in free]
        for round_ in range(len(PAYLOADS)):
            expected = {}
            for i, f in enumerate(free):
                payload = PAYLOADS[(i + round_) % len(PAYLOADS)]
                text = f"{f['name']} {payload}"[: f.get("max_length") or 100]
                page.locator(f"#f-{f['name']}").fill(text)
                expected[f["name"]] = text
            page.locator("#f-name").press("Tab")
            for text in expected.values():
                expect(live).to_contain_text(text, timeout=LOAD_TIMEOUT_MS)
            tags = set(live.evaluate("e => [...e.querySelectorAll('*')].map(n => n.localName)"))
            assert tags <= LETTER_TAGS, tags - LETTER_TAGS
            assert page.evaluate("window.__pwned") is None
            assert page.locator("a[href^='javascript']").count() == 0
        # The number and date fields answer in words, and still run nothing.
        strict = [
            f for f in fields if f["type"] not in FREE_TEXT | {"choice", "choices", "confirm"}
        ]
        for f in strict:
            control = page.locator(f"#f-{f['name']}")
            if control.get_attribute("type") in ("date", "checkbox"):
                continue  # a date field or a box to tick cannot hold text at all
            control.fill(PAYLOADS[0])
        page.locator("#f-name").press("Tab")
        expect(page.locator("#f-ssn_last4-error")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        assert page.locator("[data-role=error]:visible").count() >= 3
        assert page.locator("form img, form script").count() == 0
        assert page.evaluate("window.__pwned") is None
        page.reload()
        wait_ready(page)
    assert recorder.problems == [], recorder.problems


def test_every_page_has_a_strict_csp(site_dir: Path):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        metas = CSP_META.findall(html)
        assert len(metas) == 1, path
        policy = dict(
            (d.split(" ", 1)[0], d.split(" ", 1)[1] if " " in d else "")
            for d in (x.strip() for x in metas[0].split(";"))
        )
        assert policy["default-src"] == "'self'"
        assert policy["connect-src"] == "'self'"
        assert policy["object-src"] == "'none'"
        assert policy["form-action"] == "'none'"
        tokens = metas[0].replace(";", " ").split()
        assert "'unsafe-inline'" not in tokens and "'unsafe-eval'" not in tokens
        # Workers start from blob: URLs so that this policy is theirs too; only a
        # tool page's Python worker may compile WebAssembly and import the checked
        # copies of Pyodide's JavaScript it makes.
        assert policy["worker-src"] == "'self' blob:"
        tool = "/tools/" in path.as_posix()
        assert ("'wasm-unsafe-eval'" in policy["script-src"].split()) == tool, path
        assert ("blob:" in policy["script-src"].split()) == tool, path
        head = html[: html.index(metas[0])]
        assert "<script" not in head, f"{path}: a script comes before the CSP"
        want = set()
        for attrs, body in INLINE.findall(html):
            if "application/json" in attrs:
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            want.add(f"'sha256-{digest}'")
        have = {t for t in policy["script-src"].split() if t.startswith("'sha256-")}
        assert have == want, path
