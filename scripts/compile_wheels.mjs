// Add Python 3.14 bytecode to pure-Python wheels, compiled by Pyodide itself.
//
//   node scripts/compile_wheels.mjs PYODIDE_DIR IN.whl OUT.whl [IN.whl OUT.whl ...]
//
// The browser would otherwise compile every module from source each time a
// page starts Python. Each .py file keeps its source and gains an
// "unchecked-hash" .pyc beside it (PEP 552; mod.py -> mod.pyc, the layout that
// zipimport reads): the page imports the wheel as a zip archive, without
// unpacking it, and loads the bytecode without compiling. The wheel still
// installs anywhere (an unpacked copy imports from its sources as usual).
// RECORD is rewritten to list the new files. Called by
// scripts/build_pyodide_dist.py.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, ...pairs] = process.argv.slice(2);
if (!dir || pairs.length === 0 || pairs.length % 2) {
  console.error("usage: node compile_wheels.mjs PYODIDE_DIR IN.whl OUT.whl [...]");
  process.exit(2);
}
const indexURL = resolve(dir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: (s) => console.error(s) });

pyodide.runPython(`
import base64, csv, hashlib, importlib.util, io, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

STAMP = (1980, 1, 1, 0, 0, 0)

# Bytecode as "python -OO" writes it: no docstrings, no asserts. The pages never
# read a docstring (the standard library supports -OO; so do jinja2 and cp14), and
# the browser's files are about 15 % smaller for it. Line numbers stay.
BYTECODE_OPTIMIZE = 2

def _digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()

def add_bytecode(src, dst):
    entries, record = [], None
    with zipfile.ZipFile(src) as zin:
        for info in zin.infolist():
            if info.is_dir():
                continue
            data = zin.read(info)
            name = info.filename
            if name.endswith(".dist-info/RECORD"):
                record = name
                continue
            if "/__pycache__/" in name or name.endswith(".pyc"):
                continue
            entries.append((name, data))
            if name.endswith(".py") and ".dist-info/" not in name and ".data/" not in name:
                try:
                    code = compile(data, name, "exec", dont_inherit=True, optimize=BYTECODE_OPTIMIZE)
                except SyntaxError:
                    continue
                pyc = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
                entries.append((name[:-3] + ".pyc", bytes(pyc)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\\n")
    for name, data in entries:
        writer.writerow([name, _digest(data), len(data)])
    writer.writerow([record, "", ""])
    entries.append((record, out.getvalue().encode()))
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for name, data in entries:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)
`);
const addBytecode = pyodide.globals.get("add_bytecode");
for (let i = 0; i < pairs.length; i += 2) {
  pyodide.FS.writeFile("/tmp/in.whl", new Uint8Array(readFileSync(pairs[i])));
  addBytecode("/tmp/in.whl", "/tmp/out.whl");
  writeFileSync(pairs[i + 1], pyodide.FS.readFile("/tmp/out.whl"));
}
