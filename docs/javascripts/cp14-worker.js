// cp14 in a Web Worker: Python (Pyodide) runs here, off the page's main thread.
//
// Messages in:
//   {type: "init", indexURL, packages, needs}  start Pyodide from the site's own files
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

// Extra packages each API function needs beyond cp14 itself ("needs", sent by
// the page from the build's runtime settings). They load the first time a call
// needs them, so a page only downloads what it uses.
let NEEDS = {};

const BRIDGE = `
import json
from cp14 import api

def cp14_call(name, payload_json):
    return json.dumps(api.call(name, json.loads(payload_json)))
`;

let pyodide = null;
let bridge = null;
let starting = null;
const loaded = new Set();

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

// When each start-up phase ended, as Unix-epoch milliseconds (for the benchmark).
const phases = {};

async function start(indexURL, packages) {
  const t0 = performance.now();
  phases.started = Math.round(performance.timeOrigin + t0);
  if (typeof WebAssembly !== "object") {
    throw new Error("This browser cannot run WebAssembly.");
  }
  post({ type: "progress", stage: "download" });
  watchDownloads();
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  phases.imported = Math.round(performance.timeOrigin + performance.now());
  pyodide = await loadPyodide({
    indexURL,
    packages,
    stdout: () => {},
    stderr: () => {},
  });
  phases.loaded = Math.round(performance.timeOrigin + performance.now());
  for (const name of packages) loaded.add(name);
  post({ type: "progress", stage: "packages" });
  pyodide.runPython(BRIDGE);
  bridge = pyodide.globals.get("cp14_call");
  phases.bridge = Math.round(performance.timeOrigin + performance.now());
  return Math.round(performance.now() - t0);
}

async function ensure(name) {
  const missing = (NEEDS[name] || []).filter((p) => !loaded.has(p));
  if (missing.length) {
    await pyodide.loadPackage(missing, { messageCallback: () => {}, errorCallback: () => {} });
    for (const p of missing) loaded.add(p);
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

self.onmessage = (event) => {
  const msg = event.data || {};
  if (msg.type === "init" && !starting) {
    NEEDS = msg.needs && typeof msg.needs === "object" ? msg.needs : {};
    starting = start(String(msg.indexURL), Array.isArray(msg.packages) ? msg.packages : ["cp14"]);
    starting.then(
      (ms) => post({ type: "ready", ms, phases }),
      (err) => post({ type: "failed", message: String((err && err.message) || err).slice(0, 500) }),
    );
  } else if (msg.type === "call") {
    call(msg.id, msg.name, msg.payload);
  }
};
