// cp14 in a Web Worker: Python (Pyodide) runs here, off the page's main thread.
//
// Start-up settings come in the worker's name, as JSON: {indexURL, packages,
// needs, memory}. Python starts loading from the site's own files the moment
// this script runs, without waiting for the page's busy main thread to pass on
// a message first.
//
// Messages in:
//   {type: "call", id, name, payload}    run cp14.api.call(name, payload)
// Messages out:
//   {type: "progress", stage}            "download" | "start" | "packages"
//   {type: "ready", ms, phases}          Python is running and cp14 is imported
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
// Memory image: a page may name one in `memory` ({file, integrity, length}). It is
// Python's memory just after the build started Pyodide from these same files,
// mounted this page's start wheels, imported cp14 and rendered its blank
// letters (scripts/make_memory.mjs). Pyodide restores it in place of starting
// the interpreter and importing everything again (loadPyodide's _loadSnapshot
// option). The file holds only the memory pages that are not all zeros,
// gzipped (see readMemory). If it is missing, fails its integrity check or
// does not load, Python starts the usual way, so the tool never depends on it.
//
// The helpers below are exported for the tests and the build, which run the
// same loading code in Node (tests/pyodide/runner.mjs, scripts/make_memory.mjs).

export const WHEEL_DIR = "/lib/cp14-wheels";

export const BRIDGE = `
import json
import sys
from cp14 import api

if "random" in sys.modules:  # restored from a memory image: do not share its state
    sys.modules["random"].seed()

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

const MEMORY_MAGIC = "CP14MEM1";
const MEMORY_PAGE = 65536;

/** A memory image with its all-zero pages left out, as parts to join (readMemory reads it). */
export function packMemory(memory) {
  const pages = [];
  const kept = [];
  for (let at = 0; at < memory.length; at += MEMORY_PAGE) {
    const page = memory.subarray(at, Math.min(at + MEMORY_PAGE, memory.length));
    if (page.some((b) => b !== 0)) {
      pages.push(at / MEMORY_PAGE);
      kept.push(page);
    }
  }
  const head = new DataView(new ArrayBuffer(16 + 4 * pages.length));
  [...MEMORY_MAGIC].forEach((c, i) => head.setUint8(i, c.charCodeAt(0)));
  head.setUint32(8, memory.length, true);
  head.setUint32(12, pages.length, true);
  pages.forEach((page, i) => head.setUint32(16 + 4 * i, page, true));
  return [new Uint8Array(head.buffer), ...kept];
}

/**
 * Read a memory image (packMemory's bytes, unzipped) from a stream of bytes
 * into `memory`, which must have the image's length. The bytes are a header
 * ("CP14MEM1", the memory's length, the number of pages kept, their page
 * numbers in increasing order; all uint32 little-endian) and then those
 * 64 KiB pages. Resolves to `memory` once every page is in place; rejects on
 * anything malformed or missing.
 */
export async function readMemory(stream, memory) {
  const reader = stream.getReader();
  let head = new Uint8Array(0);
  let pages = null;
  let page = 0;
  let at = 0;
  const fill = (chunk) => {
    while (chunk.length) {
      if (page >= pages.length) throw new Error("Memory image has trailing bytes.");
      const start = pages[page] * MEMORY_PAGE;
      const size = Math.min(MEMORY_PAGE, memory.length - start);
      const n = Math.min(size - at, chunk.length);
      memory.set(chunk.subarray(0, n), start + at);
      chunk = chunk.subarray(n);
      at += n;
      if (at === size) [page, at] = [page + 1, 0];
    }
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (pages) {
      fill(value);
      continue;
    }
    const joined = new Uint8Array(head.length + value.length);
    joined.set(head);
    joined.set(value, head.length);
    head = joined;
    if (head.length < 16) continue;
    const view = new DataView(head.buffer);
    if (String.fromCharCode(...head.subarray(0, 8)) !== MEMORY_MAGIC) {
      throw new Error("Not a cp14 memory image.");
    }
    const count = view.getUint32(12, true);
    if (head.length < 16 + 4 * count) continue;
    if (view.getUint32(8, true) !== memory.length) throw new Error("Memory image has another size.");
    const list = Array.from({ length: count }, (_, k) => view.getUint32(16 + 4 * k, true));
    if (list.some((p, k) => p * MEMORY_PAGE >= memory.length || (k && p <= list[k - 1]))) {
      throw new Error("Memory image has a bad page list.");
    }
    pages = list;
    fill(head.subarray(16 + 4 * count));
  }
  if (!pages || page !== pages.length) throw new Error("Memory image is truncated.");
  return memory;
}

/**
 * Start Pyodide, from a memory image if `image` gives one, else (or if that
 * fails) the usual way. `createModule` is the default export of
 * pyodide.asm.mjs, imported by the caller (as early as it likes). `image` is
 * {memory, filled} (see memoryImage): Pyodide compiles and starts its
 * WebAssembly while the image is still arriving, and restores it only once it
 * is complete. Returns {pyodide, fromMemory}.
 */
export async function loadPython(loadPyodide, createModule, options, image) {
  if (image) {
    image.filled.catch(() => {}); // a failed image is handled below, not reported
    // Pyodide keeps its options while it runs; this hands it the image (30 MB
    // or so) and then lets go of it, so that it can be freed once restored.
    let held = image.memory;
    const once = {
      then(resolve) {
        resolve(held);
        held = null;
      },
    };
    try {
      const pyodide = await loadPyodide({
        ...options,
        _loadSnapshot: once,
        createPyodideModule: async (settings) => {
          const module = await createModule(settings);
          await image.filled;
          return module;
        },
      });
      return { pyodide, fromMemory: true };
    } catch {
      // Missing, corrupt or not for this runtime: start Python from scratch.
    }
  }
  const pyodide = await loadPyodide({ ...options, createPyodideModule: createModule });
  return { pyodide, fromMemory: false };
}

/**
 * loadPython's `image` from a promise of its unzipped bytes and its length
 * (which the build puts in the page's settings, so that Pyodide can size its
 * memory before the image has arrived).
 */
export function memoryImage(stream, length) {
  const memory = new Uint8Array(length);
  return { memory, filled: stream.then((s) => readMemory(s, memory)) };
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

async function fetchMemory(indexURL, memory) {
  if (typeof DecompressionStream !== "function") throw new Error("No DecompressionStream.");
  if (!/^[\w.+-]+$/.test(memory.file)) throw new Error("Bad memory image name.");
  const response = await fetch(new URL(memory.file, indexURL), {
    integrity: memory.integrity,
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`${memory.file}: HTTP ${response.status}`);
  return response.body.pipeThrough(new DecompressionStream("gzip"));
}

// When each start-up phase ended, as Unix-epoch milliseconds (for the benchmark).
const phases = {};
function stamp(phase) {
  phases[phase] = Math.round(performance.timeOrigin + performance.now());
}

async function start(indexURL, packages, memory) {
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
  let image = null;
  try {
    if (memory) image = memoryImage(fetchMemory(indexURL, memory), memory.length);
    image?.filled.then(() => stamp("memory"), () => {});
  } catch {
    // No memory for the image: start Python from scratch.
  }
  // Imported here rather than by loadPyodide, so that it is compiling while
  // everything else downloads.
  const runtime = import(new URL("pyodide.asm.mjs", indexURL).href);
  runtime.catch(() => {}); // reported by the await below
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const createModule = (await runtime).default;
  stamp("imported");
  const options = { indexURL, lockFileContents: lockFile, stdout: () => {}, stderr: () => {} };
  const loaded = await loadPython(loadPyodide, createModule, options, image);
  pyodide = loaded.pyodide;
  phases.fromMemory = loaded.fromMemory;
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
    const m = settings.memory;
    const memory = m && typeof m.file === "string" && Number.isInteger(m.length) ? m : null;
    starting = start(String(settings.indexURL), packages, memory);
    starting.then((ms) => post({ type: "ready", ms, phases }), failed);
  } catch (err) {
    starting = Promise.reject(err);
    starting.catch(() => {});
    failed(err);
  }
}
