"""Helpers for the end-to-end tests of the two tool pages (keyboard, waiting, recording)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Python starts in a few seconds; on a busy 2-core machine it can take much longer.
LOAD_TIMEOUT_MS = float(os.environ.get("CP14_TOOL_TIMEOUT_MS", "90000"))

# axe-core over the whole page, for these WCAG tags; a list of violations in words.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
_RUN_AXE = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                     resultTypes: ["violations"]});
  return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.map(n => n.target.join(" ")).join(", "));
}"""


# Nothing is moving: no transition or animation is running (one that repeats for
# ever, a spinner, is as it always is). axe measures colours as they are drawn, so a
# button half-way through fading in (Material's "Back to top") would fail contrast.
STILL = """() => document.getAnimations().every((a) => a.playState !== "running" ||
  (a.effect && a.effect.getComputedTiming().iterations === Infinity))"""


def axe(page) -> list[str]:
    """axe-core's violations on the page as it is now (the context must bypass CSP and
    ask for reduced motion, under which the theme turns its transitions off), once
    nothing on it is moving."""
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches"), (
        "run axe in a context with reduced_motion='reduce'"
    )
    page.wait_for_function(STILL)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(_RUN_AXE, AXE_TAGS)


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


def tab_to(page, selector: str, limit: int = 80) -> None:
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
