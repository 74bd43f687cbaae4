"""Benchmark the letter tool in headless Chromium (not a test: `make bench`).

    python bench/run.py [--runs 5] [--site site] [--out bench/results.md]

Serves the built site locally (scripts/serve.py, gzip on, as in the tests) and,
for each run, starts Debian's Chromium with a fresh, empty profile:

  (a) bare:  a page that only calls loadPyodide() from the same self-hosted
             files (same server, same compression), then runs "1+1";
  (b) cold:  the letter page, from navigation to the first letter preview
             rendered by Python in the worker;
  (c) warm:  the same page again in the same profile (warm HTTP cache);
  (d) keystroke: median time from a key press in a form field to the
             updated preview on screen;
  (e) bytes: bytes the server sent for (b) (bodies after compression, plus
             headers).

For reference it also times (a) with Pyodide's stock python_stdlib.zip, the one
without the bytecode the build adds (scripts/compile_stdlib.mjs); the site's own
worker, with the letter page's settings (wheels, memory image), on an otherwise
empty page, from navigation to its first letter: the difference between it and
(b) is what the letter page around it costs (HTML, CSS, Material's script); and
a third visit to the letter page, the first one on which Chromium reuses the
JavaScript it compiled.

Prints a table of medians and writes bench/results.md. Targets: (b) <= 1.2 x (a);
(c) <= 0.5 x (b); (d) <= 20 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import serve  # noqa: E402
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PREFIX = "/cp14/"
TIMEOUT_MS = 90_000
KEYSTROKES = 15

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

# Installed before a page's own scripts: records each key press and the time
# the live letter next changes (a MutationObserver fires after the DOM update).
KEY_PROBE = """
window.__cp14bench = {pending: null, samples: []};
document.addEventListener("keydown", () => {
  window.__cp14bench.pending = performance.now();
}, true);
document.addEventListener("DOMContentLoaded", () => {
  const live = document.querySelector("[data-role=live-letter]");
  if (!live) return;
  new MutationObserver(() => {
    const b = window.__cp14bench;
    if (b.pending !== null) { b.samples.push(performance.now() - b.pending); b.pending = null; }
  }).observe(live, {childList: true, subtree: true, characterData: true});
});
"""


class Counter:
    """Bytes the server writes, per request path (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bytes: dict[str, int] = {}

    def add(self, path: str, n: int) -> None:
        with self.lock:
            self.bytes[path] = self.bytes.get(path, 0) + n

    def reset(self) -> dict[str, int]:
        with self.lock:
            out, self.bytes = self.bytes, {}
        return out


COUNTER = Counter()


class _CountingWriter:
    def __init__(self, raw: object, path: str) -> None:
        self.raw = raw
        self.path = path

    def write(self, data: bytes) -> int:
        COUNTER.add(self.path, len(data))
        return self.raw.write(data)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.raw, name)


class CountingHandler(serve.Handler):
    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile, "?")

    def handle_one_request(self) -> None:
        self.wfile.path = "?"  # type: ignore[attr-defined]
        super().handle_one_request()

    def parse_request(self) -> bool:
        ok = super().parse_request()
        self.wfile.path = self.path  # type: ignore[attr-defined]
        return ok


def start(site: Path) -> tuple[object, str]:
    import functools
    import http.server

    handler = functools.partial(
        type("H", (CountingHandler,), {"prefix": PREFIX}), directory=str(site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"


def mark(page: object, name: str) -> float:
    return page.evaluate(  # type: ignore[attr-defined]
        "(n) => { const e = performance.getEntriesByName(n);"
        " return e.length ? e[0].startTime : null; }",
        name,
    )


def fresh_context(pw: object, profile: Path) -> object:
    return pw.chromium.launch_persistent_context(  # type: ignore[attr-defined]
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900},
    )


def run_bare(pw: object, url: str) -> float:
    with tempfile.TemporaryDirectory() as profile:
        ctx = fresh_context(pw, Path(profile))
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_selector("html[data-done]", state="attached", timeout=TIMEOUT_MS)
        value = mark(page, "bare:done")
        ctx.close()
    return value


def wait_preview(page: object) -> float:
    page.wait_for_selector(  # type: ignore[attr-defined]
        "[data-role=letter-preview][data-live=true]", state="attached", timeout=TIMEOUT_MS
    )
    return mark(page, "cp14:first-preview")


def run_letter(pw: object, url: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as profile:
        ctx = fresh_context(pw, Path(profile))
        ctx.add_init_script(KEY_PROBE)
        page = ctx.new_page()
        COUNTER.reset()
        page.goto(url)
        cold = wait_preview(page)
        page.wait_for_load_state("networkidle")
        sent = COUNTER.reset()
        ready = page.evaluate(
            "() => { const e = performance.getEntriesByName('cp14:ready')[0];"
            " return e ? {at: e.startTime, phases: e.detail,"
            " origin: performance.timeOrigin} : null; }"
        )
        # (d) one key at a time, waiting for each preview update.
        page.focus("#f-name")
        for ch in "Alexandra Q Sa"[:KEYSTROKES]:
            page.keyboard.press(ch if ch != " " else "Space")
            page.wait_for_timeout(120)
        samples = page.evaluate("window.__cp14bench.samples")
        # (c) the same page again, same profile: warm HTTP cache.
        page.goto("about:blank")
        COUNTER.reset()
        page.goto(url)
        warm = wait_preview(page)
        warm_sent = COUNTER.reset()
        # For reference, a third visit: Chromium reuses compiled JavaScript only
        # for scripts it has already run twice.
        page.goto("about:blank")
        page.goto(url)
        hot = wait_preview(page)
        ctx.close()
    phases: dict[str, object] = {}
    if ready and ready.get("phases"):
        origin = ready["origin"]
        for k, v in ready["phases"].items():
            if isinstance(v, bool):
                phases[k] = "yes" if v else "no"
            else:
                phases[k] = round(v - origin)
        phases["ready"] = round(ready["at"])
        phases["preview"] = round(cold)
    return {
        "cold": cold,
        "warm": warm,
        "hot": hot,
        "keys": samples,
        "bytes": sum(sent.values()),
        "requests": len(sent),
        "warm_bytes": sum(warm_sent.values()),
        "phases": phases,
    }


def _letter_settings(site: Path) -> tuple[list[str], dict[str, str] | None]:
    """The packages and memory image the letter page starts its worker with."""
    html = (site / "tools" / "letter" / "index.html").read_text()
    packages = re.search(r"packages:(\[[^\]]*\])", html)
    memory = re.search(r"memory:(\{[^}]*\}|null)", html)
    return (
        json.loads(packages.group(1)) if packages else ["cp14"],
        json.loads(memory.group(1)) if memory else None,
    )


def fmt_ms(v: float) -> str:
    return f"{v:,.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("use at least 5 runs (medians)")
    runtime_dir = next((args.site / "assets" / "pyodide").iterdir())
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as bare_root:
        # The bare page gets its own server over the very same runtime files.
        bare_dir = Path(bare_root)
        os.symlink(args.site / "assets", bare_dir / "assets")
        (bare_dir / "bare.html").write_text(
            BARE_PAGE.format(path=f"assets/pyodide/{runtime_dir.name}/")
        )
        stock = bare_dir / "stock"
        stock.mkdir()
        for f in runtime_dir.iterdir():
            source = ROOT / "node_modules" / "pyodide" / f.name
            os.symlink(source if f.name == "python_stdlib.zip" else f.resolve(), stock / f.name)
        (bare_dir / "stock.html").write_text(BARE_PAGE.format(path="stock/"))
        os.symlink(args.site / "javascripts", bare_dir / "javascripts")
        worker = next((args.site / "javascripts").glob("cp14-worker.js")).name
        packages, memory = _letter_settings(args.site)
        settings = {
            "indexURL": f"assets/pyodide/{runtime_dir.name}/",
            "packages": packages,
            "needs": {"letter": ["jinja2"]},
            "memory": memory,
        }
        (bare_dir / "worker.html").write_text(
            WORKER_PAGE.format(settings=json.dumps(settings), worker=f"javascripts/{worker}")
        )
        site_server, site_url = start(args.site)
        bare_server, bare_url = start(Path(bare_root))
        letter_url = site_url + "tools/letter/"
        bare, stock_bare, worker_only, results = [], [], [], []
        with sync_playwright() as pw:
            for i in range(args.runs):
                # Alternate the two so that background load affects both alike.
                bare.append(run_bare(pw, bare_url + "bare.html"))
                results.append(run_letter(pw, letter_url))
                stock_bare.append(run_bare(pw, bare_url + "stock.html"))
                worker_only.append(run_bare(pw, bare_url + "worker.html"))
                r = results[-1]
                print(
                    f"run {i + 1}: bare {fmt_ms(bare[-1])} (stock stdlib "
                    f"{fmt_ms(stock_bare[-1])}, worker only {fmt_ms(worker_only[-1])}), "
                    f"cold {fmt_ms(r['cold'])}, "
                    f"warm {fmt_ms(r['warm'])}, third {fmt_ms(r['hot'])}, phases {r['phases']}",
                    file=sys.stderr,
                )
        site_server.shutdown()  # type: ignore[attr-defined]
        bare_server.shutdown()  # type: ignore[attr-defined]

    a = statistics.median(bare)
    a0 = statistics.median(stock_bare)
    w = statistics.median(worker_only)
    b = statistics.median(r["cold"] for r in results)
    c = statistics.median(r["warm"] for r in results)
    hot = statistics.median(r["hot"] for r in results)
    keys = [s for r in results for s in r["keys"]]
    d = statistics.median(keys) if keys else float("nan")
    e = statistics.median(r["bytes"] for r in results)
    reqs = statistics.median(r["requests"] for r in results)
    warm_bytes = statistics.median(r["warm_bytes"] for r in results)
    image = memory and runtime_dir / memory["file"]
    image_mb = image.stat().st_size / 1e6 if image and image.is_file() else 0.0
    rows = [
        ("(a) bare loadPyodide()", fmt_ms(a), ""),
        ("(b) letter page, cold: first preview", fmt_ms(b), f"{b / a:.2f} x (a); target <= 1.20"),
        ("(c) letter page, warm cache", fmt_ms(c), f"{c / b:.2f} x (b); target <= 0.50"),
        ("(d) re-render after one keystroke", f"{d:.1f} ms", "target <= 20 ms"),
        ("(e) bytes sent for (b)", f"{e / 1e6:.2f} MB", f"{reqs:.0f} requests"),
        ("    bytes sent for (c)", f"{warm_bytes / 1e3:.1f} kB", ""),
        ("(a) with the stock python_stdlib.zip", fmt_ms(a0), "reference: no added bytecode"),
        (
            "the site's worker alone: first letter",
            fmt_ms(w),
            f"reference: {w / a:.2f} x (a), empty page",
        ),
        ("memory image in (e)", f"{image_mb:.2f} MB", "letter.memory.gz"),
        ("letter page, third visit", fmt_ms(hot), f"reference: {hot / b:.2f} x (b)"),
    ]
    width = max(len(r[0]) for r in rows)
    table = "\n".join(f"{n.ljust(width)}  {v:>10}  {note}" for n, v, note in rows)
    print(table)

    chromium = subprocess.run(
        [CHROMIUM, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    load = os.getloadavg()
    md = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `make bench` "
        f"(`python bench/run.py --runs {args.runs}`): median of {args.runs} runs, each in a "
        f"fresh Chromium profile; (d) is the median of {len(keys)} key presses.",
        "",
        f"Machine: {os.cpu_count()} CPUs, {platform.machine()}, load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end; {chromium}; site served "
        "by scripts/serve.py (gzip) on 127.0.0.1, so the network costs almost nothing.",
        "",
        "| Measure | Median | Note |",
        "|---|---:|---|",
        *(f"| {n.strip()} | {v} | {note} |" for n, v, note in rows),
        "",
        "How to read this: (a) and (b) use the same runtime files, including the",
        "standard library that the build ships as bytecode (scripts/compile_stdlib.mjs);",
        f"that makes every start {a0 / a:.1f} times faster than Pyodide's stock files.",
        "The letter page's worker does not start Python from scratch: it restores a",
        "memory image that the build took after importing cp14 and Jinja2 and rendering",
        "the blank letters (scripts/make_memory.mjs). That is why (b) can beat a bare",
        f"loadPyodide(); the image is {image_mb:.1f} MB of the bytes in (e). The worker alone",
        "is the site's worker with the letter page's settings on an otherwise empty page:",
        "the letter page around it (HTML, CSS, Material's script on the main thread,",
        f"sharing the two CPUs with the worker) adds {b - w:,.0f} ms to it. The phases below",
        "are the worker's: started; Pyodide's JavaScript imported; the memory image downloaded,",
        "checked and unpacked (memory); loadPyodide() done (fromMemory: whether the image",
        "was used); the wheels mounted; the bridge to cp14.api defined; the page told",
        '"ready"; the first letter shown (= (b)).',
        "",
        "Every run:",
        "",
        "| Run | (a) bare | (a) stock stdlib | (b) cold | (c) warm | third visit | worker phases "
        "(ms after navigation) |",
        "|---|---:|---:|---:|---:|---:|---|",
        *(
            f"| {i + 1} | {bare[i]:,.0f} | {stock_bare[i]:,.0f} | {r['cold']:,.0f} | "
            f"{r['warm']:,.0f} | {r['hot']:,.0f} | "
            f"{', '.join(f'{k} {v}' for k, v in r['phases'].items())} |"
            for i, r in enumerate(results)
        ),
        "",
    ]
    args.out.write_text("\n".join(md))
    print(f"\nWrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
