// Python (cp14 in Pyodide) in a Web Worker: start it, show real progress
// while it downloads, call the API, and run work for the latest form state one
// call at a time.
//
// The start never gives up while bytes are arriving: it fails only when nothing
// has arrived for STALL_MS, when Python has all its files but does not start
// within START_MS, or at once when a file fails (an error from the server, a
// wrong checksum, a network error, WebAssembly that does not compile). Then the
// page offers Try again. A call that gets no answer within CALL_MS, or a worker
// that stops with an error, ends this runtime the same way ("stopped"), so a
// tool never shows an old answer as if it were current.

import { _, lang } from "./i18n.js";

const STALL_MS = 15000;
const START_MS = 60000;
const CALL_MS = 30000;
// A download still running after this long says once that the link is slow.
const SLOW_MS = 10000;

const MB = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

// The line under the progress bar once every byte is in (not announced).
const STAGE_TEXT = {
  start: () => _("Starting Python in your browser…"),
  packages: () => _("Almost ready…"),
};
const stageText = (stage) => (STAGE_TEXT[stage] || STAGE_TEXT.start)();

export class Runtime {
  constructor(el, messages) {
    this.el = el;
    this.messages = messages;
    this.status = el.querySelector("[data-role=status]");
    this.box = el.querySelector("[data-role=loading]");
    this.bar = el.querySelector("[data-role=progress]");
    this.barText = el.querySelector("[data-role=progress-text]");
    // The status line changes only at milestones; the page gives the first one
    // (loading, and what works meanwhile) from its first paint.
    this.loadingText = this.status ? this.status.textContent : "";
    this.meanwhile = this.status ? this.status.dataset.meanwhile || "" : "";
    // A new width (a phone turned, a zoom) measures the loading box afresh.
    window.addEventListener("resize", () => {
      if (this.box) this.box.style.minHeight = "";
    });
    this.retry = el.querySelector("[data-action=retry]");
    this.pending = new Map();
    this.nextId = 1;
    this.listeners = [];
    this.attempt = 0;
    // Files that failed (a wrong checksum, a damaged saved copy): Try again fetches them afresh.
    this.reload = new Set();
    // The size of this page's download, as the build measured it (compressed).
    this.download = Number(el.dataset.download) || 0;
    if (this.retry) this.retry.addEventListener("click", () => this.restart());
    this.start();
  }

  // A new milestone for the status line (a polite live region: each change is
  // announced, so it changes only when the text does). The loading box never
  // gets shorter while the page is in view, so nothing under it moves up.
  say(text) {
    if (!text || !this.status || this.status.textContent === text) return;
    if (this.box && this.box.offsetHeight) {
      const now = parseFloat(this.box.style.minHeight) || 0;
      this.box.style.minHeight = `${Math.max(now, this.box.offsetHeight)}px`;
    }
    this.status.textContent = text;
  }

  setState(state, text) {
    this.state = state;
    this.el.dataset.state = state;
    this.say(text);
    if (this.retry) this.retry.hidden = state !== "failed" && state !== "stopped";
    if (this.bar) this.bar.hidden = state !== "loading";
    for (const fn of this.listeners) fn(state);
    if (state !== "loading") this.checkSettled();
  }

  // The tool has started: Python is ready (or the tool gave up) and the answers
  // asked for meanwhile are on the page. The tool root then carries
  // data-settled, which the theme's script waits for (cp14-material.js). Checked
  // a task later, so that the calls made in answer to this are counted too.
  checkSettled() {
    if ("settled" in this.el.dataset) return;
    setTimeout(() => {
      if (this.state !== "loading" && this.pending.size === 0) this.el.dataset.settled = "";
    }, 0);
  }

  onState(fn) {
    this.listeners.push(fn);
    const now = this.state;
    queueMicrotask(() => fn(now));
  }

  // The progress bar and the line under it: bytes received of bytes needed. The
  // status line keeps its milestone.
  showProgress(received, total) {
    const share = total > 0 ? Math.min(1, received / total) : 0;
    const percent = Math.floor(share * 100);
    // i18n: the line under the progress bar, like "1.2 MB of 4.2 MB".
    const done = this.download ? _("{done} of {total}", { done: MB(share * this.download), total: MB(this.download) }) : `${percent}%`;
    if (this.bar) {
      this.bar.setAttribute("aria-valuenow", String(percent));
      this.bar.setAttribute("aria-valuetext", share >= 1 ? stageText("start") : done);
      const fill = this.bar.querySelector("[data-role=progress-fill]");
      if (fill) fill.style.transform = `scaleX(${percent / 100})`;
    }
    if (this.barText) this.barText.textContent = share >= 1 ? stageText("start") : done;
    if (share >= 1) clearTimeout(this.slowTimer);
    if (this.state !== "loading") this.setState("loading", this.loadingText);
  }

  // Once per start, a download that is taking long says so, with what works meanwhile.
  watchSlow() {
    clearTimeout(this.slowTimer);
    this.slowTimer = setTimeout(() => {
      if (this.state === "loading") this.say([_("Still loading: your connection is slow."), this.meanwhile].join(" ").trim());
    }, SLOW_MS);
  }

  watch(ms, reason) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail(reason), ms);
  }

  start() {
    this.attempt += 1;
    this.state = null;
    this.showProgress(0, 1);
    this.watchSlow();
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      this.fail(_("This browser cannot run the calculator (it needs WebAssembly)."));
      return;
    }
    if (!window.isSecureContext || !(window.crypto && window.crypto.subtle)) {
      // Over plain HTTP (off this computer) the browser cannot check the files.
      this.fail(
        _(
          "This page was opened over plain HTTP, where the browser turns off the checks that keep the calculator's files safe. Open it with an address that starts with https://.",
        ),
      );
      return;
    }
    const early = this.attempt === 1 ? window.__cp14Early : null;
    window.__cp14Early = null;
    if (early && early.worker) {
      // Started by the page head (see overrides/main.html): adopt it.
      this.worker = early.worker;
      this.listen();
      for (const msg of early.queue) this.receive(msg);
    } else {
      try {
        // Started the way the page's head starts it (overrides/main.html): from a
        // blob: URL, under this page's policy, with the worker script checked.
        const settings = JSON.parse(this.el.dataset.settings);
        settings.indexURL = new URL(this.el.dataset.runtime, document.baseURI).href;
        settings.attempt = this.attempt;
        settings.reload = [...this.reload];
        this.worker = window.__cp14Worker(settings);
      } catch {
        this.fail(_("This browser could not start the calculator."));
        return;
      }
      this.listen();
    }
    if (this.state === "loading") this.watch(STALL_MS, _("The download stopped."));
  }

  listen() {
    this.worker.onmessage = (event) => this.receive(event.data || {});
    this.worker.onerror = (event) => {
      if (event && event.preventDefault) event.preventDefault();
      this.fail(_("The calculator stopped with an error."));
    };
  }

  // Start again from the beginning (after a failure, or to recover a stopped tool).
  restart() {
    this.stop();
    this.start();
    for (const fn of this.listeners) fn("restarted");
  }

  stop() {
    clearTimeout(this.timer);
    clearTimeout(this.slowTimer);
    if (this.worker) this.worker.terminate();
    this.worker = null;
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error("stopped"));
    }
    this.pending.clear();
  }

  fail(reason) {
    const wasReady = this.state === "ready";
    this.stop();
    const message = wasReady ? this.messages.stopped : this.messages.failed;
    this.setState(wasReady ? "stopped" : "failed", `${reason} ${message}`);
  }

  receive(msg) {
    if (msg.type === "progress" && this.state === "loading") {
      if (msg.stage === "download" && Number.isFinite(msg.total)) {
        this.showProgress(msg.received, msg.total);
        // Bytes are arriving: wait for the next ones; once all are in, Python starts.
        if (msg.total > 0 && msg.received >= msg.total) this.watch(START_MS, _("Python did not start."));
        else this.watch(STALL_MS, _("The download stopped."));
      } else {
        clearTimeout(this.slowTimer);
        const stage = stageText(msg.stage);
        if (this.barText) this.barText.textContent = stage;
        if (this.bar) this.bar.setAttribute("aria-valuetext", stage);
        this.watch(START_MS, _("Python did not start."));
      }
    } else if (msg.type === "ready") {
      clearTimeout(this.timer);
      // Calls made while Python was starting get their time limit from now.
      for (const waiter of this.pending.values()) waiter.timer = waiter.timer || waiter.limit();
      performance.mark("cp14:ready", { detail: msg.phases || null });
      this.setState("ready", this.messages.ready || _("Ready. Your results update as you type."));
    } else if (msg.type === "failed") {
      if (typeof msg.file === "string") this.reload.add(msg.file);
      const reason = msg.message ? workerWords(String(msg.message)) : "";
      this.fail(reason ? _("The calculator could not start: {reason}", { reason }) : _("The calculator could not start."));
    } else if (msg.type === "result") {
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      clearTimeout(waiter.timer);
      if (msg.error) waiter.reject(new Error(msg.error));
      else waiter.resolve(msg.result);
      this.checkSettled();
    }
  }

  // `owner`: whose call this is (a renderLoop's), so that it can withdraw it.
  call(name, payload, owner = null) {
    if (!this.worker) return Promise.reject(new Error("not running"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // The time limit counts once Python is running (a call made earlier waits for it).
      const limit = () => setTimeout(() => this.fail(_("The calculator did not answer.")), CALL_MS);
      const waiter = { resolve, reject, timer: this.state === "ready" ? limit() : null, limit, owner };
      this.pending.set(id, waiter);
      // A page in another language asks cp14 to answer in it (its messages, results, errors).
      const asked = lang === "en" ? payload : { ...payload, lang };
      this.worker.postMessage({ type: "call", id, name, payload: asked });
    });
  }

  // While Python starts, the calls `owner` made and no longer needs (the form has
  // changed since) are taken back: the worker skips them, and each promise
  // rejects with Withdrawn. Once Python runs, a call is answered as usual.
  withdraw(owner) {
    if (this.state !== "loading" || !this.worker) return;
    for (const [id, waiter] of this.pending) {
      if (waiter.owner !== owner) continue;
      this.pending.delete(id);
      this.worker.postMessage({ type: "withdraw", id });
      waiter.reject(new Withdrawn());
    }
  }
}

/** A call taken back before Python answered it (Runtime.withdraw). */
export class Withdrawn extends Error {
  constructor() {
    super("withdrawn");
    this.name = "Withdrawn";
  }
}

/** The worker's message in the page's language: one of its fixed sentences, or
 * "<file>: <what happened>" with the file's name kept (cp14-worker.js marks them). */
export function workerWords(message) {
  if (_(message) !== message) return _(message);
  const at = message.indexOf(": ");
  if (at > 0) {
    const what = message.slice(at + 2);
    if (_(what) !== what) return message.slice(0, at + 2) + _(what);
  }
  return message;
}

// Runs `work(call)` for the latest form state, one call at a time: while one is
// in flight, further changes just mark the form dirty and one more call follows.
// A call made with `call` (as runtime.call) while Python is still starting waits
// in the worker and runs as soon as it is ready; if the form changes meanwhile,
// that call is withdrawn and `work` runs again, so that the first answer is to
// the form as it is, not one that would be thrown away.
// `failed` runs when a call fails, so a tool can withdraw an answer that no
// longer matches the form. run({ ifIdle: true }) does nothing while a call is
// under way: that call is already for the form as it is (what a tool asks for
// when Python becomes ready, as the call made while it started is answered).
export function renderLoop(runtime, work, failed = () => {}) {
  let busy = false;
  let dirty = false;
  const root = runtime.el && runtime.el.dataset ? runtime.el : null;
  const me = {};
  const call = (name, payload) => runtime.call(name, payload, me);
  async function run({ ifIdle = false } = {}) {
    if (runtime.state !== "ready" && runtime.state !== "loading") return;
    if (busy) {
      if (ifIdle) return;
      dirty = true;
      runtime.withdraw(me);
      return;
    }
    busy = true;
    // While answers are being worked out, the tool says so (data-working): what
    // is on screen may be about to change.
    if (root) root.dataset.working = "";
    try {
      do {
        dirty = false;
        try {
          await work(call);
        } catch (err) {
          if (!(err instanceof Withdrawn)) throw err; // else: dirty, so once more
        }
      } while (dirty);
    } catch {
      failed(); // the runtime's state says what happened
    } finally {
      busy = false;
      if (root) delete root.dataset.working;
    }
  }
  return run;
}

// Answers typed while Python loads: `note` says they are on their way (its text
// becomes `text`, and it shows) until the tool is ready or has given up, when it
// is as it was. Nothing is announced: the status line already said it.
export function pendingWhileLoading(runtime, form, note, text) {
  if (!note) return;
  const before = note.textContent;
  const hidden = note.hidden;
  let on = false;
  const typed = () => {
    if (runtime.state !== "loading" || on) return;
    on = true;
    note.textContent = text;
    note.hidden = false;
  };
  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  runtime.onState((state) => {
    if (!on || state === "loading") return;
    on = false;
    note.textContent = before;
    note.hidden = hidden;
  });
}
