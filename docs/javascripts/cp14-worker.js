// cp14 in a Web Worker: Python (Pyodide) runs here, off the page's main thread.
//
// Start-up settings come in the worker's name, as JSON: {indexURL, packages,
// needs}. Python starts loading from the site's own files the moment this
// script runs, without waiting for the page's busy main thread to pass on a
// message first.
//
// Messages in:
//   {type: "call", id, name, payload}    run cp14.api.call(name, payload)
// Messages out:
//   {type: "progress", stage}            "download" | "start" | "packages"
//   {type: "ready", ms}                  Python is running and cp14 is imported
//   {type: "failed", message}            Python could not start
//   {type: "result", id, result}         the API's plain-data answer
//   {type: "result", id, error}          something broke outside the API
//
// Only data crosses into Python: the payload goes in as a JSON string and a
// fixed Python function (BRIDGE, below) parses it. No Python source is ever
// built from what the user types. Nothing is stored and nothing is sent.
//
// Packages: pyodide-lock.json (written by the build with pyodide-lock) lists
// every wheel the site serves, with its sha256 and dependencies. A wheel is a
// zip archive, and Python imports pure-Python packages straight from one
// (zipimport), so the wheels are not unpacked: each is fetched (the browser
// checks its sha256), written to Pyodide's file system as it is and added to
// sys.path. The build puts bytecode beside each module of the wheels a page
// starts with, which zipimport loads without compiling. Fetching starts at
// once, while Python itself is still loading.
//
// The helpers below are exported for the tests, which run the same loading
// code in Node (tests/pyodide/runner.mjs).

export const WHEEL_DIR = "/lib/cp14-wheels";

const BRIDGE = `
import json
from cp14 import api

def cp14_call(name, payload_json):
    return json.dumps(api.call(name, json.loads(payload_json)))
`;

/** `names` and everything they depend on in the lock, dependencies first. */
export function closure(lock, names) {
  const out = [];
  const visit = (name, path) => {
    if (out.includes(name)) return;
    const pkg = lock.packages[name];
    if (!pkg) throw new Error(`No package named ${name} in the lock file.`);
    if (path.includes(name)) return;
    for (const dep of pkg.depends || []) visit(dep, [...path, name]);
    out.push(name);
  };
  for (const name of names) visit(name, []);
  return out;
}

/** Subresource Integrity for a lock entry's hex sha256. */
export function integrity(sha256hex) {
  const bytes = sha256hex.match(/../g).map((b) => String.fromCharCode(parseInt(b, 16)));
  return `sha256-${btoa(bytes.join(""))}`;
}

/** Write wheels ([fileName, bytes] pairs) into Pyodide and put them on sys.path. */
export function mountWheels(pyodide, wheels) {
  pyodide.FS.mkdirTree(WHEEL_DIR);
  const paths = wheels.map(([fileName, bytes]) => {
    if (!/^[\w.+-]+\.whl$/.test(fileName)) throw new Error(`Not a wheel: ${fileName}`);
    const path = `${WHEEL_DIR}/${fileName}`;
    pyodide.FS.writeFile(path, bytes);
    return path;
  });
  const globals = pyodide.toPy({ paths });
  try {
    pyodide.runPython("import sys\nsys.path.extend(p for p in paths if p not in sys.path)", {
      globals,
    });
  } finally {
    globals.destroy();
  }
}

// ------------------------------------------------------------------ the worker

let NEEDS = {};
let pyodide = null;
let bridge = null;
let starting = null;
let lockFile = null;
let baseURL = null;
const mounted = new Set();

function post(message) {
  self.postMessage(message);
}

function watchDownloads() {
  // Report when the big runtime files have arrived ("Starting Python").
  if (typeof PerformanceObserver !== "function") return;
  const waiting = new Set(["pyodide.asm.wasm", "python_stdlib.zip"]);
  try {
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const file = entry.name.split("/").pop();
        if (waiting.delete(file) && waiting.size === 0) {
          post({ type: "progress", stage: "start" });
          observer.disconnect();
        }
      }
    });
    observer.observe({ type: "resource", buffered: true });
  } catch {
    // Progress is a nicety: without it the page still says "loading".
  }
}

async function fetchWheels(indexURL, lock, names) {
  return Promise.all(
    names.map(async (name) => {
      const pkg = lock.packages[name];
      const response = await fetch(new URL(pkg.file_name, indexURL), {
        integrity: integrity(pkg.sha256),
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`${pkg.file_name}: HTTP ${response.status}`);
      return [pkg.file_name, new Uint8Array(await response.arrayBuffer())];
    }),
  );
}

// When each start-up phase ended, as Unix-epoch milliseconds (for the benchmark).
const phases = {};
const stamp = (phase) => {
  phases[phase] = Math.round(performance.timeOrigin + performance.now());
};

async function start(indexURL, packages) {
  const t0 = performance.now();
  baseURL = indexURL;
  stamp("started");
  if (typeof WebAssembly !== "object") {
    throw new Error("This browser cannot run WebAssembly.");
  }
  post({ type: "progress", stage: "download" });
  watchDownloads();
  lockFile = fetch(new URL("pyodide-lock.json", indexURL), { credentials: "same-origin" }).then(
    (r) => {
      if (!r.ok) throw new Error(`pyodide-lock.json: HTTP ${r.status}`);
      return r.json();
    },
  );
  const names = lockFile.then((lock) => closure(lock, packages));
  const wheels = names.then(async (n) => fetchWheels(indexURL, await lockFile, n));
  wheels.catch(() => {}); // reported below, once Python is up
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  stamp("imported");
  pyodide = await loadPyodide({
    indexURL,
    lockFileContents: lockFile,
    stdout: () => {},
    stderr: () => {},
  });
  stamp("loaded");
  post({ type: "progress", stage: "packages" });
  mountWheels(pyodide, await wheels);
  for (const name of await names) mounted.add(name);
  stamp("mounted");
  pyodide.runPython(BRIDGE);
  bridge = pyodide.globals.get("cp14_call");
  stamp("bridge");
  return Math.round(performance.now() - t0);
}

async function ensure(name) {
  const lock = await lockFile;
  const missing = closure(lock, NEEDS[name] || []).filter((p) => !mounted.has(p));
  if (missing.length) {
    mountWheels(pyodide, await fetchWheels(baseURL, lock, missing));
    for (const p of missing) mounted.add(p);
  }
}

async function call(id, name, payload) {
  try {
    await starting;
    await ensure(name);
    const text = bridge(String(name), JSON.stringify(payload ?? {}));
    post({ type: "result", id, result: JSON.parse(text) });
  } catch (err) {
    post({ type: "result", id, error: String((err && err.message) || err).slice(0, 500) });
  }
}

function failed(err) {
  post({ type: "failed", message: String((err && err.message) || err).slice(0, 500) });
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  self.onmessage = (event) => {
    const msg = event.data || {};
    if (msg.type === "call") call(msg.id, msg.name, msg.payload);
  };
  try {
    const settings = JSON.parse(self.name);
    NEEDS = settings.needs && typeof settings.needs === "object" ? settings.needs : {};
    const packages = Array.isArray(settings.packages) ? settings.packages : ["cp14"];
    starting = start(String(settings.indexURL), packages);
    starting.then((ms) => post({ type: "ready", ms, phases }), failed);
  } catch (err) {
    starting = Promise.reject(err);
    starting.catch(() => {});
    failed(err);
  }
}
