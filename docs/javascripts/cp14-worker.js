// cp14 in a Web Worker: Python (Pyodide) runs here, off the page's main thread.
//
// Start-up settings come in the worker's name, as JSON: {indexURL, packages,
// needs, memory, files, stdlib, attempt, reload}. Python starts loading from the
// site's own files the moment this script runs, without waiting for the page's
// busy main thread to pass on a message first.
//
// The page starts this worker from a blob: URL (overrides/main.html), so that it
// runs under the page's Content-Security-Policy: it may connect to the site only.
// The small script there fetches this file, checked against its sha256, imports
// it, and keeps the messages that arrive meanwhile (self.__cp14Queued).
//
// Messages in:
//   {type: "call", id, name, payload}    run cp14.api.call(name, payload)
//   {type: "withdraw", id}               that call is no longer wanted: if it
//                                        has not started, skip it (no answer)
// Messages out:
//   {type: "progress", stage}            "download" | "start" | "packages"
//   {type: "ready", ms, phases}          Python is running and cp14 is imported
//   {type: "failed", message, file}      Python could not start (file: the one
//                                        that failed, fetched afresh next time)
//   {type: "result", id, result}         the API's plain-data answer
//   {type: "result", id, error}          something broke outside the API
//
// Only data crosses into Python: the payload goes in as a JSON string and a
// fixed Python function (BRIDGE, below) parses it. No Python source is ever
// built from what the user types. Nothing is stored and nothing is sent.
//
// Every file is checked: one that is not in the page's settings (`files`, with
// its sha256) is never fetched.
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
// Transport: the build writes zstd copies of the big start files (the
// WebAssembly, the standard library, the start wheels) beside the files
// themselves, and gzip copies of all but the WebAssembly (which the host gzips
// itself). Which ones a visit fetches is chosen once, from the first downloads
// (choose, below): on a slow link the zstd copies, the fewest bytes, which
// fzstd decodes here as they arrive; on a fast one the WebAssembly itself and
// the gzip copies, a little larger, which the browser decodes natively, ten
// times faster. Either way the WebAssembly compiles while Python's other files
// arrive, not once Pyodide's JavaScript has loaded. On the fast way a helper
// worker fetches and compiles it (compileAside), off this busy thread.
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

/**
 * Check `bytes` against a Subresource Integrity string ("sha256-<base64>").
 * Rejects when they differ, so nothing unchecked ever reaches Python.
 */
export async function verify(bytes, sri, what) {
  const [algo, expected] = String(sri).split(/-(.*)/s);
  if (algo !== "sha256" || !expected) throw fileError(what, N_("no sha256 to check it against."));
  if (!(globalThis.crypto && crypto.subtle)) throw new Error(PLAIN_HTTP);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  if (btoa(String.fromCharCode(...digest)) !== expected) throw fileError(what, CHECKSUM);
  return bytes;
}

// The worker has no catalog: its fixed messages are marked for the site's (N_), and
// the page shows them in its own language (runtime.js, workerWords).
const N_ = (message) => message;

// Browsers check files (crypto.subtle) only on pages from https:// (or this
// computer): over plain HTTP the checks cannot run, so nothing runs.
export const PLAIN_HTTP = N_(
  "This page was opened over plain HTTP, where the browser turns off the checks that keep the calculator's files safe. Open it with an address that starts with https://.",
);

const CHECKSUM = N_(
  "the file does not match its checksum, so it was not used. Try again downloads it afresh (you need to be online).",
);

/** An error about one file, which names it; the page asks for it afresh next time. */
function fileError(name, text) {
  const err = new Error(`${name}: ${text}`);
  err.file = name;
  return err;
}

/** The error for a response that is not the file (the site's offline copy says why). */
function answered(response, name) {
  const why = response.headers.get("X-CP14-Offline");
  if (why === "missing") {
    return fileError(name, N_("this file is not saved on this device for use offline. Connect to the internet and press Try again."));
  }
  if (why === "damaged") {
    return fileError(name, N_("the copy saved on this device was damaged, so it was removed. Connect to the internet and press Try again."));
  }
  return fileError(name, `the server answered ${response.status}.`);
}

/** Join byte chunks into one array. */
function join(chunks, length) {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ------------------------------------------------------------------ the worker

// A link is "fast" from this many bytes a second (40 Mbit/s): there the memory
// image (about 5 MB) arrives in about the second it saves, and the host's gzipped
// WebAssembly (0.7 MB more than its zstd copy) in less time than decoding that
// copy here would take. Slower, fewer bytes win.
const FAST_LINK = 5e6;
// How long to watch the first downloads before deciding.
const DECIDE_MS = 400;
// The smallest download whose own speed tells the link's (see fastFile).
const FILE_SAMPLE = 100_000;

// The browser's own fetch (the worker replaces the global one while Python starts).
const plainFetch = typeof self !== "undefined" && self.fetch ? self.fetch.bind(self) : null;

let NEEDS = {};
let pyodide = null;
let bridge = null;
let starting = null;
let lockFile = null;
let baseURL = null;
let FILES = new Map(); // absolute URL -> {integrity, size}
let RELOAD = new Set(); // file names to fetch afresh (they failed last time)
let TRANSPORT = {}; // file name -> its zstd copy, for the files that travel so
let ZSTD = null; // the zstd decoder module (a promise), or null: plain files only
let compiled = null; // the WebAssembly module (a promise), compiling as it arrives
const mounted = new Set();

/** The fetch options for one of the page's files: afresh if it failed last time. */
function options(url, extra) {
  const name = String(url).split("/").pop();
  return { credentials: "same-origin", ...(RELOAD.has(name) ? { cache: "reload" } : {}), ...extra };
}

function post(message) {
  self.postMessage(message);
}

// Progress: bytes received of the bytes this page needs, reported at most ten
// times a second (and whenever a file completes), so the page can show a real
// progress bar and tell a slow link from a stalled one.
const progress = { received: 0, total: 0, posted: 0, timer: 0 };

function report(force) {
  const now = performance.now();
  if (!force && now - progress.posted < 100) {
    if (!progress.timer) progress.timer = setTimeout(() => report(true), 100);
    return;
  }
  clearTimeout(progress.timer);
  progress.timer = 0;
  progress.posted = now;
  post({ type: "progress", stage: "download", received: progress.received, total: progress.total });
}

function arrived(n) {
  progress.received += n;
  report(false);
}


/**
 * Open one of the page's files as a stream that counts its bytes for the
 * progress bar as they arrive, and ends only once the whole file has matched
 * its sha256 (the check runs when the last byte is in, before the stream
 * closes). A failed request rejects at once; a wrong checksum errors the stream.
 * There is no back-pressure: the download goes on at full speed (and is
 * counted) even before anyone reads it; the bytes wait in the stream's queue.
 */
async function openChecked(url, sri, type, decode) {
  const name = String(url).split("/").pop();
  let response;
  try {
    response = await (plainFetch || fetch)(url, options(url));
  } catch (err) {
    throw fileError(name, `the download failed (${(err && err.message) || err}).`);
  }
  if (!response.ok) throw answered(response, name);
  const chunks = [];
  let length = 0;
  let broken = null;
  const all = { highWaterMark: Infinity };
  const check = new TransformStream(
    {
      transform(chunk, out) {
        chunks.push(chunk);
        length += chunk.length;
        arrived(chunk.length);
        out.enqueue(chunk);
      },
      async flush() {
        try {
          await verify(join(chunks, length), sri, name);
        } catch (err) {
          broken = err;
          problem(err); // the reason, before a reader reports a broken stream
          throw err;
        }
        chunks.length = 0;
        report(true);
      },
    },
    all,
    all,
  );
  let body = response.body.pipeThrough(check);
  if (decode) body = body.pipeThrough(decode());
  return { response: new Response(body, { headers: { "Content-Type": type } }), why: () => broken };
}

/**
 * A stream that decodes zstd (with fzstd, `zstd`) as the bytes arrive. Placed
 * after the checksum's stream, it closes only once the compressed file has
 * matched its sha256. Bytes that do not decode are not the build's: the
 * stream fails with the checksum's message, naming the file (`name`).
 */
export function unzstd(zstd, name) {
  let decoder = null;
  const fail = () => {
    const err = fileError(name, CHECKSUM);
    problem(err);
    return err;
  };
  return new TransformStream({
    start(out) {
      decoder = new zstd.Decompress((chunk) => {
        if (chunk.length) out.enqueue(chunk.slice()); // fzstd reuses its buffers
      });
    },
    transform(chunk) {
      try {
        decoder.push(chunk, false);
      } catch {
        throw fail();
      }
    },
    flush() {
      try {
        decoder.push(new Uint8Array(0), true);
      } catch {
        throw fail();
      }
    },
  });
}

// Files up to this size are checked by the browser itself (fetch's integrity),
// with no JavaScript on each chunk: the worker's thread stays free to compile
// Pyodide while they arrive. Larger ones stream through openChecked, so the
// progress bar moves while they arrive; on a fast link (WHOLE), where they take
// no time to arrive, the browser checks those too.
const STREAM_ABOVE = 1.5e6;
let WHOLE = false;

/** One of the page's files as the browser fetched and checked it (fetch's integrity). */
async function fetchWhole(url, sri) {
  const name = String(url).split("/").pop();
  let response;
  try {
    response = await (plainFetch || fetch)(url, options(url, { integrity: sri }));
  } catch {
    // The browser does not say why: ask the server once more for the status.
    const head = await (plainFetch || fetch)(url, { method: "HEAD", cache: "no-store" }).catch(() => null);
    if (head && !head.ok) throw answered(head, name);
    throw fileError(name, N_("the download failed, or the file does not match its checksum. Try again downloads it afresh."));
  }
  if (!response.ok) throw answered(response, name);
  return response;
}

/** One of the page's files, whole and checked. */
async function fetchVerified(url, sri) {
  const meta = FILES.get(String(url));
  if (meta && (meta.size <= STREAM_ABOVE || WHOLE)) {
    const bytes = new Uint8Array(await (await fetchWhole(url, sri)).arrayBuffer());
    arrived(bytes.length);
    report(true);
    return { bytes };
  }
  const { response, why } = await openChecked(url, sri, "application/octet-stream");
  try {
    return { bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch (err) {
    throw why() || err;
  }
}

/**
 * The WebAssembly as a checked stream, which the browser compiles while it
 * arrives. A module cannot be instantiated, so cannot run, before its stream
 * has closed, and the stream closes only after the checksum matched: a wrong
 * byte fails the start instead.
 */
async function streamVerified(url, sri) {
  return (await openChecked(url, sri, "application/wasm")).response;
}

/**
 * The name of the copy a file travels as (its zstd copy, or on a fast link its
 * gzip copy), when it has one and it is listed; zstd only with the decoder.
 */
function copyOf(url) {
  const name = String(url).split("/").pop();
  const copy = TRANSPORT[name];
  if (!copy || (copy.endsWith(".zst") && !ZSTD)) return null;
  return FILES.has(new URL(copy, baseURL).href) ? copy : null;
}

/** The decoder, or null (and the progress bar told) when it did not load. */
async function decoderFor(url, copy) {
  let zstd = null;
  try {
    zstd = await ZSTD;
  } catch {
    zstd = null;
  }
  if (zstd && typeof zstd.Decompress === "function") return zstd;
  const plain = FILES.get(String(url));
  const meta = FILES.get(new URL(copy, baseURL).href);
  progress.total += ((plain && plain.size) || 0) - ((meta && meta.size) || 0);
  report(true);
  return null;
}

/**
 * The WebAssembly, compiled. On a fast link a helper worker of its own fetches
 * and compiles it (compileAside); otherwise, or if the helper fails, it streams
 * through this thread (wasmStream), which then also says what went wrong.
 */
async function compileWasm(url, sri) {
  if (WHOLE && !copyOf(url) && typeof Worker === "function") {
    try {
      const module = await compileAside(url, sri);
      arrived((FILES.get(String(url)) || {}).size || 0);
      report(true);
      phases.aside = true;
      return module;
    } catch {
      // This thread fetches it itself, below.
    }
  }
  phases.aside = false;
  return WebAssembly.compileStreaming(await wasmStream(url, sri));
}

// The helper's whole script: fetch one WebAssembly file as asked, checked by the
// browser against its sha256, compile it as it arrives and hand back the module.
const ASIDE = `onmessage = async (event) => {
  try {
    const response = await fetch(event.data.url, event.data.init);
    if (!response.ok) throw new Error("HTTP " + response.status);
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    const wasm = type === "application/wasm" ? response
      : new Response(response.body, { headers: { "Content-Type": "application/wasm" } });
    postMessage({ module: await WebAssembly.compileStreaming(wasm) });
  } catch (err) {
    postMessage({ error: String((err && err.message) || err) });
  }
  close();
};`;

/**
 * The WebAssembly at `url`, fetched (checked against `sri`) and compiled by a
 * helper worker. This thread is busy while Python's files arrive: it unzips
 * and checks them, and parses Pyodide's JavaScript. A download this thread
 * reads waits each time for it to be free, and so does the compiling that
 * follows the bytes; the helper has nothing else to do. The compiled module
 * comes back as it is (it is shared between workers, not copied).
 */
function compileAside(url, sri) {
  return new Promise((resolve, reject) => {
    const script = URL.createObjectURL(new Blob([ASIDE], { type: "text/javascript" }));
    let helper;
    try {
      helper = new Worker(script);
    } catch (err) {
      URL.revokeObjectURL(script);
      reject(err);
      return;
    }
    const done = () => {
      URL.revokeObjectURL(script);
      helper.terminate();
    };
    helper.onmessage = (event) => {
      done();
      const { module, error } = event.data || {};
      if (module instanceof WebAssembly.Module) resolve(module);
      else reject(new Error(String(error)));
    };
    helper.onerror = (event) => {
      event.preventDefault();
      done();
      reject(new Error("The helper worker did not start."));
    };
    helper.postMessage({ url: String(url), init: options(url, { integrity: sri }) });
  });
}

/**
 * The WebAssembly, from its zstd copy where there is one: decoded while it
 * arrives and compiled while it is decoded, checked like the file itself (its
 * sha256, then the stream closes). Without the decoder, the file itself.
 */
async function wasmStream(url, sri) {
  const copy = copyOf(url);
  const zstd = copy && (await decoderFor(url, copy));
  if (!zstd && WHOLE) {
    // A fast link: checked by the browser, and compiled with no script on the way.
    const response = await fetchWhole(url, sri);
    arrived((FILES.get(String(url)) || {}).size || 0);
    report(true);
    // As the server sent it, if it says what it is: the browser may then keep the
    // compiled code with the file for the next visit.
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    if (type === "application/wasm") return response;
    return new Response(response.body, { headers: { "Content-Type": "application/wasm" } });
  }
  if (!zstd) return streamVerified(url, sri);
  const packed = new URL(copy, baseURL).href;
  const { integrity: packedSri } = FILES.get(packed);
  return (await openChecked(packed, packedSri, "application/wasm", () => unzstd(zstd, copy))).response;
}

/**
 * One of the page's files, whole and checked: from its copy where it travels as
 * one (the copy's sha256 as it arrives, then the decoded bytes against the
 * file's own; a zstd copy decoded by fzstd, a gzip copy by the browser), else
 * the file itself.
 */
async function fetchFile(url, sri) {
  const copy = copyOf(url);
  const gzip = Boolean(copy) && copy.endsWith(".gz");
  const zstd = copy && !gzip && (await decoderFor(url, copy));
  if (!gzip && !zstd) return fetchVerified(url, sri);
  const packed = new URL(copy, baseURL).href;
  const { response, why } = await openChecked(packed, FILES.get(packed).integrity, "application/octet-stream", () =>
    gzip ? new DecompressionStream("gzip") : unzstd(zstd, copy),
  );
  let bytes;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    // Bytes that do not unzip are not the build's either.
    throw why() || (gzip ? fileError(copy, CHECKSUM) : err);
  }
  return { bytes: await verify(bytes, sri, copy) };
}

// Pyodide fetches its WebAssembly and standard library itself: those requests
// go through fetchVerified too, so they are counted and checked like the rest.
async function checkedFetch(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input), baseURL).href;
  const meta = FILES.get(url);
  if (!meta) {
    // Not one of this page's files: refused rather than fetched unchecked.
    const err = fileError(url.split("/").pop(), N_("not one of this page's checked files, so it was not fetched."));
    problem(err);
    throw err;
  }
  const started = early.get(url);
  early.delete(url);
  try {
    // The WebAssembly is compiling already (start): Pyodide's own request gets a
    // stand-in, which its instantiateStreaming (replaced in start) leaves unread.
    if (url.endsWith(".wasm") && compiled) return new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } });
    const { bytes } = await (started || fetchFile(url, meta.integrity));
    const type = url.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
    return new Response(bytes, { headers: { "Content-Type": type } });
  } catch (err) {
    problem(err);
    throw err;
  }
}

// Downloads started before Pyodide asks for them (the WebAssembly and the
// standard library), by URL: checkedFetch hands them over when it does.
const early = new Map();

// The first problem while starting ends the start at once (Pyodide itself only
// logs some of them and would wait for ever).
let problem = () => {};

/** Import a JavaScript module only after checking it against its sha256. */
async function importVerified(url, sri) {
  const { bytes } = await fetchVerified(url, sri);
  const blob = URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
  try {
    return await import(blob);
  } finally {
    URL.revokeObjectURL(blob);
  }
}

async function fetchWheels(indexURL, lock, names) {
  return Promise.all(
    names.map(async (name) => {
      const pkg = lock.packages[name];
      const { bytes } = await fetchFile(new URL(pkg.file_name, indexURL).href, integrity(pkg.sha256));
      return [pkg.file_name, bytes];
    }),
  );
}

/**
 * Fetch the memory image (once it is decided to use it: see start). `keep()`
 * gives its unzipped stream; its bytes count towards the progress bar.
 */
function startMemory(indexURL, memory) {
  if (typeof DecompressionStream !== "function") throw new Error("No DecompressionStream.");
  if (!/^[\w.+-]+$/.test(memory.file)) throw new Error("Bad memory image name.");
  const url = new URL(memory.file, indexURL);
  const response = (plainFetch || fetch)(url, options(url, { integrity: memory.integrity }));
  response.catch(() => {});
  return {
    async keep() {
      const r = await response;
      if (!r.ok) throw new Error(`${memory.file}: HTTP ${r.status}`);
      const counter = new TransformStream({
        transform(chunk, out) {
          arrived(chunk.length);
          out.enqueue(chunk);
        },
      });
      return r.body.pipeThrough(counter).pipeThrough(new DecompressionStream("gzip"));
    },
  };
}

/**
 * Bytes of finished downloads that came over the network (not from a cache),
 * and the time from the first one's start to the last one's end: resource
 * timing reports a transfer size of 0 for files a cache answered, so a return
 * visit, whose files come from the cache, does not look like a fast link.
 */
function network() {
  return linkSample(performance.getEntriesByType("resource"));
}

/** The network part of some resource timing entries (see network). */
export function linkSample(entries) {
  let bytes = 0;
  let start = Infinity;
  let end = 0;
  for (const entry of entries) {
    if (entry.transferSize > 0) {
      bytes += entry.transferSize;
      start = Math.min(start, entry.startTime);
      end = Math.max(end, entry.responseEnd);
    }
  }
  return { bytes, start, end };
}

/**
 * Whether a sample shows a link fast enough for the memory image: bytes a
 * second from the first request's start (not from the worker's own start, which
 * on a busy device comes later than the link would) to the last one's end.
 */
export function fastLink({ bytes, start, end }) {
  return end > start && bytes / ((end - start) / 1000) >= FAST_LINK;
}

/**
 * Whether one finished download of some size (FILE_SAMPLE bytes or more, from
 * the network) came in fast enough, counted from its first byte to its last:
 * on a fast link that is known as soon as the first such file is in, before
 * the total over all files (fastLink) says so; the request's wait is left out.
 */
export function fastFile(entries) {
  return entries.some(
    (e) =>
      e.transferSize >= FILE_SAMPLE &&
      e.responseEnd > e.responseStart &&
      e.responseStart > 0 &&
      e.transferSize / ((e.responseEnd - e.responseStart) / 1000) >= FAST_LINK,
  );
}

/** Whether the browser or the site's offline cache already holds `url` (no download). */
async function cached(url) {
  try {
    const response = await (plainFetch || fetch)(url, {
      cache: "only-if-cached",
      mode: "same-origin",
      credentials: "same-origin",
    });
    if (response.body) response.body.cancel().catch(() => {});
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Whether the first finished downloads show a fast link: one where the memory
 * image (about 5 MB) saves more time than its bytes cost, and where the host's
 * gzipped WebAssembly, which the browser decodes off this thread, beats its
 * smaller zstd copy, which this thread decodes. Watched for DECIDE_MS at most.
 */
async function fastNow() {
  const t0 = performance.now();
  while (performance.now() - t0 < DECIDE_MS && network().bytes < 1 << 20) {
    if (fastFile(performance.getEntriesByType("resource"))) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return fastLink(network()) || fastFile(performance.getEntriesByType("resource"));
}

/**
 * Whether the WebAssembly comes as its zstd copy ({zstdWasm}), whether to use
 * the memory image ({image}) and whether the link's speed was watched for it
 * ({sampled}). What this device holds already (the HTTP cache or the site's
 * offline cache) is used as it is: the file itself before its copy, which would
 * cost decoding, and the image only if it is kept as well. Otherwise the first
 * downloads tell (fastNow): on a fast link the file itself and the image; on a
 * slow one the copy, a fifth smaller, and no image.
 */
async function choose(file, copies, image) {
  const copy = copies["pyodide.asm.wasm"];
  const [plainHere, copyHere, imageHere] = await Promise.all([
    copy ? cached(file("pyodide.asm.wasm")) : true,
    copy ? cached(file(copy)) : false,
    image ? cached(file(image.file)) : false,
  ]);
  // Start files already on this device: no speed sample will come (nothing big
  // is downloaded), so the image is used only if it is kept too.
  const onDevice = Boolean(copy) && (plainHere || copyHere);
  let sample = null; // the link's speed, watched once and only if a choice needs it
  const link = () => (onDevice ? Promise.resolve(false) : (sample ||= fastNow()));
  const zstdWasm = Boolean(copy) && !plainHere && (copyHere || !(await link()));
  const useImage = Boolean(image) && (imageHere || (await link()));
  const fast = sample !== null && (await sample);
  // fast: the files come at once (a fast link, or this device has them).
  return { zstdWasm, image: useImage, fast: !zstdWasm && ((Boolean(copy) && plainHere) || fast), sampled: sample !== null };
}

// When each start-up phase ended, as Unix-epoch milliseconds (for the benchmark).
const phases = {};
function stamp(phase) {
  phases[phase] = Math.round(performance.timeOrigin + performance.now());
}

async function start(settings) {
  const t0 = performance.now();
  const indexURL = settings.indexURL;
  const packages = settings.packages;
  baseURL = indexURL;
  stamp("started");
  if (typeof WebAssembly !== "object") {
    throw new Error(N_("This browser cannot run WebAssembly."));
  }
  const failure = new Promise((_, reject) => {
    problem = reject;
  });
  failure.catch(() => {});
  const files = settings.files || {};
  FILES = new Map(Object.entries(files).map(([f, m]) => [new URL(f, indexURL).href, m]));
  RELOAD = new Set(settings.reload || []);
  const stdlib = settings.stdlib || "python_stdlib.zip";
  // The start's big files come compressed with zstd where the build made a copy
  // and this browser can stream; fzstd decodes them. The WebAssembly comes so
  // only on a slow link (see choose): on a fast one it comes as it is, gzipped by
  // the host, which the browser itself decodes, off this thread.
  const decoderName = settings.decoder;
  const canZstd = Boolean(decoderName && files[decoderName] && typeof TransformStream === "function");
  const copies = canZstd ? settings.transport || {} : {};
  const sent = (name) => (TRANSPORT[name] && files[TRANSPORT[name]] ? TRANSPORT[name] : name);
  const needed = (names) => names.reduce((n, f) => n + ((files[sent(f)] && files[sent(f)].size) || 0), 0);
  const startNames = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", stdlib, "pyodide-lock.json"];
  const zstdUsed = () => Object.values(TRANSPORT).some((f) => f.endsWith(".zst"));
  const base = () => needed(startNames) + (zstdUsed() ? files[decoderName].size : 0);
  // A fast link's way: the WebAssembly itself and gzip copies of the rest.
  const unzstdWasm = Object.fromEntries(Object.entries(copies).filter(([f]) => !f.endsWith(".wasm")));
  const gzipped = typeof DecompressionStream === "function" ? settings.gzipped || {} : {};
  const fastWay = Object.keys(gzipped).length ? gzipped : unzstdWasm;
  // Until the choice below, the progress bar counts the larger way (a fast
  // link's), so that it only ever moves forward.
  TRANSPORT = fastWay;
  progress.total = base();
  report(true);
  if (plainFetch) self.fetch = checkedFetch;
  const file = (name) => new URL(name, indexURL).href;
  const sri = (name) => (files[name] || {}).integrity;
  // A file without its sha256 in the settings is never fetched.
  const checked = (name) => {
    if (!sri(name)) throw fileError(name, N_("not one of this page's checked files, so it was not fetched."));
    return file(name);
  };
  // Imported here rather than by loadPyodide, so that it is compiling while
  // everything else downloads; checked first, like every other file.
  const load = async (name) => importVerified(checked(name), sri(name));
  const runtime = load("pyodide.asm.mjs");
  runtime.catch(problem);
  const loader = load("pyodide.mjs");
  loader.catch(problem);
  // The zstd decoder (8 KB), for the copies if they are chosen.
  ZSTD = canZstd ? load(decoderName) : null;
  if (ZSTD) ZSTD.catch(() => {}); // the files themselves are used instead
  lockFile = fetchVerified(checked("pyodide-lock.json"), sri("pyodide-lock.json")).then(({ bytes }) =>
    JSON.parse(new TextDecoder().decode(bytes)),
  );
  lockFile.catch(problem);
  // Which copies to fetch, and whether the memory image pays (see choose).
  const image = settings.memory && (settings.attempt || 1) === 1 && files[settings.memory.file] ? settings.memory : null;
  const choice = choose(file, copies, image);
  const chosen = choice.then((c) => {
    TRANSPORT = c.zstdWasm ? copies : fastWay;
    WHOLE = c.fast;
    progress.total = base();
    report(true);
    stamp("chosen");
    phases.sampled = c.sampled;
  });
  chosen.catch(problem);
  const names = Promise.all([lockFile, chosen]).then(([lock]) => {
    const list = closure(lock, packages);
    progress.total += needed(list.map((n) => lock.packages[n].file_name));
    return list;
  });
  const wheels = names.then(async (n) => fetchWheels(indexURL, await lockFile, n));
  wheels.catch(problem);
  // The biggest files start once chosen, not once Pyodide's JavaScript has
  // loaded; the WebAssembly compiles while it arrives (see compiled).
  for (const name of ["pyodide.asm.wasm", stdlib]) {
    if (!files[name]) continue;
    const wasm = name.endsWith(".wasm");
    if (wasm) {
      compiled = chosen.then(() => compileWasm(file(name), sri(name)));
      compiled.catch(problem);
    } else {
      const download = chosen.then(() => fetchFile(file(name), sri(name)));
      download.catch(problem);
      download.then(() => stamp("stdlib"), () => {});
      early.set(file(name), download);
    }
  }
  // The memory image: fetched only where it pays (see choose). On a slow link
  // not a byte of it is fetched: even a download started and dropped would take
  // its share of the link.
  let memory = null;
  if (image && (await choice).image) {
    try {
      const imageDownload = startMemory(indexURL, image);
      progress.total += (files[image.file] || {}).size || 0;
      memory = memoryImage(imageDownload.keep(), image.length);
      memory.filled.then(() => stamp("memory"), () => {});
    } catch {
      memory = null; // this browser cannot unzip it, or no memory for it: start Python from scratch
    }
  }
  const { loadPyodide } = await Promise.race([loader, failure]);
  const createModule = (await Promise.race([runtime, failure])).default;
  stamp("imported");
  const options = {
    indexURL,
    lockFileContents: lockFile,
    stdout: () => {},
    stderr: () => {},
  };
  if (settings.stdlib) options.stdLibURL = file(settings.stdlib);
  // Pyodide instantiates the WebAssembly this worker has been compiling since its
  // first bytes came (what it passes is not read: see checkedFetch). A module
  // that does not compile fails the start at once.
  const instantiate = WebAssembly.instantiate;
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = function (source, imports) {
    const result = compiled
      ? compiled.then(async (module) => ({ module, instance: await instantiate.call(WebAssembly, module, imports) }))
      : streaming.call(WebAssembly, source, imports);
    result.then(() => stamp("instantiated"), problem);
    return result;
  };
  WebAssembly.instantiate = function (...args) {
    const result = instantiate.apply(WebAssembly, args);
    result.then(() => stamp("instantiated"), problem);
    return result;
  };
  const loaded = await Promise.race([loadPython(loadPyodide, createModule, options, memory), failure]);
  pyodide = loaded.pyodide;
  phases.fromMemory = loaded.fromMemory;
  stamp("loaded");
  post({ type: "progress", stage: "packages" });
  mountWheels(pyodide, await Promise.race([wheels, failure]));
  for (const name of await names) mounted.add(name);
  stamp("mounted");
  pyodide.runPython(BRIDGE);
  bridge = pyodide.globals.get("cp14_call");
  stamp("bridge");
  problem = () => {};
  return Math.round(performance.now() - t0);
}

async function ensure(name) {
  const lock = await lockFile;
  const missing = closure(lock, NEEDS[name] || []).filter((p) => !mounted.has(p));
  if (missing.length) {
    progress.total += missing.reduce((n, p) => n + ((FILES.get(new URL(lock.packages[p].file_name, baseURL).href) || {}).size || 0), 0);
    mountWheels(pyodide, await fetchWheels(baseURL, lock, missing));
    for (const p of missing) mounted.add(p);
  }
}

// Calls the page took back while Python was starting.
const withdrawn = new Set();

async function call(id, name, payload) {
  try {
    await starting;
    await ensure(name);
    if (withdrawn.delete(id)) return;
    const text = bridge(String(name), JSON.stringify(payload ?? {}));
    post({ type: "result", id, result: JSON.parse(text) });
  } catch (err) {
    post({ type: "result", id, error: String((err && err.message) || err).slice(0, 500) });
  }
}

function failed(err) {
  const file = err && typeof err.file === "string" ? err.file : null;
  post({ type: "failed", message: String((err && err.message) || err).slice(0, 500), file });
}

// A runtime file's name: no folder, nothing but these characters.
const NAME = /^[\w.+-]+$/;

/** The settings' file -> copy table, with only plain file names kept. */
export function fileNames(table) {
  const out = {};
  if (!table || typeof table !== "object") return out;
  for (const [k, v] of Object.entries(table)) if (NAME.test(k) && typeof v === "string" && NAME.test(v)) out[k] = v;
  return out;
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  const receive = (event) => {
    const msg = event.data || {};
    if (msg.type === "call") call(msg.id, msg.name, msg.payload);
    else if (msg.type === "withdraw") withdrawn.add(msg.id);
  };
  self.onmessage = receive;
  try {
    const settings = JSON.parse(self.name);
    NEEDS = settings.needs && typeof settings.needs === "object" ? settings.needs : {};
    const m = settings.memory;
    starting = start({
      indexURL: String(settings.indexURL),
      packages: Array.isArray(settings.packages) ? settings.packages : ["cp14"],
      memory: m && typeof m.file === "string" && Number.isInteger(m.length) ? m : null,
      files: settings.files && typeof settings.files === "object" ? settings.files : null,
      stdlib: typeof settings.stdlib === "string" ? settings.stdlib : null,
      transport: fileNames(settings.transport),
      gzipped: fileNames(settings.gzipped),
      decoder: typeof settings.decoder === "string" && NAME.test(settings.decoder) ? settings.decoder : null,
      attempt: Number(settings.attempt) || 1,
      reload: Array.isArray(settings.reload) ? settings.reload.map(String) : [],
    });
    starting.then((ms) => post({ type: "ready", ms, phases }), failed);
  } catch (err) {
    starting = Promise.reject(err);
    starting.catch(() => {});
    failed(err);
  }
  // Messages that came while the page's blob: script was fetching this one, now
  // that the start is under way (a call waits for it).
  const queued = self.__cp14Queued;
  self.__cp14Queued = null;
  for (const event of Array.isArray(queued) ? queued : []) receive(event);
}
