"""Accessibility: axe-core finds no violation on any page, in light and in dark mode.

axe-core is pinned in package.json (node_modules/axe-core). The pages carry a strict
Content-Security-Policy, so the contexts are made with bypass_csp=True and axe is
injected with add_script_tag.

Rules: WCAG 2.0/2.1/2.2 A and AA, plus axe's best-practice rules.

Dark mode: mkdocs.yml gives each palette a prefers-color-scheme media query, so a visitor
who has not chosen a palette gets the one their system asks for. The dark context emulates
prefers-color-scheme: dark, and the test checks that Material picked the "slate" scheme
before it runs axe (and "default" in light mode). The contexts ask for reduced motion
(Material then turns its transitions off) and axe runs once nothing moves.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitekit import Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCHEMES = {"light": "default", "dark": "slate"}

# Nothing is moving (the theme moves nothing under reduced motion, which the context
# asks for): axe measures colours as they are drawn.
STILL = """() => document.getAnimations().every((a) => a.playState !== "running" ||
  (a.effect && a.effect.getComputedTiming().iterations === Infinity))"""

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return {
    version: axe.version,
    violations: result.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map(n => ({
        target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : t).join(", "),
        summary: (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 300),
      })),
    })),
  };
}"""


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is pinned in package.json).")
    return AXE


@pytest.mark.parametrize("mode", list(SCHEMES))
def test_axe_finds_no_violations(browser, base_url, pages: list[Page], axe_script, mode):
    expected_scheme = SCHEMES[mode]
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
        color_scheme=mode,
        reduced_motion="reduce",
    )
    timeout = float(os.environ.get("CP14_PAGE_TIMEOUT_MS", "30000"))
    problems: list[str] = []
    # The same violation on many pages (usually the theme's) is reported once, with its pages.
    found: dict[tuple[str, str, str, str, str], list[str]] = {}
    version = "?"
    checked = 0
    try:
        page = context.new_page()
        origin = base_url.rstrip("/")[: -len("/cp14")]
        for site_page in pages:
            url = origin + site_page.path
            response = page.goto(url, wait_until="load", timeout=timeout)
            if response is None or not response.ok:
                status = response.status if response else "no response"
                problems.append(f"{site_page.path} [{mode}]: did not load ({status})")
                continue
            scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            if scheme != expected_scheme:
                problems.append(
                    f"{site_page.path} [{mode}]: body data-md-color-scheme is {scheme!r}, "
                    f"expected {expected_scheme!r} (the palette must follow "
                    "prefers-color-scheme)"
                )
                continue
            page.wait_for_function(STILL)
            page.add_script_tag(path=str(axe_script))
            result = page.evaluate(RUN_AXE, TAGS)
            version = result["version"]
            checked += 1
            for v in result["violations"]:
                for node in v["nodes"]:
                    key = (v["id"], v["impact"] or "", v["help"], node["target"], node["summary"])
                    found.setdefault(key, []).append(site_page.path)
    finally:
        context.close()
    for (rule, impact, help_, target, summary), where in found.items():
        on = "every page" if len(where) == len(pages) else ", ".join(where)
        problems.append(
            f"[{mode}] {rule} ({impact}): {help_}\n    at {target}\n    on {on}\n    {summary}"
        )
    assert not problems, (
        f"axe-core {version} ({', '.join(TAGS)}) in {mode} mode, {checked} pages checked:\n"
        + "\n".join(problems)
    )
    assert checked == len(pages), f"only {checked} of {len(pages)} pages were checked"
    assert urlsplit(base_url).path == "/cp14/"
