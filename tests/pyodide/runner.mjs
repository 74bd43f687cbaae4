// Run cp14.api.call inside real Pyodide (Node), the way the browser worker does.
//
//   node tests/pyodide/runner.mjs DIST_DIR WORKER_JS CASES_JSON
//
// DIST_DIR is the runtime folder the site serves (Pyodide, the trimmed lock and
// the wheels); WORKER_JS is the site's worker script, whose own helpers load the
// wheels here as they do in the browser (closure over the lock, sha256 checked,
// mounted as zip archives on sys.path). CASES_JSON holds {"start": [...packages],
// "needs": {...}, "cases": [{"name", "payload"}]}. Cases run in order in one
// interpreter; before each, only the packages `needs` lists for that function are
// loaded (as in the worker), so a missing entry in `needs` shows up as a failed
// call here. Prints one JSON object: {"results": [{result, modules_before}],
// "python": sys.version, "files": {module: __file__} for a few modules,
// "modules_after": the top-level modules imported once every case ran}.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [distDir, workerPath, casesPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(casesPath, "utf8"));
const indexURL = resolve(distDir) + "/";
const { BRIDGE, closure, integrity, loadPython, memoryImage, mountWheels } = await import(
  pathToFileURL(resolve(workerPath)).href
);
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const lock = JSON.parse(readFileSync(indexURL + "pyodide-lock.json", "utf8"));

// The same check a browser makes with the lock's sha256 (Subresource Integrity).
function wheels(names) {
  return names.map((name) => {
    const pkg = lock.packages[name];
    const bytes = readFileSync(indexURL + pkg.file_name);
    const sri = `sha256-${createHash("sha256").update(bytes).digest("base64")}`;
    if (sri !== integrity(pkg.sha256)) throw new Error(`${pkg.file_name}: sha256 does not match the lock`);
    return [pkg.file_name, new Uint8Array(bytes)];
  });
}

const quiet = () => {};
// The image streams through the same reader as in the browser.
const image = spec.memory
  ? memoryImage(
      (async () => new Blob([readFileSync(spec.memory)]).stream().pipeThrough(new DecompressionStream("gzip")))(),
      spec.memory_length,
    )
  : null;
const createModule = (await import(pathToFileURL(indexURL + "pyodide.asm.mjs").href)).default;
// The standard library the page starts with (the trimmed one, unless told).
const stdLibURL = indexURL + (spec.stdlib || "python_stdlib.zip");
const options = { indexURL, lockFileContents: lock, stdLibURL, stdout: quiet, stderr: quiet };
const { pyodide, fromMemory } = await loadPython(loadPyodide, createModule, options, image);
const loaded = new Set(closure(lock, spec.start));
mountWheels(pyodide, wheels([...loaded]));
pyodide.runPython(BRIDGE);
const call = pyodide.globals.get("cp14_call");
const results = [];
for (const c of spec.cases) {
  const missing = closure(lock, spec.needs[c.name] || []).filter((p) => !loaded.has(p));
  if (missing.length) {
    mountWheels(pyodide, wheels(missing));
    missing.forEach((p) => loaded.add(p));
  }
  const modules = pyodide.runPython("import sys; ' '.join(sorted(m for m in sys.modules if '.' not in m))");
  results.push({ result: JSON.parse(call(c.name, JSON.stringify(c.payload))), modules_before: modules.split(" ") });
}
// Error paths outside cp14.api: a traceback formatted in Python, and a Python
// exception that reaches JavaScript (Pyodide formats it with traceback too).
const tracebackInPython = pyodide.runPython(`
import traceback
from datetime import date
from cp14 import businessdays
try:
    businessdays.add_business_days(date(2026, 1, 1), 0)
except ValueError:
    text = traceback.format_exc()
"traceback ok" if "count must be at least 1" in text and "businessdays" in text else text
`);
let pythonError = null;
try {
  pyodide.runPython("from datetime import date\nfrom cp14 import businessdays\nbusinessdays.add_business_days(date(2026, 1, 1), 0)");
} catch (err) {
  pythonError = String(err.message);
}
const python = pyodide.runPython("import sys; sys.version");
const hasUnittest = pyodide.runPython("import importlib.util; importlib.util.find_spec('unittest') is not None");
const modulesAfter = pyodide.runPython("import sys; ' '.join(sorted(m for m in sys.modules if '.' not in m))");
const files = JSON.parse(
  pyodide.runPython(
    "import json, sys; json.dumps({m: getattr(sys.modules[m], '__file__', None) " +
      "for m in ('cp14.api', 'jinja2.environment', 'holidays', 'icalendar', 'json') if m in sys.modules})",
  ),
);
process.stdout.write(
  JSON.stringify({
    results,
    python,
    files,
    fromMemory,
    modules_after: modulesAfter.split(" "),
    traceback_in_python: tracebackInPython,
    python_error: pythonError,
    has_unittest: hasUnittest,
  }),
);
