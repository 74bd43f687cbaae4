"""Helpers for the end-to-end tests of the two tool pages (keyboard, waiting, recording)."""

from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Python starts in a few seconds; on a busy 2-core machine it can take much longer.
LOAD_TIMEOUT_MS = float(os.environ.get("CP14_TOOL_TIMEOUT_MS", "90000"))

# axe-core over the whole page, for these WCAG tags; a list of violations in words.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
_RUN_AXE = """async ([tags, scope]) => {
  const r = await axe.run(scope ? document.querySelector(scope) : document,
                          {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.map(n => n.target.join(" ")).join(", "));
}"""


# Nothing is moving: no transition or animation is running (one that repeats for
# ever, a spinner, is as it always is). axe measures colours as they are drawn, so a
# button half-way through fading in (Material's "Back to top") would fail contrast.
STILL = """() => document.getAnimations().every((a) => a.playState !== "running" ||
  (a.effect && a.effect.getComputedTiming().iterations === Infinity))"""


def axe(page, scope: str | None = None) -> list[str]:
    """axe-core's violations on the page as it is now, or inside the element `scope`
    names (the context must bypass CSP and ask for reduced motion, under which the
    theme turns its transitions off), once nothing on it is moving."""
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches"), (
        "run axe in a context with reduced_motion='reduce'"
    )
    page.wait_for_function(STILL)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(_RUN_AXE, [AXE_TAGS, scope])


CSP_PROBE = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI);
});
"""


@dataclass
class Recorder:
    """Requests (URLs) and console problems seen by one browser context."""

    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def take(self) -> list[str]:
        out, self.requests = self.requests, []
        return out


def origin_of(url: str) -> str:
    """The origin a request goes to. A blob: URL is made in the tab itself (the
    worker imports Pyodide's checked JavaScript from one): its origin is the page's."""
    if url.startswith("blob:"):
        url = url[len("blob:") :]
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def cp14_worker(page):
    """The tool's Python worker (started from a blob: URL; its settings are its name)."""
    for worker in page.workers:
        if worker.evaluate("typeof self.name === 'string' && self.name.includes('indexURL')"):
            return worker
    raise AssertionError(f"no cp14 worker among {[w.url for w in page.workers]}")


def wait_ready(page) -> None:
    """Python is running in the worker (the tool root says data-state="ready")."""
    page.wait_for_selector("[data-cp14-tool][data-state=ready]", timeout=LOAD_TIMEOUT_MS)


def hold_wasm(ctx):
    """Hold back the WebAssembly of every page of `ctx` (a route that answers only
    once let go), so that Python is surely still loading; returns `let_go()`, which
    lets every held request (and every later one) through."""
    release = threading.Event()
    routes = []

    def hold(route) -> None:
        if release.is_set():
            route.continue_()
        else:
            routes.append(route)

    def let_go() -> None:
        release.set()
        while routes:
            routes.pop().continue_()

    ctx.route("**/pyodide.asm.wasm*", hold)
    return let_go


def wait_idle(page) -> None:
    """The tool has worked out its answer for the form as it is now (no
    data-working on its root): what is on screen is about to stay."""
    page.wait_for_selector(
        "[data-cp14-tool]:not([data-working])", state="attached", timeout=LOAD_TIMEOUT_MS
    )


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def type_date(page, selector: str, iso: str) -> None:
    """A native date field in the en-US locale: month, day, year digits in order."""
    year, month, day = iso.split("-")
    tab_to(page, selector)
    page.keyboard.type(f"{month}{day}{year}")


# ---------------------------------------------------------------- printed pages


def _times(m: list[float], n: list[float]) -> list[float]:
    """The PDF matrix product m × n (row vectors, as PDF writes them)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t,
            e * q + f * s + u]  # fmt: skip


@dataclass
class PrintedPage:
    """One page of a PDF as printed: its lines of text and its thin horizontal rules
    (lines to write on, drawn by CSS borders), in points from the top of the page."""

    lines: list[tuple[float, str, float]]  # (y, text, font size)
    rules: list[tuple[float, float, float]]  # (y, x from, x to)

    @property
    def text(self) -> str:
        return "\n".join(t for _, t, _ in self.lines)

    def line(self, words: str) -> tuple[float, str, float]:
        found = [ln for ln in self.lines if words in ln[1]]
        assert found, f"{words!r} is not on the page:\n{self.text}"
        return found[0]

    def rules_above(self, words: str, min_width: float = 0) -> int:
        """How many rules lie between the line holding `words` and the text line above it."""
        y = self.line(words)[0]
        above = max((ln[0] for ln in self.lines if ln[0] < y - 1), default=0.0)
        return sum(1 for ry, x0, x1 in self.rules if above < ry < y and x1 - x0 >= min_width)


def printed_pages(pdf: bytes) -> list[PrintedPage]:
    """Read a PDF back with pypdf: each page's text lines with their size, and its rules."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        ctm, stack, rules = [1.0, 0, 0, 1, 0, 0], [], []
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop()
            elif op == b"cm":
                ctm = _times([float(v) for v in operands], ctm)
            elif op == b"re":
                x, y, w, h = (float(v) for v in operands)
                a, b = _times([1, 0, 0, 1, x, y], ctm), _times([1, 0, 0, 1, x + w, y + h], ctm)
                (x0, x1), (y0, y1) = sorted((a[4], b[4])), sorted((a[5], b[5]))
                if y1 - y0 <= 1.5 and x1 - x0 >= 20:
                    rules.append((height - (y0 + y1) / 2, x0, x1))
        pieces: dict[float, list[tuple[float, str, float]]] = {}

        def visit(text, cm, tm, font, size, pieces=pieces, height=height) -> None:
            if text.strip():
                m = _times(tm, cm)
                scale = (m[0] ** 2 + m[1] ** 2) ** 0.5
                pieces.setdefault(round(height - m[5], 1), []).append((m[4], text, size * scale))

        page.extract_text(visitor_text=visit)
        lines = [
            (y, "".join(t for _, t, _ in sorted(row)).strip(), max(s for _, _, s in row))
            for y, row in sorted(pieces.items())
        ]
        pages.append(PrintedPage(lines, sorted(rules)))
    return pages
