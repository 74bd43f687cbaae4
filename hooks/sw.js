// cp14's service worker: the site keeps working offline after a first visit,
// and what it serves from its caches is exactly what the build made.
//
// hooks/finish.py writes this file to the site's root as sw.js, with OFFLINE
// filled in: the build's manifest (every file of the site, by path from the
// site's root, with its sha256), the runtime folder of this build, and the
// files each tool page needs to start. The manifest lives in this script, which
// no other page can change (the caches can be written by any page of the same
// origin: every project site of one github.io account shares it).
//
// - Only the site's own files are handled: a request outside this worker's
//   scope, a URL with a query other than the site's version tag (?v=...), or
//   a file the build did not make goes to the network as if this worker were
//   not there, and is never kept. This worker fetches nothing outside its scope.
// - Every page, stylesheet or script served from a cache is checked against the
//   manifest first (the runtime's files are checked by the tool's worker, below).
//   A copy that does not match (damaged, or written by another page) is deleted
//   and fetched again; offline it is refused with a message
//   that says how to recover. A response is kept only if its bytes are the build's.
// - Pages: network first, asking the server each time (cache "no-cache"), so a
//   new build shows on the next visit; offline, the kept copy, which the page
//   shows as a saved copy of its date (Server-Timing: cp14-saved), and as partial
//   when the tool's files are not all kept (cp14-partial).
// - CSS, JavaScript and other files: network first too (the browser's HTTP cache
//   may answer), checked; a copy the HTTP cache kept from an older build is
//   fetched again.
// - The Python runtime folder (assets/pyodide/<version>-<hash>/): cache first.
//   It is filled only by a tool page that loads it; a reader of the guide pages
//   never downloads it. A request made with cache "reload" (Try again, after a
//   file failed its check) skips the kept copy. Its files are served as kept, so
//   that Python compiles while they arrive and a warm start spends no time on
//   a second check: the tool's worker checks every byte of every runtime file
//   itself before anything uses it. A damaged copy fails the tool with a message;
//   its Try again fetches that file afresh, which replaces the copy, and offline
//   gets the kept copy only if it matches (else a message that says to reconnect).
// - A first visit starts before this worker is in charge (the tool's own worker
//   begins loading in the page's head). cp14-offline.js therefore sends
//   {type: "cp14-keep", urls} once the page (and its tool) is ready: the worker
//   copies those URLs, and whatever of this runtime folder the browser has,
//   from the browser's HTTP cache into its own caches. It asks with cache
//   "only-if-cached" and the build's sha256, so this never downloads anything.
//
// Cache names are "cp14-<kind> <scope>". This worker only ever reads or deletes
// caches whose name starts with "cp14-" and ends with its own scope.

const OFFLINE = __CP14_OFFLINE__;

const SCOPE = self.registration.scope; // the site's root, e.g. https://owner.github.io/cp14/
const PREFIX = "cp14-";
const PAGES = `${PREFIX}pages ${SCOPE}`;
const RUNTIME = `${PREFIX}runtime-${OFFLINE.folder} ${SCOPE}`;
const RUNTIME_URL = new URL(OFFLINE.runtime, SCOPE).href;
const SELF = new URL("sw.js", SCOPE).href;
const SAVED = "X-CP14-Saved"; // when a kept copy was saved (ms since 1970)
const SUM = "X-CP14-Sha256"; // the sha256 it was kept for (its bytes are checked again when served)

const ours = (name) => name.startsWith(PREFIX) && name.endsWith(` ${SCOPE}`);
const inScope = (url) => String(url).startsWith(SCOPE);

// Nothing here fetches outside the site, whoever asks.
const plainFetch = self.fetch.bind(self);
self.fetch = (input, init) => {
  const url = input instanceof Request ? input.url : new URL(String(input), SCOPE).href;
  return inScope(url) ? plainFetch(input, init) : Promise.reject(new TypeError("Not this site's address."));
};

/** The URL (without its fragment) and its path in the manifest, if this worker serves it. */
function known(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  url.hash = "";
  if (!inScope(url.href) || url.href === SELF) return null;
  if (url.search && !/^\?v=[\w-]+$/.test(url.search)) return null;
  const path = url.href.slice(SCOPE.length).split("?")[0];
  if (!Object.hasOwn(OFFLINE.files, path)) return null;
  return { key: url.href, path, want: OFFLINE.files[path], runtime: url.href.startsWith(RUNTIME_URL) };
}

async function digest(bytes) {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256-${btoa(String.fromCharCode(...hash))}`;
}

function storable(response) {
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !/no-store/i.test(response.headers.get("Cache-Control") || "")
  );
}

/** A copy of `response` with these bytes and headers added (or removed, with null). */
function remake(response, body, add) {
  const headers = new Headers(response.headers);
  // The body is the decoded bytes: the network's encoding and length no longer apply.
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  for (const [name, value] of Object.entries(add)) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** Keep these bytes (the build's: checked by the caller) in `cache`; false when refused (full). */
async function put(cacheName, file, response, bytes) {
  try {
    const cache = await caches.open(cacheName);
    await cache.put(file.key, remake(response, bytes, { [SAVED]: String(Date.now()), [SUM]: file.want }));
    return true;
  } catch {
    return false; // the browser's storage is full, or refused
  }
}

/** The kept copy of `file`, if it is the build's; a copy that is not is deleted. */
async function kept(cacheName, file) {
  const cache = await caches.open(cacheName);
  const response = await cache.match(file.key);
  if (!response) return { response: null, damaged: false };
  const bytes = await response.arrayBuffer();
  if ((await digest(bytes)) === file.want) return { response, bytes, damaged: false };
  await cache.delete(file.key);
  return { response: null, damaged: true };
}

// Offline, what could not be served: a page says so in words; a file says why
// in a header the tool's worker reads (X-CP14-Offline: missing | damaged).
const TEXT = {
  missing: "You are offline, and this page is not saved on this device. Connect to the internet and reload the page.",
  damaged:
    "You are offline, and the copy of this page saved on this device was damaged, so it was removed. Connect to the internet and reload the page: it will be saved again.",
};

function refusal(request, why) {
  if (request.mode === "navigate") {
    const html = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Offline: CP14 Help</title><h1>This page cannot be shown offline</h1><p>${TEXT[why]}</p></html>`;
    return new Response(html, {
      status: 503,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "default-src 'none'",
        "X-CP14-Offline": why,
      },
    });
  }
  return new Response(null, { status: 504, statusText: "Offline", headers: { "X-CP14-Offline": why } });
}

/**
 * Whether every file the tool at `path` needs to start is kept, for one of the
 * ways it may start (its big files' zstd copies with their decoder, or the files
 * themselves: the tool's worker uses whichever this device holds).
 */
async function complete(path) {
  const ways = OFFLINE.tools[path];
  if (!ways) return true;
  const cache = await caches.open(RUNTIME);
  for (const way of ways) {
    let all = true;
    for (const file of way) {
      if (!(await cache.match(new URL(file, SCOPE).href))) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** A kept page, served offline: it says it is a saved copy of its date (and partial). */
async function savedPage(file, response, bytes) {
  const saved = Number(response.headers.get(SAVED)) || 0;
  const timing = [`cp14-saved;desc="${new Date(saved).toISOString()}"`];
  if (!(await complete(file.path))) timing.push("cp14-partial");
  return remake(response, bytes, {
    "Server-Timing": timing.join(", "),
    [SAVED]: null,
    [SUM]: null,
  });
}

async function networkFirst(event, file) {
  const request = event.request;
  const navigate = request.mode === "navigate";
  let response;
  try {
    // Pages always ask the server (a new build shows at once); files may come
    // from the browser's HTTP cache, and are checked below.
    response = await plainFetch(navigate ? new Request(request, { cache: "no-cache" }) : request);
  } catch (err) {
    const { response: copy, bytes, damaged } = await kept(PAGES, file);
    if (copy) return navigate ? savedPage(file, copy, bytes) : remake(copy, bytes, { [SAVED]: null, [SUM]: null });
    return refusal(request, damaged ? "damaged" : "missing");
  }
  if (!storable(response)) return response;
  if (navigate) {
    // The page streams on while its copy is checked; it is kept only if it is the build's.
    const [page, copy] = response.body.tee();
    event.waitUntil(
      new Response(copy).arrayBuffer().then(async (bytes) => {
        if ((await digest(bytes)) === file.want) await put(PAGES, file, response, bytes);
      }),
    );
    return remake(response, page, {});
  }
  let bytes = await response.arrayBuffer();
  if ((await digest(bytes)) !== file.want && request.cache !== "no-cache") {
    // Perhaps the HTTP cache's copy of an older build: ask the server.
    const fresh = await plainFetch(new Request(request, { cache: "no-cache" })).catch(() => null);
    if (fresh && storable(fresh)) {
      response = fresh;
      bytes = await fresh.arrayBuffer();
    }
  }
  // A file that is still not this build's is a newer build's: served, never kept.
  if ((await digest(bytes)) === file.want) event.waitUntil(put(PAGES, file, response, bytes));
  return remake(response, bytes, {});
}

async function cacheFirst(event, file) {
  const request = event.request;
  if (request.cache !== "reload") {
    // As kept: it streams, so Python compiles while it arrives. The tool's worker
    // checks every runtime file itself before anything uses it.
    const copy = await (await caches.open(RUNTIME)).match(file.key);
    if (copy) return copy;
  }
  let response;
  try {
    response = await plainFetch(request); // with the caller's integrity, if it set one
  } catch (err) {
    const copy = await kept(RUNTIME, file);
    if (copy.response) return remake(copy.response, copy.bytes, { [SAVED]: null, [SUM]: null });
    return refusal(request, copy.damaged ? "damaged" : "missing");
  }
  if (storable(response)) {
    const copy = response.clone();
    event.waitUntil(
      copy.arrayBuffer().then(async (bytes) => {
        if ((await digest(bytes)) === file.want) await put(RUNTIME, file, copy, bytes);
      }),
    );
  }
  return response;
}

/** HEAD (the tool's worker asks why a file failed): the network, or offline, why not. */
async function head(event, file) {
  try {
    return await plainFetch(event.request);
  } catch {
    const cache = await caches.open(file.runtime ? RUNTIME : PAGES);
    const copy = await cache.match(file.key);
    return copy ? new Response(null, { status: 200, headers: copy.headers }) : refusal(event.request, "missing");
  }
}

/**
 * Copy what the browser already has into our caches: the URLs a page used and,
 * for a tool page, this build's runtime files (its worker's fetches are not
 * among the page's URLs). Only files of the manifest, only if their bytes are
 * the build's. Answers how many were kept, how many could not be (storage
 * full), and whether the tool page `page` has every file it needs to start.
 */
async function keep(urls, tool, page) {
  const wanted = new Map();
  for (const href of Array.isArray(urls) ? urls.slice(0, 500) : []) {
    const file = known(String(href));
    if (file) wanted.set(file.key, file);
  }
  if (tool) {
    for (const path of Object.keys(OFFLINE.files)) {
      const file = known(new URL(path, SCOPE).href);
      if (file && file.runtime) wanted.set(file.key, file);
    }
  }
  let count = 0;
  let refused = 0;
  await Promise.all(
    [...wanted.values()].map(async (file) => {
      const cacheName = file.runtime ? RUNTIME : PAGES;
      // Kept already for this build (and checked whenever it is served).
      const copy = await (await caches.open(cacheName)).match(file.key);
      if (copy && copy.headers.get(SUM) === file.want) return;
      let response;
      try {
        response = await plainFetch(file.key, {
          cache: "only-if-cached",
          mode: "same-origin",
          credentials: "same-origin",
          integrity: file.want,
        });
      } catch {
        return; // not in the browser's HTTP cache (this page did not load it), or not the build's
      }
      if (!storable(response)) return;
      if (await put(cacheName, file, response, await response.arrayBuffer())) count += 1;
      else refused += 1;
    }),
  );
  await tidy();
  const path = known(String(page || ""))?.path;
  return { kept: count, refused, complete: path ? await complete(path) : true };
}

/**
 * Delete this site's caches and entries that this build does not use: another
 * kind of cache, another build's runtime folder, and any kept page or file that
 * is not in the manifest. Caches of other sites on this origin, and ours under
 * another scope, are left alone.
 */
async function tidy() {
  const names = (await caches.keys()).filter(ours);
  await Promise.all(names.filter((n) => n !== PAGES && n !== RUNTIME).map((n) => caches.delete(n)));
  for (const name of [PAGES, RUNTIME]) {
    if (!names.includes(name)) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const file = known(request.url);
      if (!file || file.runtime !== (name === RUNTIME)) await cache.delete(request);
    }
  }
}

self.addEventListener("install", () => {
  self.skipWaiting(); // nothing to download first: the caches fill as pages are read
});

self.addEventListener("activate", (event) => {
  event.waitUntil(tidy().then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if ((request.method !== "GET" && request.method !== "HEAD") || request.headers.has("Range")) return;
  const file = known(request.url);
  if (!file) return; // not the site's own file: the browser fetches it as usual
  if (request.method === "HEAD") event.respondWith(head(event, file));
  else event.respondWith(file.runtime ? cacheFirst(event, file) : networkFirst(event, file));
});

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type !== "cp14-keep") return;
  const tag = msg.tag === "tool" ? "tool" : "page";
  // The answer goes back on the page's own channel, if it gave one; a page that
  // is leaving gives none, so that nothing keeps it out of the back/forward cache.
  const port = event.ports && event.ports[0];
  event.waitUntil(
    keep(msg.urls, tag === "tool", msg.page).then(
      (answer) => port?.postMessage({ type: "cp14-kept", tag, ...answer }),
      (err) => port?.postMessage({ type: "cp14-kept", tag, error: String(err).slice(0, 200) }),
    ),
  );
});
