"""Benchmark the two tool pages in headless Chromium on named network profiles (not a
test: `make bench`).

    python bench/run.py [--runs loopback=5,20mbit=3,4mbit=3,1.6mbit=3] [--profiles loopback,4mbit]
                        [--site site] [--out bench/results.md] [--no-readme]

The built site is served by scripts/serve.py, gzip on, as GitHub Pages does, through
its link: for each profile of serve.PROFILES (loopback; 20 Mbit/s = 2,500,000
bytes/s shared by all connections and 20 ms added to every request, a link just
below the one where the tools fetch their memory image; 4 Mbit/s = 500,000 bytes/s
and 50 ms; 1.6 Mbit/s = 200,000 bytes/s and 150 ms) the link is set before each
page, so every request of a page, its worker's included, shares one throttled
connection. Each page is opened in a
fresh, empty Chromium profile. Per profile and run:

  bare:     a page that only calls loadPyodide() from the same self-hosted runtime
            files, on the same link, then runs "1+1" (time to that);
  letter:   the letter page. "On screen": the first animation frame in which the
            form and the printable blank letter are laid out (non-zero size, not
            hidden), and not before first-contentful-paint. "Live": the
            performance mark cp14:first-preview, else the time the page's
            [data-role=letter-preview] got data-live=true (a MutationObserver
            installed before the page's scripts);
  deadline: the deadline page. The notice date is typed by keyboard as soon as the
            field is on screen; "on screen" is the form, as above. "Result": the
            mark cp14:first-result, else the time [data-role=results] became
            visible (same observer);
  warm:     each tool page again in the same profile (warm HTTP cache);
  bytes, requests: counted at the server from navigation until the link has been
            quiet for a second (bodies after compression, plus headers);
  ideal:    the same files (each once) compressed one by one with xz -9e (Python's
            lzma, preset 9 | PRESET_EXTREME), the limit a better transport could
            reach, and the ratio of the bytes sent to it.

On loopback it also times: re-render after one keystroke on the letter page (median
over key presses), a third visit to the letter page (Chromium reuses compiled
JavaScript from a script's third run), the bare page with Pyodide's stock
python_stdlib.zip (no bytecode added by the build), and the site's worker with the
letter page's settings on an otherwise empty page.

Prints one table per profile (medians, ratios against bare on the same link), puts
the new run at the top of bench/results.md (older runs stay below) and the summary
table in README.md between its bench markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import lzma
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import serve  # noqa: E402
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PREFIX = "/cp14/"
DEFAULT_RUNS = {"loopback": 5, "20mbit": 3, "4mbit": 3, "1.6mbit": 3}
KEYS = "Alexandra Q Sa"
NOTICE_DATE = "03162026"  # typed into a native date field, en-US order
PLAN_BALANCE = "12000"  # the plan page: a balance and what the reader can pay a month
PLAN_MONTHLY = "500"
REFERENCE_LIMIT_S = 60.0
README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"

BARE_PAGE = """<!doctype html>
<html lang="en"><meta charset="utf-8"><title>loadPyodide only</title>
<script type="module">
const indexURL = new URL("{path}", location.href).href;
const {{ loadPyodide }} = await import(indexURL + "pyodide.mjs");
const pyodide = await loadPyodide({{ indexURL }});
pyodide.runPython("1 + 1");
performance.mark("bare:done");
document.documentElement.dataset.done = "1";
</script></html>
"""

# The site's worker on an empty page: start it as the letter page does, ask for the
# blank dispute letter, stop when it arrives.
WORKER_PAGE = """<!doctype html>
<html lang="en"><meta charset="utf-8"><title>cp14 worker only</title>
<script>
const settings = {settings};
settings.indexURL = new URL(settings.indexURL, location.href).href;
const w = new Worker("{worker}", {{type: "module", name: JSON.stringify(settings)}});
w.postMessage({{type: "call", id: 1, name: "letter", payload: {{kind: "dispute", draft: true}}}});
w.onmessage = (e) => {{
  if (e.data.type !== "result") return;
  performance.mark("bare:done");
  document.documentElement.dataset.done = "1";
}};
</script></html>
"""

# Installed before a page's own scripts. Records, in page time (ms after navigation):
# the first animation frame in which the form (and on the letter page the blank
# letter) is laid out; when the letter went live; when the results became visible;
# and, per key press, the time until the letter preview next changed.
PROBE = """
(() => {
  const b = window.__cp14bench = {seen: {}, pending: null, samples: []};
  const shown = (el) => !!el && !el.closest("[hidden]") && el.getClientRects().length > 0
    && el.getBoundingClientRect().height > 0;
  const form = () => document.querySelector("[name=notice_date]")?.form ?? null;
  const preview = () => document.querySelector("[data-role=letter-preview]");
  const tests = {
    screen: () => shown(form()) && (!b.letter || shown(preview())),
    live: () => !!document.querySelector("[data-role=letter-preview][data-live=true]"),
    results: () => shown(document.querySelector("[data-role=results]")),
    failed: () => !!document.querySelector("[data-state=failed]"),
  };
  let framed = false;
  const check = () => {
    b.letter = b.letter || !!preview();
    const now = performance.now();
    for (const [name, test] of Object.entries(tests)) {
      if (name in b.seen || (name === "screen" && framed)) continue;
      if (!test()) continue;
      if (name === "screen") {
        framed = true;
        requestAnimationFrame(() => { b.seen.screen = performance.now(); });
      } else {
        b.seen[name] = now;
      }
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true,
  });
  document.addEventListener("DOMContentLoaded", check);
  document.addEventListener("keydown", () => { b.pending = performance.now(); }, true);
  const watchKeys = () => {
    const p = preview();
    if (!p) return;
    new MutationObserver(() => {
      if (b.pending !== null) { b.samples.push(performance.now() - b.pending); b.pending = null; }
    }).observe(p, {childList: true, subtree: true, characterData: true});
  };
  document.addEventListener("DOMContentLoaded", watchKeys);
})();
"""

READ_TIMES = """
() => {
  const mark = (n) => { const e = performance.getEntriesByName(n); return e.length ? e[0] : null; };
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const ready = mark("cp14:ready");
  const status = document.querySelector("[data-role=status]");
  return {
    seen: window.__cp14bench ? window.__cp14bench.seen : {},
    fcp: fcp ? fcp.startTime : null,
    preview: mark("cp14:first-preview")?.startTime ?? null,
    result: mark("cp14:first-result")?.startTime ?? null,
    ready: ready ? {at: ready.startTime, phases: ready.detail} : null,
    origin: performance.timeOrigin,
    status: status ? status.textContent.trim() : "",
  };
}
"""


@dataclass
class Visit:
    """One page load: times in ms after navigation (None: did not happen)."""

    screen: float | None = None
    live: float | None = None
    failed: str | None = None
    failed_at: float | None = None
    bytes: int = 0
    requests: int = 0
    ideal: int = 0
    warm: float | None = None
    third: float | None = None
    keys: list[float] = field(default_factory=list)
    phases: dict[str, object] = field(default_factory=dict)


def fresh_context(pw: object, profile_dir: str) -> object:
    return pw.chromium.launch_persistent_context(  # type: ignore[attr-defined]
        profile_dir,
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900},
        locale="en-US",
        timezone_id="America/New_York",
    )


_IDEAL: dict[Path, int] = {}


def ideal_bytes(site: Path, paths: list[str]) -> int:
    """xz -9e of each file of `site` the paths name (each once): what the same bytes
    could be."""
    total = 0
    for path in sorted(set(paths)):
        bare = path.split("?", 1)[0].split("#", 1)[0]
        if not bare.startswith(PREFIX):
            continue
        file = site / bare[len(PREFIX) :]
        if bare.endswith("/") or file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            continue
        if file not in _IDEAL:
            _IDEAL[file] = len(lzma.compress(file.read_bytes(), preset=9 | lzma.PRESET_EXTREME))
        total += _IDEAL[file]
    return total


def traffic(server: serve.Server) -> tuple[int, int, int]:
    """Wait until the link is quiet, then the bytes and requests since the last call,
    and the ideal bytes of the same files."""
    server.link.wait_idle(quiet=1.0, timeout=120)
    log = server.link.take_log()
    ok = [r.path for r in log if r.status == 200]
    site = getattr(server, "site_dir", ROOT / "site")
    return sum(r.bytes for r in log), len(log), ideal_bytes(site, ok)


def run_bare(pw: object, server: serve.Server, url: str, limit_s: float) -> Visit:
    visit = Visit()
    with tempfile.TemporaryDirectory() as profile_dir:
        ctx = fresh_context(pw, profile_dir)
        page = ctx.new_page()
        server.link.take_log()
        try:
            page.goto(url, wait_until="commit")
            page.wait_for_selector("html[data-done]", state="attached", timeout=limit_s * 1000)
            visit.live = page.evaluate(
                "() => performance.getEntriesByName('bare:done')[0].startTime"
            )
        except Exception as exc:  # a reference that fails is reported, not fatal
            visit.failed = f"no answer in {limit_s:.0f} s ({type(exc).__name__})"
        ctx.close()
    visit.bytes, visit.requests, visit.ideal = traffic(server)
    return visit


def _wait_done(page: object, done: str, limit_s: float) -> dict[str, object]:
    """Wait until the page shows `done` (a selector) or says it failed; its times."""
    page.wait_for_selector(  # type: ignore[attr-defined]
        f"{done}, [data-state=failed]", state="attached", timeout=limit_s * 1000
    )
    return page.evaluate(READ_TIMES)  # type: ignore[attr-defined]


def _on_screen(times: dict[str, object]) -> float | None:
    seen = times["seen"]
    if "screen" not in seen:  # type: ignore[operator]
        return None
    return max(seen["screen"], times["fcp"] or 0.0)  # type: ignore[index]


def _phases(times: dict[str, object], live: float | None) -> dict[str, object]:
    ready = times.get("ready")
    if not ready or not ready.get("phases"):  # type: ignore[union-attr]
        return {}
    out: dict[str, object] = {}
    for k, v in ready["phases"].items():  # type: ignore[index]
        out[k] = ("yes" if v else "no") if isinstance(v, bool) else round(v - times["origin"])
    out["ready"] = round(ready["at"])  # type: ignore[index]
    if live is not None:
        out["live"] = round(live)
    return out


def _fill(page: object, kind: str, limit_s: float) -> None:
    """Type what the deadline and plan pages need for a first result, as soon as the
    form is on screen (the letter page shows its blank letter without input)."""
    if kind == "letter":
        return
    field_ = page.wait_for_selector(  # type: ignore[attr-defined]
        "[name=notice_date]", state="visible", timeout=limit_s * 1000
    )
    if kind == "plan":
        page.fill("[name=balance]", PLAN_BALANCE)  # type: ignore[attr-defined]
        page.fill("[name=monthly]", PLAN_MONTHLY)  # type: ignore[attr-defined]
    field_.focus()
    page.keyboard.type(NOTICE_DATE)  # type: ignore[attr-defined]


def run_tool(
    pw: object, server: serve.Server, url: str, kind: str, limit_s: float, extras: bool
) -> Visit:
    """One tool page ("letter", "deadline" or "plan") in a fresh profile, then again warm."""
    visit = Visit()
    done = (
        "[data-role=letter-preview][data-live=true]"
        if kind == "letter"
        else "[data-role=results]:not([hidden])"
    )
    with tempfile.TemporaryDirectory() as profile_dir:
        ctx = fresh_context(pw, profile_dir)
        ctx.add_init_script(PROBE)  # type: ignore[attr-defined]
        page = ctx.new_page()
        # Leaving a letter with typed answers asks first; the benchmark says yes.
        page.on("dialog", lambda d: d.accept())  # type: ignore[attr-defined]
        server.link.take_log()
        page.goto(url, wait_until="commit")
        try:
            _fill(page, kind, limit_s)
            times = _wait_done(page, done, limit_s)
        except Exception:  # the page neither finished nor said it failed
            times = page.evaluate(READ_TIMES)
            times["timeout"] = True
        seen = times["seen"]
        visit.screen = _on_screen(times)
        if kind == "letter":
            visit.live = times["preview"] or seen.get("live")
        else:
            visit.live = times["result"] or seen.get("results")
        if visit.live is None:
            why = times["status"].split(". ")[0].rstrip(".") + "." if times["status"] else "-"
            visit.failed_at = seen.get("failed")
            visit.failed = (
                f"not live in {limit_s:.0f} s: {why}"
                if times.get("timeout")
                else f"failed at {fmt_ms(visit.failed_at)}: {why}"
            )
        visit.phases = _phases(times, visit.live)
        visit.bytes, visit.requests, visit.ideal = traffic(server)
        if visit.live is not None:
            if extras and kind == "letter":
                visit.keys = _keystrokes(page)
            visit.warm = _again(page, url, kind, done, limit_s)
            if extras and kind == "letter":
                visit.third = _again(page, url, kind, done, limit_s)
            server.link.wait_idle(quiet=0.5, timeout=60)
            server.link.take_log()
        ctx.close()
    return visit


def _keystrokes(page: object) -> list[float]:
    page.focus("[name=name]")  # type: ignore[attr-defined]
    for ch in KEYS:
        page.keyboard.press(ch if ch != " " else "Space")  # type: ignore[attr-defined]
        page.wait_for_timeout(120)  # type: ignore[attr-defined]
    return page.evaluate("window.__cp14bench.samples")  # type: ignore[attr-defined]


def _again(page: object, url: str, kind: str, done: str, limit_s: float) -> float | None:
    page.goto("about:blank")  # type: ignore[attr-defined]
    page.goto(url, wait_until="commit")  # type: ignore[attr-defined]
    try:
        _fill(page, kind, limit_s)
        times = _wait_done(page, done, limit_s)
    except Exception:  # no answer in time
        return None
    if kind == "letter":
        return times["preview"] or times["seen"].get("live")  # type: ignore[union-attr]
    return times["result"] or times["seen"].get("results")  # type: ignore[union-attr]


def _letter_settings(site: Path) -> dict:
    """The settings the letter page starts its worker with (the tool root's
    data-settings: packages, memory image, runtime files' checksums and sizes)."""
    html = (site / "tools" / "letter" / "index.html").read_text()
    m = re.search(r'data-settings="([^"]*)"', html)
    return json.loads(unescape(m.group(1))) if m else {"packages": ["cp14"], "memory": None}


# ---------------------------------------------------------------------- reporting


def median(values: list[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def fmt_ms(v: float | None) -> str:
    return "-" if v is None else f"{v:,.0f} ms"


def fmt_mb(v: float | None) -> str:
    return "-" if v is None else f"{v / 1e6:.2f} MB"


@dataclass
class Row:
    page: str
    screen: str
    live: str
    ratio: str
    warm: str
    bytes: str
    ideal: str
    vs_ideal: str
    requests: str


def summarize(name: str, visits: list[Visit], bare: float | None, is_bare: bool = False) -> Row:
    lives = [v.live for v in visits]
    live = median(lives)
    failed = sum(v.live is None for v in visits)
    live_text = fmt_ms(live)
    if failed:
        at = median([v.failed_at for v in visits])
        when = f" at {at / 1000:.1f} s" if at is not None else ""
        live_text = (
            f"failed {failed} of {len(visits)}{when}"
            if live is None
            else f"{live_text} ({failed} of {len(visits)} failed{when})"
        )
    ratio = f"{live / bare:.2f} x bare" if live is not None and bare and not is_bare else ""
    return Row(
        page=name,
        screen="" if is_bare else fmt_ms(median([v.screen for v in visits])),
        live=live_text,
        ratio=ratio,
        warm="" if is_bare else fmt_ms(median([v.warm for v in visits])),
        bytes=fmt_mb(median([float(v.bytes) for v in visits])),
        ideal=fmt_mb(median([float(v.ideal) for v in visits])),
        vs_ideal=_vs(
            median([float(v.bytes) for v in visits]), median([float(v.ideal) for v in visits])
        ),
        requests=f"{median([float(v.requests) for v in visits]):.0f}",
    )


HEAD = (
    "Page",
    "On screen",
    "Live / first result",
    "x bare",
    "Warm cache",
    "Bytes",
    "Ideal (xz -9e)",
    "Sent / ideal",
    "Requests",
)


def _vs(sent: float | None, ideal: float | None) -> str:
    return f"{sent / ideal:.2f} x" if sent and ideal else "-"


def text_table(rows: list[Row]) -> str:
    cells = [HEAD, *[tuple(vars(r).values()) for r in rows]]
    widths = [max(len(str(c[i])) for c in cells) for i in range(len(HEAD))]
    lines = []
    for c in cells:
        first = str(c[0]).ljust(widths[0])
        rest = [str(x).rjust(w) for x, w in zip(c[1:], widths[1:], strict=True)]
        lines.append("  ".join([first, *rest]))
    return "\n".join(lines)


def md_table(sections: list[tuple[serve.Profile, int, list[Row]]]) -> list[str]:
    out = [
        "| Link | Page | On screen | Live letter / first result | × bare | Warm cache "
        "| Bytes | Ideal (xz -9e) | Sent / ideal | Requests |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for profile, _runs, rows in sections:
        for r in rows:
            ratio = r.ratio.replace(" x bare", " ×")
            cells = [
                profile.label,
                r.page,
                r.screen,
                r.live,
                ratio,
                r.warm,
                r.bytes,
                r.ideal,
                r.vs_ideal.replace(" x", " ×"),
                r.requests,
            ]
            out.append("| " + " | ".join(c if c not in ("", "-") else "—" for c in cells) + " |")
    return out


def parse_runs(text: str | None, profiles: list[str]) -> dict[str, int]:
    runs = {p: DEFAULT_RUNS.get(p, 3) for p in profiles}
    if not text:
        return runs
    if text.isdigit():
        return dict.fromkeys(profiles, int(text))
    for part in text.split(","):
        name, _, n = part.partition("=")
        if name not in runs or not n.isdigit():
            raise SystemExit(f"--runs: expected N or NAME=N,... with NAME in {profiles}")
        runs[name] = int(n)
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        help="runs per profile: N for all, or NAME=N,... (default: "
        + ",".join(f"{k}={v}" for k, v in DEFAULT_RUNS.items())
        + ")",
    )
    parser.add_argument(
        "--profiles",
        default=",".join(serve.PROFILES),
        help="profiles to measure, in order (default: all of serve.PROFILES)",
    )
    parser.add_argument(
        "--limit", type=float, default=240.0, help="seconds a page may take (default 240)"
    )
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    args = parser.parse_args()
    names = [p for p in args.profiles.split(",") if p]
    unknown = [p for p in names if p not in serve.PROFILES]
    if unknown:
        parser.error(f"unknown profile(s) {unknown}; known: {list(serve.PROFILES)}")
    runs = parse_runs(args.runs, names)
    runtime_dir = next((args.site / "assets" / "pyodide").iterdir())
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    results: dict[str, dict[str, list[Visit]]] = {
        p: {k: [] for k in ("bare", "letter", "deadline", "plan", "stock", "worker")} for p in names
    }
    with tempfile.TemporaryDirectory() as bare_root:
        bare_dir = Path(bare_root)
        _bare_files(args.site, bare_dir, runtime_dir)
        site_server = serve.start_server(args.site, PREFIX)
        bare_server = serve.start_server(bare_dir, PREFIX)
        site_server.site_dir = args.site  # type: ignore[attr-defined]
        bare_server.site_dir = bare_dir  # type: ignore[attr-defined]
        site_url = f"http://127.0.0.1:{site_server.server_address[1]}{PREFIX}"
        bare_url = f"http://127.0.0.1:{bare_server.server_address[1]}{PREFIX}"
        with sync_playwright() as pw:
            # Profiles take turns, run by run, so that background load touches each alike.
            for i in range(max(runs.values())):
                for name in names:
                    if i >= runs[name]:
                        continue
                    site_server.link.use(name)
                    bare_server.link.use(name)
                    loopback = serve.PROFILES[name].rate is None
                    r = results[name]
                    r["bare"].append(run_bare(pw, bare_server, bare_url + "bare.html", args.limit))
                    r["letter"].append(
                        run_tool(
                            pw,
                            site_server,
                            site_url + "tools/letter/",
                            "letter",
                            args.limit,
                            loopback,
                        )
                    )
                    for kind, path in (("deadline", "deadlines"), ("plan", "plan")):
                        r[kind].append(
                            run_tool(
                                pw,
                                site_server,
                                site_url + f"tools/{path}/",
                                kind,
                                args.limit,
                                False,
                            )
                        )
                    if loopback:
                        for ref, page in (("stock", "stock.html"), ("worker", "worker.html")):
                            r[ref].append(
                                run_bare(pw, bare_server, bare_url + page, REFERENCE_LIMIT_S)
                            )
                    _progress(name, i, r, time.monotonic() - started)
        site_server.shutdown()
        bare_server.shutdown()
    elapsed = time.monotonic() - started
    return report(args, names, runs, results, runtime_dir, elapsed)


def _bare_files(site: Path, bare_dir: Path, runtime_dir: Path) -> None:
    """The bare pages, served by their own server over the very same runtime files."""
    os.symlink(site / "assets", bare_dir / "assets")
    os.symlink(site / "javascripts", bare_dir / "javascripts")
    (bare_dir / "bare.html").write_text(
        BARE_PAGE.format(path=f"assets/pyodide/{runtime_dir.name}/")
    )
    stock = bare_dir / "stock"
    stock.mkdir()
    for f in runtime_dir.iterdir():
        source = ROOT / "node_modules" / "pyodide" / f.name
        os.symlink(source if f.name == "python_stdlib.zip" else f.resolve(), stock / f.name)
    (bare_dir / "stock.html").write_text(BARE_PAGE.format(path="stock/"))
    settings = {**_letter_settings(site), "indexURL": f"assets/pyodide/{runtime_dir.name}/"}
    (bare_dir / "worker.html").write_text(
        WORKER_PAGE.format(settings=json.dumps(settings), worker="javascripts/cp14-worker.js")
    )


def _progress(name: str, i: int, r: dict[str, list[Visit]], elapsed: float) -> None:
    def one(v: Visit) -> str:
        return f"{v.live:,.0f}" if v.live is not None else (v.failed or "failed")

    b, le, d = r["bare"][-1], r["letter"][-1], r["deadline"][-1]
    line = (
        f"[{elapsed / 60:4.1f} min] {name} run {i + 1}: bare {one(b)}; "
        f"letter screen {fmt_ms(le.screen)} live {one(le)} ({fmt_mb(le.bytes)}, "
        f"{le.requests} req); deadline screen {fmt_ms(d.screen)} result {one(d)} "
        f"({fmt_mb(d.bytes)}, {d.requests} req); plan result {one(r['plan'][-1])}"
    )
    if r["stock"]:
        line += f"; stock stdlib {one(r['stock'][-1])}; worker only {one(r['worker'][-1])}"
    print(line, file=sys.stderr, flush=True)


def report(
    args: argparse.Namespace,
    names: list[str],
    runs: dict[str, int],
    results: dict[str, dict[str, list[Visit]]],
    runtime_dir: Path,
    elapsed: float,
) -> int:
    sections: list[tuple[serve.Profile, int, list[Row]]] = []
    printed: list[str] = []
    extras_md: list[str] = []
    extras_rows: list[tuple[str, str, str]] = []
    for name in names:
        profile = serve.PROFILES[name]
        r = results[name]
        bare = median([v.live for v in r["bare"]])
        rows = [
            summarize("bare loadPyodide()", r["bare"], bare, is_bare=True),
            summarize("letter page", r["letter"], bare),
            summarize("deadline page", r["deadline"], bare),
            summarize("plan page", r["plan"], bare),
        ]
        sections.append((profile, runs[name], rows))
        printed += [
            f"== {profile.describe()} (median of {runs[name]} runs)",
            text_table(rows),
        ]
        if r["stock"]:
            extras = _loopback_extras(r, bare, args.site, runtime_dir)
            extras_rows = extras
            printed += [f"   {n}: {v}  {note}" for n, v, note in extras]
            extras_md += [
                f"Loopback only (median of {runs[name]} runs):",
                "",
                "| Measure | Median | Note |",
                "|---|---:|---|",
                *(f"| {n} | {v} | {note.replace(' x ', ' × ')} |" for n, v, note in extras),
                "",
            ]
        printed.append("")
    print("\n".join(printed))

    chromium = subprocess.run(
        [CHROMIUM, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    load = os.getloadavg()
    when = dt.datetime.now(dt.UTC)
    run_text = ", ".join(f"{n} {runs[n]}" for n in names)
    md = [
        f"## {when:%Y-%m-%d %H:%M} UTC",
        "",
        f"`make bench` (`python bench/run.py`), {elapsed / 60:.0f} minutes; runs per profile: "
        f"{run_text}; medians, each run in a fresh Chromium profile. Machine: "
        f"{os.cpu_count()} CPUs, {platform.machine()}, load average {load[0]:.1f} / "
        f"{load[1]:.1f} / {load[2]:.1f} at the end; {chromium}. The site is served by "
        "scripts/serve.py with gzip as on GitHub Pages, through a link shared by all "
        "connections: " + "; ".join(serve.PROFILES[n].describe() for n in names) + ".",
        "",
        *md_table(sections),
        "",
        "On screen: the first frame with the form (letter page: and the printable blank",
        "letter) laid out, not before first-contentful-paint. Live letter: the mark",
        "cp14:first-preview. First result: the deadline page with the notice date typed as",
        "soon as its field shows, to the mark cp14:first-result or, without it, the moment",
        "[data-role=results] becomes visible. × bare: against the bare loadPyodide() page on",
        "the same link (same runtime files, same server). Warm cache: the page again in the",
        "same profile. Bytes and requests: counted at the server until the link was quiet",
        "for a second (after compression, headers included); a failed load counts what it",
        "fetched before it stopped.",
        "",
        *extras_md,
        "Every run (ms after navigation; on screen / live or result; a failure gives the",
        "page's status text):",
        "",
        "| Link | Run | bare | letter | deadline | plan | letter bytes | deadline bytes "
        "| plan bytes | letter worker phases | deadline worker phases | plan worker phases |",
        "|---|---:|---:|---|---|---|---:|---:|---:|---|---|---|",
    ]
    for name in names:
        r = results[name]
        for i in range(runs[name]):
            b, le, d, pl = r["bare"][i], r["letter"][i], r["deadline"][i], r["plan"][i]
            md.append(
                f"| {serve.PROFILES[name].label} | {i + 1} | {_cell_live(b)} | "
                f"{_cell_tool(le)} | {_cell_tool(d)} | {_cell_tool(pl)} | {fmt_mb(le.bytes)} | "
                f"{fmt_mb(d.bytes)} | {fmt_mb(pl.bytes)} | "
                f"{', '.join(f'{k} {v}' for k, v in le.phases.items())} | "
                f"{', '.join(f'{k} {v}' for k, v in d.phases.items())} | "
                f"{', '.join(f'{k} {v}' for k, v in pl.phases.items())} |"
            )
    md.append("")
    _write_results(args.out, md)
    print(f"Wrote {_rel(args.out)}")
    if not args.no_readme:
        if _write_readme(args.readme, when, runs, names, sections, extras_rows):
            print(f"Updated the table in {_rel(args.readme)}")
        else:
            print(f"{_rel(args.readme)} has no {README_START} ... {README_END} markers: left alone")
    return 0


def _loopback_extras(
    r: dict[str, list[Visit]], bare: float | None, site: Path, runtime_dir: Path
) -> list[tuple[str, str, str]]:
    letter = median([v.live for v in r["letter"]])
    keys = [s for v in r["letter"] for s in v.keys]
    d = statistics.median(keys) if keys else None
    hot = median([v.third for v in r["letter"]])
    stock = median([v.live for v in r["stock"]])
    worker = median([v.live for v in r["worker"]])
    memory = _letter_settings(site).get("memory")
    image = runtime_dir / memory["file"] if memory else None
    image_mb = image.stat().st_size / 1e6 if image and image.is_file() else 0.0

    def ratio(a: float | None, b: float | None, what: str) -> str:
        return f"{a / b:.2f} x {what}" if a is not None and b else ""

    return [
        (
            "re-render after one keystroke (letter)",
            "-" if d is None else f"{d:.1f} ms",
            f"median of {len(keys)} key presses",
        ),
        ("letter page, third visit", fmt_ms(hot), ratio(hot, letter, "cold")),
        ("bare loadPyodide(), stock python_stdlib.zip", fmt_ms(stock), "no bytecode added"),
        (
            "the site's worker alone, to its first letter",
            fmt_ms(worker),
            ratio(worker, bare, "bare"),
        ),
        ("memory image in the letter page's bytes", f"{image_mb:.2f} MB", "letter.memory.gz"),
    ]


def _cell_live(v: Visit) -> str:
    return f"{v.live:,.0f}" if v.live is not None else (v.failed or "failed")


def _cell_tool(v: Visit) -> str:
    screen = "-" if v.screen is None else f"{v.screen:,.0f}"
    return f"{screen} / {_cell_live(v)}"


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


RESULTS_HEAD = [
    "# Benchmark results",
    "",
    "Every run of `make bench`, newest first (bench/run.py says what is measured).",
    "",
]


def _write_results(out: Path, run: list[str]) -> None:
    """Put `run` at the top of `out`, keeping every older run below it."""
    old = out.read_text() if out.is_file() else ""
    body = old
    if body.startswith(RESULTS_HEAD[0]):
        body = body[len(RESULTS_HEAD[0]) :].lstrip("\n")
        intro = "\n".join(RESULTS_HEAD[2:]).strip()
        if body.startswith(intro):
            body = body[len(intro) :].lstrip("\n")
    if body and not body.startswith("## "):
        # A file from before runs had their own heading: one loopback-only run.
        m = re.search(r"Measured (\d{4}-\d\d-\d\d \d\d:\d\d) UTC", body)
        when = m.group(1) if m else "an earlier run"
        body = f"## {when} UTC (loopback only)\n\n{body}"
    out.write_text("\n".join(RESULTS_HEAD + run) + ("\n" + body if body else ""))


def _write_readme(
    readme: Path,
    when: dt.datetime,
    runs: dict[str, int],
    names: list[str],
    sections: list[tuple[serve.Profile, int, list[Row]]],
    extras: list[tuple[str, str, str]],
) -> bool:
    if not readme.is_file():
        return False
    text = readme.read_text()
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return False
    block = [
        README_START,
        f"Latest run ({when:%Y-%m-%d}, {os.cpu_count()} CPUs, `make bench`, medians of "
        + ", ".join(f"{runs[n]} ({serve.PROFILES[n].label})" for n in names)
        + " fresh profiles):",
        "",
        *md_table(sections),
        "",
    ]
    if extras:
        block += [
            "On loopback:",
            "",
            "| Measure | Median | Note |",
            "|---|---:|---|",
            *(f"| {n} | {v} | {note.replace(' x ', ' × ')} |" for n, v, note in extras),
            "",
        ]
    readme.write_text(text[:start] + "\n".join(block) + text[end:])
    return True


if __name__ == "__main__":
    sys.exit(main())
