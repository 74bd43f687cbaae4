// Run cp14.api.call inside real Pyodide (Node), the way the browser worker does.
//
//   node tests/pyodide/runner.mjs DIST_DIR CASES_JSON
//
// DIST_DIR is the runtime folder the site serves (Pyodide, the trimmed lock and
// the wheels). CASES_JSON holds {"start": [...packages], "needs": {...},
// "cases": [{"name", "payload"}]}. Cases run in order in one interpreter; before
// each, only the packages `needs` lists for that function are loaded (as in the
// worker), so a missing entry in `needs` shows up as a failed call here.
// Prints one JSON object: {"results": [...], "modules": [...], "python": "..."}.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [distDir, casesPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(casesPath, "utf8"));
const indexURL = resolve(distDir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);

const quiet = () => {};
const pyodide = await loadPyodide({ indexURL, packages: spec.start, stdout: quiet, stderr: quiet });
pyodide.runPython(`
import json
from cp14 import api

def cp14_call(name, payload_json):
    return json.dumps(api.call(name, json.loads(payload_json)))
`);
const call = pyodide.globals.get("cp14_call");
const loaded = new Set(spec.start);
const results = [];
for (const c of spec.cases) {
  const missing = (spec.needs[c.name] || []).filter((p) => !loaded.has(p));
  if (missing.length) {
    await pyodide.loadPackage(missing, { messageCallback: quiet });
    missing.forEach((p) => loaded.add(p));
  }
  const modules = pyodide.runPython("import sys; ' '.join(sorted(m for m in sys.modules if '.' not in m))");
  results.push({ result: JSON.parse(call(c.name, JSON.stringify(c.payload))), modules_before: modules.split(" ") });
}
const python = pyodide.runPython("import sys; sys.version");
process.stdout.write(JSON.stringify({ results, python }));
