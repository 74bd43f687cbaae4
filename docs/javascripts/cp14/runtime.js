// Python (cp14 in Pyodide) in a Web Worker: start it, follow its progress,
// call the API, and run work for the latest form state one call at a time.

const START_TIMEOUT_MS = 20000;

const STATUS_TEXT = {
  download: "Downloading the calculator (about 6 MB, only once)…",
  start: "Starting Python in your browser…",
  packages: "Almost ready…",
  ready: "Ready. Your results update as you type.",
};

export class Runtime {
  constructor(el, messages) {
    this.el = el;
    this.messages = messages;
    this.status = el.querySelector("[data-role=status]");
    this.pending = new Map();
    this.nextId = 1;
    this.listeners = [];
    this.start();
  }

  setState(state, text) {
    this.state = state;
    this.el.dataset.state = state;
    if (text && this.status) this.status.textContent = text;
    for (const fn of this.listeners) fn(state);
  }

  onState(fn) {
    this.listeners.push(fn);
    const now = this.state;
    queueMicrotask(() => fn(now));
  }

  start() {
    clearTimeout(this.timer);
    this.setState("loading", STATUS_TEXT.download);
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      this.fail("This browser cannot run the calculator (it needs WebAssembly).");
      return;
    }
    const early = window.__cp14Early;
    window.__cp14Early = null;
    if (early && early.worker) {
      // Started by the page head (see overrides/main.html): adopt it.
      this.worker = early.worker;
      this.worker.onmessage = (event) => this.receive(event.data || {});
      this.worker.onerror = () => this.fail("The calculator stopped with an error.");
      for (const msg of early.queue) this.receive(msg);
    } else {
      const search = new URL(import.meta.url).search;
      const indexURL = new URL(this.el.dataset.runtime, document.baseURI).href;
      try {
        const settings = {
          indexURL,
          packages: JSON.parse(this.el.dataset.packages || '["cp14"]'),
          needs: JSON.parse(this.el.dataset.needs || "{}"),
          memory: JSON.parse(this.el.dataset.memory || "null"),
        };
        this.worker = new Worker(new URL(`../cp14-worker.js${search}`, import.meta.url), {
          type: "module",
          name: JSON.stringify(settings),
        });
      } catch {
        this.fail("This browser could not start the calculator.");
        return;
      }
      this.worker.onmessage = (event) => this.receive(event.data || {});
      this.worker.onerror = () => this.fail("The calculator stopped with an error.");
    }
    if (this.state !== "loading") return;
    this.timer = setTimeout(
      () => this.fail("The calculator took too long to start."),
      START_TIMEOUT_MS,
    );
  }

  fail(reason) {
    clearTimeout(this.timer);
    if (this.worker) this.worker.terminate();
    this.worker = null;
    for (const { reject } of this.pending.values()) reject(new Error(reason));
    this.pending.clear();
    this.setState("failed", `${reason} ${this.messages.failed}`);
  }

  receive(msg) {
    if (msg.type === "progress" && this.state === "loading") {
      this.setState("loading", STATUS_TEXT[msg.stage] || STATUS_TEXT.download);
    } else if (msg.type === "ready") {
      clearTimeout(this.timer);
      performance.mark("cp14:ready", { detail: msg.phases || null });
      this.setState("ready", STATUS_TEXT.ready);
    } else if (msg.type === "failed") {
      this.fail("The calculator could not start.");
    } else if (msg.type === "result") {
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.error) waiter.reject(new Error(msg.error));
      else waiter.resolve(msg.result);
    }
  }

  call(name, payload) {
    if (!this.worker) return Promise.reject(new Error("not running"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: "call", id, name, payload });
    });
  }
}

// Runs `work` for the latest form state, one call at a time: while one is in
// flight, further changes just mark the form dirty and one more call follows.
// Calls made while Python is still starting wait in the worker and run as
// soon as it is ready.
export function renderLoop(runtime, work) {
  let busy = false;
  let dirty = false;
  async function run() {
    if (runtime.state !== "ready" && runtime.state !== "loading") return;
    if (busy) {
      dirty = true;
      return;
    }
    busy = true;
    try {
      do {
        dirty = false;
        await work();
      } while (dirty);
    } catch {
      // Failures are shown by the runtime's state; keep the last good result.
    } finally {
      busy = false;
    }
  }
  return run;
}
