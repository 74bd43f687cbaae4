// Add Python 3.14 bytecode to the standard-library modules the site actually uses.
//
//   node scripts/compile_stdlib.mjs RUNTIME_DIR WORKER_JS CALLS_JSON OUT_ZIP
//
// RUNTIME_DIR holds the Pyodide runtime, the trimmed lock and the wheels. This
// starts Pyodide from it, mounts every wheel with the site worker's own helper
// (WORKER_JS), runs each call in CALLS_JSON through cp14.api (as the browser
// does), and notes every standard-library
// module that got imported. OUT_ZIP is python_stdlib.zip with each of those
// modules as bytecode (an "unchecked-hash" .pyc, PEP 552, which zipimport loads
// without compiling) in place of its source. Compiling the standard library is
// most of what Pyodide does when it starts, so this makes every start (cold or
// warm) about three times faster. Dropping those sources keeps the zip about
// 1 MB smaller; a traceback through them shows line numbers but not the lines.
// Nothing else in the zip changes.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, workerPath, callsPath, outPath] = process.argv.slice(2);
if (!dir || !workerPath || !callsPath || !outPath) {
  console.error("usage: node compile_stdlib.mjs RUNTIME_DIR WORKER_JS CALLS_JSON OUT_ZIP");
  process.exit(2);
}
const indexURL = resolve(dir) + "/";
const spec = JSON.parse(readFileSync(callsPath, "utf8"));
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const quiet = () => {};
const { closure, mountWheels } = await import(pathToFileURL(resolve(workerPath)).href);
const lock = JSON.parse(readFileSync(indexURL + "pyodide-lock.json", "utf8"));
const pyodide = await loadPyodide({ indexURL, lockFileContents: lock, stdout: quiet, stderr: (s) => console.error(s) });
mountWheels(
  pyodide,
  closure(lock, spec.packages).map((name) => {
    const file = lock.packages[name].file_name;
    return [file, new Uint8Array(readFileSync(indexURL + file))];
  }),
);
pyodide.globals.set("calls_json", JSON.stringify(spec.calls));
pyodide.runPython(`
import json
from cp14 import api
for name, payload in json.loads(calls_json):
    result = api.call(name, payload)
    if "errors" in result and not name.startswith("invalid"):
        raise SystemExit(f"cp14.api.call({name!r}) failed while profiling: {result['errors']}")
`);
pyodide.FS.writeFile("/tmp/stdlib.zip", new Uint8Array(readFileSync(indexURL + "python_stdlib.zip")));
const count = pyodide.runPython(`
import importlib.util, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

ROOT = "/lib/python314.zip/"
used = set()
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    if path.startswith(ROOT) and path.endswith(".py"):
        used.add(path[len(ROOT):])

with zipfile.ZipFile("/tmp/stdlib.zip") as zin, zipfile.ZipFile(
    "/tmp/out.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9
) as zout:
    for info in zin.infolist():
        data = zin.read(info)
        if info.filename not in used:
            zout.writestr(info, data)
            continue
        code = compile(data, info.filename, "exec", dont_inherit=True)
        pyc = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
        entry = zipfile.ZipInfo(info.filename[:-3] + ".pyc", info.date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        zout.writestr(entry, bytes(pyc))
len(used)
`);
writeFileSync(outPath, pyodide.FS.readFile("/tmp/out.zip"));
console.error(`compile_stdlib: bytecode for ${count} standard-library modules`);
