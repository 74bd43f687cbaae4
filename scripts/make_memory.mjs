// Write the memory image a tool page's worker starts Python from.
//
//   node scripts/make_memory.mjs RUNTIME_DIR WORKER_JS SPEC_JSON OUT_GZ
//
// RUNTIME_DIR is the runtime folder the site serves (Pyodide, the trimmed lock,
// the wheels, the standard library with bytecode). This starts Pyodide from it,
// with the standard-library zip SPEC_JSON names ("stdlib", the one the page
// mounts: zipimport keeps each zip's table of contents in Python's memory, so the
// image only works with that same file), mounts the page's start wheels with the
// site worker's own helpers (WORKER_JS), defines the worker's bridge and runs
// each call in SPEC_JSON ({"packages": [...], "calls": [[name, payload], ...],
// "stdlib": file name}) through cp14.api, so that everything
// the page's first letter needs is imported. Then it takes Pyodide's snapshot of
// Python's memory (loadPyodide's _makeSnapshot option and makeMemorySnapshot())
// and writes it to OUT_GZ, all-zero pages left out (packMemory), gzipped.
//
// A browser that starts from this image skips starting the interpreter and
// importing cp14 and Jinja2: it restores the memory and goes on from there.
// Files are not part of the image (Pyodide keeps them outside Python's memory),
// so the worker mounts the same wheels, checked against the lock's sha256, at the
// same paths. The image is only valid with these exact files, which is why the
// build makes it inside the runtime folder, whose name is a hash of its inputs.
//
// The calls use no user data. Every visitor's Python shares the state the image
// holds: the string-hash seed (fixed here with PYTHONHASHSEED, as it would be
// shared anyway) and the random module's state, which the worker's bridge
// reseeds from the browser's own randomness. Neither matters to a tool that only
// ever handles one person's own answers. Those few bytes and some timestamps
// differ from one build to the next, so the image is rebuilt with its runtime
// folder rather than compared byte for byte.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [dir, workerPath, specPath, outPath] = process.argv.slice(2);
if (!dir || !workerPath || !specPath || !outPath) {
  console.error("usage: node make_memory.mjs RUNTIME_DIR WORKER_JS SPEC_JSON OUT_GZ");
  process.exit(2);
}
const indexURL = resolve(dir) + "/";
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const { BRIDGE, closure, mountWheels, packMemory } = await import(pathToFileURL(resolve(workerPath)).href);
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const lock = JSON.parse(readFileSync(indexURL + "pyodide-lock.json", "utf8"));
const pyodide = await loadPyodide({
  indexURL,
  lockFileContents: lock,
  stdLibURL: indexURL + spec.stdlib,
  env: { PYTHONHASHSEED: "0" },
  stdout: () => {},
  stderr: (s) => console.error(s),
  _makeSnapshot: true,
});
mountWheels(
  pyodide,
  closure(lock, spec.packages).map((name) => {
    const file = lock.packages[name].file_name;
    return [file, new Uint8Array(readFileSync(indexURL + file))];
  }),
);
pyodide.runPython(BRIDGE);
const bridge = pyodide.globals.get("cp14_call");
for (const [name, payload] of spec.calls) {
  const answer = JSON.parse(bridge(name, JSON.stringify(payload)));
  if (answer.errors) {
    throw new Error(`${name} failed while making the memory image: ${JSON.stringify(answer.errors)}`);
  }
}
bridge.destroy();
pyodide.runPython("import gc; gc.collect()");
const parts = packMemory(pyodide.makeMemorySnapshot());
writeFileSync(outPath, gzipSync(Buffer.concat(parts), { level: 9 }));
