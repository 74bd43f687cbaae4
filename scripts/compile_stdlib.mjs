// Find the standard-library modules the site uses; write them as bytecode.
//
//   node scripts/compile_stdlib.mjs RUNTIME_DIR WORKER_JS CALLS_JSON OUT_ZIP TRIMMED_ZIP
//
// RUNTIME_DIR holds the Pyodide runtime, the trimmed lock and the wheels. This
// starts Pyodide from it with the complete standard library, mounts every wheel
// with the site worker's own helper (WORKER_JS), runs each call in CALLS_JSON
// ({"calls": [[name, payload], ...], "errors": [[name, payload], ...]}) through
// the worker's bridge (as the browser does): each of "calls" must answer without
// errors, each of "errors" with errors. It then takes the paths a failure takes
// (a traceback formatted in Python, a Python exception reaching JavaScript), and
// notes every standard-library module imported since Python started.
//
// OUT_ZIP is python_stdlib.zip with each of those modules as bytecode (an
// "unchecked-hash" .pyc, PEP 552, which zipimport loads without compiling) in
// place of its source; nothing else in it changes, so it stays the complete
// library. Compiling the standard library is most of what Pyodide does when it
// starts, so this makes every start about three times faster.
//
// TRIMMED_ZIP holds those modules alone, as the same bytecode, deflated at level
// 9 (zipimport reads stored and deflated entries; the file is served as it is,
// so its own size is what crosses the network). The pages start Python with it
// (loadPyodide's stdLibURL); the Pyodide tests run every call and error path
// against it. A traceback through these modules shows line numbers, not lines.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, workerPath, callsPath, outPath, trimmedPath] = process.argv.slice(2);
if (!dir || !workerPath || !callsPath || !outPath || !trimmedPath) {
  console.error("usage: node compile_stdlib.mjs RUNTIME_DIR WORKER_JS CALLS_JSON OUT_ZIP TRIMMED_ZIP");
  process.exit(2);
}
const indexURL = resolve(dir) + "/";
const spec = JSON.parse(readFileSync(callsPath, "utf8"));
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const quiet = () => {};
const { BRIDGE, closure, mountWheels } = await import(pathToFileURL(resolve(workerPath)).href);
const lock = JSON.parse(readFileSync(indexURL + "pyodide-lock.json", "utf8"));
const pyodide = await loadPyodide({
  indexURL,
  lockFileContents: lock,
  stdLibURL: indexURL + "python_stdlib.zip",
  stdout: quiet,
  stderr: (s) => console.error(s),
});
mountWheels(
  pyodide,
  closure(lock, Object.keys(lock.packages)).map((name) => {
    const file = lock.packages[name].file_name;
    return [file, new Uint8Array(readFileSync(indexURL + file))];
  }),
);
pyodide.runPython(BRIDGE);
const bridge = pyodide.globals.get("cp14_call");
for (const [expectErrors, list] of [[false, spec.calls], [true, spec.errors]]) {
  for (const [name, payload] of list) {
    const answer = JSON.parse(bridge(name, JSON.stringify(payload)));
    if (Boolean(answer.errors) !== expectErrors) {
      throw new Error(`${name}(${JSON.stringify(payload)}) answered unexpectedly: ${JSON.stringify(answer)}`);
    }
  }
}
bridge.destroy();
// What a failure imports: cp14.api.call formats unexpected exceptions with
// traceback, and an exception that reaches JavaScript is formatted by Pyodide.
pyodide.runPython(`
import traceback
from datetime import date
from cp14 import businessdays
try:
    businessdays.add_business_days(date(2026, 1, 1), 0)
except ValueError as exc:
    traceback.format_exception_only(type(exc), exc)
    traceback.format_exc()
`);
try {
  pyodide.runPython("from cp14 import businessdays\nbusinessdays.add_business_days(None, 0)");
} catch {
  // expected
}
pyodide.FS.writeFile("/tmp/stdlib.zip", new Uint8Array(readFileSync(indexURL + "python_stdlib.zip")));
const count = pyodide.runPython(`
import importlib.util, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

ROOT = "/lib/python314.zip/"

# Bytecode as "python -OO" writes it: no docstrings, no asserts. The pages never
# read a docstring (the standard library supports -OO; so do jinja2 and cp14), and
# the browser's files are about 15 % smaller for it. Line numbers stay.
BYTECODE_OPTIMIZE = 2
used = set()
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    if path.startswith(ROOT) and path.endswith(".py"):
        used.add(path[len(ROOT):])

with zipfile.ZipFile("/tmp/stdlib.zip") as zin, zipfile.ZipFile(
    "/tmp/out.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9
) as zout, zipfile.ZipFile(
    "/tmp/trimmed.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9
) as ztrim:
    for info in zin.infolist():
        data = zin.read(info)
        if info.filename not in used:
            zout.writestr(info, data)
            continue
        code = compile(data, info.filename, "exec", dont_inherit=True, optimize=BYTECODE_OPTIMIZE)
        pyc = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
        for z in (zout, ztrim):
            entry = zipfile.ZipInfo(info.filename[:-3] + ".pyc", info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(entry, bytes(pyc), compresslevel=9)
len(used)
`);
writeFileSync(outPath, pyodide.FS.readFile("/tmp/out.zip"));
writeFileSync(trimmedPath, pyodide.FS.readFile("/tmp/trimmed.zip"));
console.error(`compile_stdlib: bytecode for ${count} standard-library modules`);
