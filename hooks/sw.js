// cp14's service worker: the site keeps working offline after a first visit.
//
// hooks/offline.py writes this file to the site's root as sw.js, with OFFLINE
// filled in: the runtime folder of this build and the sha256 of each file in
// it. A new runtime folder therefore means a new sw.js, which the browser
// installs.
//
// - Pages, CSS, JavaScript and every other file of the site: network first.
//   Online, the reader always gets the latest build (new interest rates at
//   once); offline, the last copy kept.
// - The Python runtime folder (assets/pyodide/<version>-<hash>/): cache first.
//   Its name changes whenever any byte in it changes, so a kept file is never
//   out of date. It is filled only by a tool page that loads it; a reader of the
//   guide pages never downloads it. A file is kept only if its bytes are the
//   build's (sha256), and as it came, so the worker's own integrity checks and
//   the wasm's Content-Type still hold.
// - A first visit starts before this worker is in charge (the tool's own worker
//   begins loading in the page's head). cp14-offline.js therefore sends
//   {type: "cp14-keep", urls} once the page (and its tool) is ready: the worker
//   copies those URLs, and whatever of this runtime folder the browser has,
//   from the browser's HTTP cache into its own caches. It asks with
//   cache "only-if-cached", so this never downloads anything.
// - Kept: only GET responses for the site's own files. A URL with a query is
//   kept only if the query is the site's own version tag (?v=...), so nothing a
//   reader types (a search, a form sent without JavaScript) is ever stored.
//
// Cache names are "cp14-<kind> <scope>". Every project site of one github.io
// account shares one origin, so this worker only ever reads or deletes caches
// whose name starts with "cp14-" and ends with its own scope. An old runtime
// folder's cache is deleted once no kept page uses it any more.

const OFFLINE = __CP14_OFFLINE__;

const SCOPE = self.registration.scope; // the site's root, e.g. https://owner.github.io/cp14/
const PREFIX = "cp14-";
const PAGES = `${PREFIX}pages ${SCOPE}`;
const RUNTIME = "runtime-";
const RUNTIME_ROOT = new URL("assets/pyodide/", SCOPE).href;
const SELF = new URL("sw.js", SCOPE).href;

const ours = (name) => name.startsWith(PREFIX) && name.endsWith(` ${SCOPE}`);
const runtimeCache = (folder) => `${PREFIX}${RUNTIME}${folder} ${SCOPE}`;

/** The runtime folder a URL is in ("314.0.7-6452c5300286"), or null. */
function folderOf(url) {
  if (!url.startsWith(RUNTIME_ROOT)) return null;
  const m = /^([\w.+-]+)\/[\w.+-]+$/.exec(url.slice(RUNTIME_ROOT.length));
  return m ? m[1] : null;
}

/** The URL without its fragment if this worker may keep it, else null. */
function keepable(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  url.hash = "";
  if (!url.href.startsWith(SCOPE) || url.href === SELF) return null;
  if (url.search && !/^\?v=[\w-]+$/.test(url.search)) return null;
  return url.href;
}

function storable(response) {
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !/no-store/i.test(response.headers.get("Cache-Control") || "")
  );
}

async function networkFirst(event) {
  const request = event.request;
  const key = keepable(request.url);
  try {
    const response = await fetch(request);
    if (key && storable(response)) {
      const copy = response.clone();
      event.waitUntil(caches.open(PAGES).then((cache) => cache.put(key, copy)));
    }
    return response;
  } catch (err) {
    const kept = key && (await caches.open(PAGES).then((cache) => cache.match(key)));
    if (kept) return kept;
    throw err;
  }
}

/** The build's SRI string for a URL in this build's runtime folder, or null. */
function expected(url) {
  const prefix = new URL(OFFLINE.runtime, SCOPE).href;
  if (!url.startsWith(prefix)) return null;
  return Object.hasOwn(OFFLINE.files, url.slice(prefix.length))
    ? OFFLINE.files[url.slice(prefix.length)]
    : null;
}

async function sri(response) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await response.arrayBuffer()));
  return `sha256-${btoa(String.fromCharCode(...digest))}`;
}

async function cacheFirst(event, folder) {
  const request = event.request;
  const key = keepable(request.url);
  const cache = await caches.open(runtimeCache(folder));
  const kept = key && (await cache.match(key));
  if (kept) return kept;
  const response = await fetch(request); // with the caller's integrity, if it set one
  const want = key && expected(key);
  if (want && storable(response)) {
    const [check, copy] = [response.clone(), response.clone()];
    event.waitUntil(
      sri(check)
        .then((got) => (got === want ? cache.put(key, copy) : undefined))
        .catch(() => {}),
    );
  }
  return response;
}

/**
 * Copy what the browser already has into our caches: the URLs a page used and,
 * for a tool page, this build's runtime files (its worker's fetches are not
 * among the page's URLs).
 */
async function keep(urls, tool) {
  const wanted = new Set();
  for (const href of Array.isArray(urls) ? urls.slice(0, 500) : []) {
    const url = keepable(String(href));
    if (url) wanted.add(url);
  }
  if (tool) {
    for (const file of Object.keys(OFFLINE.files)) {
      wanted.add(new URL(OFFLINE.runtime + file, SCOPE).href);
    }
  }
  let kept = 0;
  await Promise.all(
    [...wanted].map(async (url) => {
      const folder = folderOf(url);
      const cacheName = folder ? runtimeCache(folder) : PAGES;
      if (await caches.match(url, { cacheName })) return;
      let response;
      try {
        response = await fetch(url, {
          cache: "only-if-cached",
          mode: "same-origin",
          credentials: "same-origin",
          integrity: expected(url) || "",
        });
      } catch {
        return; // not in the browser's HTTP cache (this page did not load it), or not the build's
      }
      if (folder && !expected(url)) return; // another build's runtime: never kept from here
      if (!storable(response)) return;
      await (await caches.open(cacheName)).put(url, response);
      kept += 1;
    }),
  );
  await tidy();
  return kept;
}

/**
 * Delete this site's caches that nothing uses: a kind of cache this build does
 * not make, and runtime folders that no kept page names (the current one stays).
 * Caches of other sites on this origin, and ours under another scope, are left alone.
 */
async function tidy() {
  const names = (await caches.keys()).filter(ours);
  const current = runtimeCache(OFFLINE.folder);
  const old = names.filter((n) => n !== PAGES && n !== current);
  if (!old.length) return;
  const used = new Set();
  const pages = await caches.open(PAGES);
  for (const request of await pages.keys()) {
    const response = await pages.match(request);
    if (!(response?.headers.get("Content-Type") || "").startsWith("text/html")) continue;
    const html = await response.text();
    for (const m of html.matchAll(/assets\/pyodide\/([\w.+-]+)\//g)) used.add(runtimeCache(m[1]));
  }
  await Promise.all(
    old
      .filter((n) => !(n.startsWith(`${PREFIX}${RUNTIME}`) && used.has(n)))
      .map((n) => caches.delete(n)),
  );
}

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(tidy().then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("Range")) return;
  if (!request.url.startsWith(SCOPE) || request.url === SELF) return;
  const folder = folderOf(request.url.split("#")[0]);
  event.respondWith(folder ? cacheFirst(event, folder) : networkFirst(event));
});

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type !== "cp14-keep") return;
  const tag = msg.tag === "tool" ? "tool" : "page";
  const reply = (answer) => event.source?.postMessage({ type: "cp14-kept", tag, ...answer });
  event.waitUntil(
    keep(msg.urls, tag === "tool").then(
      (kept) => reply({ kept }),
      (err) => reply({ error: String(err).slice(0, 200) }),
    ),
  );
});
