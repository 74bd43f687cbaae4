// The two in-browser tools: "Write my letter" and "My deadlines".
//
// The page is complete without this script: the form, a printable blank letter
// and the deadline rules are plain HTML. This script starts Python (cp14 in
// Pyodide) in a Web Worker at once, keeps the form usable while it loads, and
// then shows live results. What you type stays in this tab: nothing is stored
// and nothing is sent anywhere.

const START_TIMEOUT_MS = 20000;
const root = document.querySelector("[data-cp14-tool]");

// ------------------------------------------------------------------ helpers

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") el.textContent = String(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function safeUrl(url) {
  return typeof url === "string" && /^https:\/\//i.test(url) ? url : null;
}

const longDate = new Intl.DateTimeFormat("en-US", {
  weekday: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: "UTC",
});

function formatDate(iso) {
  if (!iso) return "";
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : longDate.format(d);
}

function formatMoney(text) {
  const n = Number(text);
  if (!Number.isFinite(n)) return String(text);
  return n.toLocaleString("en-US", { style: "currency", currency: "USD" });
}

function localToday() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function download(text, filename, type) {
  // A Blob and an object URL: the file is made here, in this tab; no request.
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h("textarea", { readonly: true, "aria-hidden": "true", class: "cp14-offscreen" });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

// Letter HTML comes from cp14's own templates, which escape everything you
// type. It is still parsed inertly (a <template> runs nothing and loads
// nothing) and reduced to a short list of tags and attributes before it is
// shown, so nothing in it can run.
const ALLOWED_TAGS = new Set(
  "ARTICLE SECTION HEADER FOOTER DIV P SPAN BR STRONG EM B I U UL OL LI H1 H2 H3 H4 ADDRESS TABLE THEAD TBODY TR TH TD DL DT DD HR SMALL PRE BLOCKQUOTE BDI TIME".split(
    " ",
  ),
);
const ALLOWED_ATTRS = new Set(["class", "lang", "datetime", "aria-hidden", "colspan", "rowspan", "scope"]);

function cleanTree(node) {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === Node.ELEMENT_NODE) {
      if (!ALLOWED_TAGS.has(child.tagName)) {
        child.replaceWith(document.createTextNode(child.textContent || ""));
        continue;
      }
      for (const attr of [...child.attributes]) {
        if (!ALLOWED_ATTRS.has(attr.name)) child.removeAttribute(attr.name);
      }
      cleanTree(child);
    } else if (child.nodeType !== Node.TEXT_NODE) {
      child.remove();
    }
  }
}

function safeFragment(html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = String(html || "");
  cleanTree(tpl.content);
  return tpl.content;
}

// ------------------------------------------------------------------ runtime

const STATUS_TEXT = {
  download: "Downloading the calculator (about 6 MB, only once)…",
  start: "Starting Python in your browser…",
  packages: "Almost ready…",
  ready: "Ready. Your results update as you type.",
};

class Runtime {
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
        this.worker = new Worker(new URL(`cp14-worker.js${search}`, import.meta.url), {
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
function renderLoop(runtime, work) {
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

// ------------------------------------------------------------------ field errors

class FieldErrors {
  constructor(form, general) {
    this.form = form;
    this.general = general;
    this.shown = new Map();
  }

  control(name) {
    return this.form.querySelector(`[data-field="${CSS.escape(name)}"] [name]`);
  }

  // Show `errors`; errors for the field being typed in wait until you leave it.
  show(errors, { holdFocused = true } = {}) {
    const byField = new Map();
    const general = [];
    for (const e of errors || []) {
      const name = String(e.field || "");
      const message = String(e.message || "");
      if (this.control(name)) {
        if (!byField.has(name)) byField.set(name, message);
      } else {
        general.push(message);
      }
    }
    const focused = document.activeElement;
    for (const name of new Set([...this.shown.keys(), ...byField.keys()])) {
      const message = byField.get(name);
      const control = this.control(name);
      const inField = control && focused && control.closest("[data-field]") === focused.closest("[data-field]");
      if (message && holdFocused && inField && !this.shown.has(name)) continue;
      this.set(name, message || null);
    }
    if (this.general) {
      this.general.textContent = general.join(" ");
      this.general.hidden = general.length === 0;
    }
  }

  set(name, message) {
    const wrap = this.form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!wrap) return;
    const box = wrap.querySelector("[data-role=error]");
    const controls = wrap.querySelectorAll("[name]");
    if (!box) return;
    if (this.shown.get(name) === message) return;
    if (message) {
      box.textContent = message;
      box.hidden = false;
      this.shown.set(name, message);
    } else {
      box.textContent = "";
      box.hidden = true;
      this.shown.delete(name);
    }
    for (const c of controls) {
      const ids = new Set((c.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean));
      if (message) {
        c.setAttribute("aria-invalid", "true");
        ids.add(box.id);
      } else {
        c.removeAttribute("aria-invalid");
        ids.delete(box.id);
      }
      if (ids.size) c.setAttribute("aria-describedby", [...ids].join(" "));
      else c.removeAttribute("aria-describedby");
    }
  }
}

// Answers that are hidden (another kind of letter, or a follow-up question
// whose condition is not met) and page-only controls are not sent.
function formValues(form, scope) {
  const data = {};
  for (const el of form.querySelectorAll("[name]")) {
    if (el.dataset.uiOnly !== undefined || el.name === "kind") continue;
    const group = el.closest("[data-kind]");
    if (group && scope && group.dataset.kind !== scope) continue;
    if (el.closest("[hidden]")) continue;
    if (el.type === "checkbox" && el.dataset.multi !== undefined) {
      data[el.name] = data[el.name] || [];
      if (el.checked) data[el.name].push(el.value);
    } else if (el.type === "checkbox") {
      data[el.name] = el.checked;
    } else if (el.type === "radio") {
      if (el.checked) data[el.name] = el.value;
    } else if (el.value.trim() !== "") {
      data[el.name] = el.value;
    }
  }
  return data;
}

// Follow-up questions (data-show-if="name=value") appear once the answer they
// depend on is chosen. Without JavaScript they all show.
function updateShowIf(form) {
  for (const el of form.querySelectorAll("[data-show-if]")) {
    const [name, value] = el.dataset.showIf.split("=");
    const chosen = [...form.querySelectorAll(`[name="${CSS.escape(name)}"]`)].some(
      (c) => c.checked && c.value === value,
    );
    el.hidden = !chosen;
  }
}

function announce(el, text) {
  if (!el) return;
  el.textContent = "";
  // A fresh text node so that screen readers announce a repeated message too.
  setTimeout(() => {
    el.textContent = text;
  }, 30);
}

// ------------------------------------------------------------------ letter

function setupLetter(el) {
  const form = el.querySelector("form");
  const preview = el.querySelector("[data-role=letter-preview]");
  const live = el.querySelector("[data-role=live-letter]");
  const actions = el.querySelector("[data-role=actions]");
  const notice = el.querySelector("[data-role=action-status]");
  const missingBox = el.querySelector("[data-role=missing]");
  const enclosures = el.querySelector("[data-role=enclosures]");
  const mailTo = el.querySelector("[data-role=mail-to]");
  const errors = new FieldErrors(form, el.querySelector("[data-role=general-error]"));
  // Most people sign and mail the letter the day they write it: start from today.
  const letterDate = form.elements.namedItem("letter_date");
  if (letterDate && !letterDate.value) letterDate.value = localToday();
  const runtime = new Runtime(el, {
    failed: "The blank letter below still prints: fill it in by hand.",
  });
  let last = null;

  const kind = () => (form.querySelector("input[name=kind]:checked") || {}).value || "dispute";

  function blankText() {
    const tpl = el.querySelector(`template[data-blank-text="${CSS.escape(kind())}"]`);
    return tpl ? tpl.content.textContent.trim() + "\n" : "";
  }

  function showLetter(result) {
    if (!last && !performance.getEntriesByName("cp14:first-preview").length) {
      performance.mark("cp14:first-preview");
    }
    last = result;
    live.replaceChildren(safeFragment(result.html));
    live.hidden = false;
    preview.dataset.live = "true";
    preview.dataset.letterKind = result.kind || kind();
    const missing = Array.isArray(result.missing) ? result.missing : [];
    if (missingBox) {
      const labels = missing.map((name) => {
        const label = form.querySelector(`[data-field="${CSS.escape(name)}"] [data-role=label]`);
        return label ? label.textContent.replace(/\s*\((required|optional)\)\s*$/i, "").trim() : name;
      });
      missingBox.textContent = labels.length
        ? `Still to fill in: ${labels.join(", ")}. These show as highlighted blanks in the letter.`
        : "All the facts the letter needs are filled in.";
    }
    if (enclosures) {
      const items = Array.isArray(result.enclosures) ? result.enclosures : [];
      enclosures.replaceChildren(...items.map((item) => h("li", { text: item })));
      enclosures.closest("[data-role=enclosures-block]").hidden = items.length === 0;
    }
    if (mailTo) {
      const address = (form.querySelector("[name=irs_address]") || {}).value || "";
      mailTo.textContent = address.trim() || "the address printed on your notice";
    }
  }

  const render = renderLoop(runtime, async () => {
    const payload = { ...formValues(form, kind()), kind: kind(), draft: true };
    let result = await runtime.call("letter", payload);
    if (result && Array.isArray(result.errors)) {
      errors.show(result.errors);
      // Keep the letter live: leave the answers that need fixing blank (they
      // show as placeholders) and use all the others.
      const bad = result.errors.map((e) => String(e.field));
      if (bad.some((name) => !(name in payload))) return;
      for (const name of bad) delete payload[name];
      result = await runtime.call("letter", payload);
      if (result && !Array.isArray(result.errors)) showLetter(result);
      return;
    }
    errors.show([]);
    showLetter(result);
  });

  function showKind() {
    const k = kind();
    preview.dataset.letterKind = k;
    if (last && last.kind !== k) {
      live.hidden = true;
      preview.dataset.live = "false";
      last = null;
    }
  }

  form.addEventListener("input", () => render());
  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") showKind();
    updateShowIf(form);
    render();
  });
  updateShowIf(form);
  // Errors for a field appear when you leave it (not while you type).
  form.addEventListener("focusout", () => {
    setTimeout(() => {
      if (runtime.state === "ready") {
        runtime
          .call("letter", { ...formValues(form, kind()), kind: kind(), draft: true })
          .then((result) => errors.show((result && result.errors) || [], { holdFocused: false }))
          .catch(() => {});
      }
    }, 0);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    render();
  });
  // Ask for the first letter now: the worker renders it the moment Python is
  // ready, without a round trip through this page first.
  const early = runtime.state === "loading";
  if (early) render();
  runtime.onState((state) => {
    if (state === "ready" && !early) render();
  });

  function currentText() {
    return last && typeof last.text === "string" ? last.text : blankText();
  }
  function currentFilename() {
    return (last && last.filename) || `cp14-${kind()}-letter.txt`;
  }

  if (actions) {
    actions.hidden = false;
    actions.querySelector("[data-action=print]").addEventListener("click", () => window.print());
    actions.querySelector("[data-action=copy]").addEventListener("click", async () => {
      const ok = await copyText(currentText());
      announce(notice, ok ? "Letter copied. Paste it into your editor." : "Copying did not work here. Use Download instead.");
    });
    actions.querySelector("[data-action=download]").addEventListener("click", () => {
      download(currentText(), currentFilename(), "text/plain;charset=utf-8");
      announce(notice, `Downloaded ${currentFilename()}.`);
    });
  }
  showKind();
}

// ------------------------------------------------------------------ deadlines

function setupDeadlines(el) {
  const form = el.querySelector("form");
  const out = el.querySelector("[data-role=results]");
  const summary = el.querySelector("[data-role=summary]");
  const errors = new FieldErrors(form, el.querySelector("[data-role=general-error]"));
  const runtime = new Runtime(el, {
    failed: "The rules below still tell you how to work out your dates.",
  });
  let lastPayload = null;

  function payload() {
    const data = formValues(form);
    data.today = localToday();
    return data;
  }

  function section(title, ...children) {
    return h("section", { class: "cp14-block" }, h("h3", { text: title }), ...children);
  }

  function sourceLink(src) {
    const url = safeUrl(src && src.url);
    // Secondary sources are named, not linked (as in the guide pages).
    if (!url || /secondary source/i.test(src.title || "")) {
      return h("span", { text: (src && src.title) || "" });
    }
    return h("a", { href: url, rel: "noopener noreferrer", text: src.title || url });
  }

  function statusText(r) {
    if (r.days_left === null || r.days_left === undefined) return "";
    if (r.status === "due_today") return "That is today.";
    if (r.status === "overdue") {
      const n = Math.abs(r.days_left);
      return `That was ${n} day${n === 1 ? "" : "s"} ago. Pay as soon as you can: interest and penalties are now growing.`;
    }
    return `That is ${r.days_left} day${r.days_left === 1 ? "" : "s"} from today.`;
  }

  function show(r) {
    const payBy = formatDate(r.pay_by);
    const where =
      r.pay_by_source === "notice"
        ? "This is the date printed on your notice."
        : "We worked this out from the notice date.";
    const blocks = [
      h(
        "div",
        { class: "cp14-keyfact" },
        h("p", { class: "cp14-keyfact__label", text: "Pay the full amount by" }),
        h("p", { class: "cp14-keyfact__value", text: payBy }),
        h("p", { text: where }),
        statusText(r) ? h("p", { class: "cp14-keyfact__status", text: statusText(r) }) : null,
      ),
      section(
        "How long is interest-free?",
        h("p", {
          text: `Until ${formatDate(r.interest_free_until)}: ${(r.window && r.window.rule) || ""}`,
        }),
        r.window && r.window.source ? h("p", { class: "cp14-source" }, "Source: ", sourceLink(r.window.source)) : null,
      ),
    ];
    const est = r.estimate;
    if (est) {
      const rows = [
        ["Interest", est.interest],
        ["Failure-to-pay penalty", est.penalty],
        ["Added in all", est.total_added],
      ].map(([label, value]) => h("tr", {}, h("th", { scope: "row", text: label }), h("td", { text: formatMoney(value) })));
      blocks.push(
        section(
          `What paying on ${formatDate(est.payment_date)} adds (estimate)`,
          est.on_time
            ? h("p", { text: "That is on time: no more interest or failure-to-pay penalty on the billed amount." })
            : null,
          h(
            "table",
            { class: "cp14-money" },
            h("caption", { class: "cp14-offscreen", text: "Estimated cost of paying on that date" }),
            h("tbody", {}, rows),
          ),
          est.assumed_rate
            ? h("p", {
                text: `${est.assumed_days} of the days use an assumed rate of ${est.assumed_rate}% a year, because the IRS has not set that quarter's rate yet.`,
              })
            : null,
          h("h4", { text: "What this estimate assumes" }),
          h("ul", {}, (est.assumptions || []).map((a) => h("li", { text: a }))),
        ),
      );
    }
    const steps = (r.timeline || []).map((s) =>
      h(
        "li",
        {},
        h("strong", { text: `${s.notice ? `${s.notice}: ` : ""}${s.title}` }),
        h("span", { text: ` — typically around ${formatDate(s.typical_date)} (estimate).` }),
        h("br"),
        h("span", { text: s.description }),
        s.source ? h("span", { class: "cp14-source" }, h("br"), "Source: ", sourceLink(s.source)) : null,
      ),
    );
    blocks.push(
      section(
        "What does the IRS usually send next?",
        h("p", { text: r.timeline_note || "" }),
        h("ol", { class: "cp14-timeline" }, steps),
      ),
    );
    if ((r.assumptions || []).length) {
      blocks.push(section("What we assumed", h("ul", {}, r.assumptions.map((a) => h("li", { text: a })))));
    }
    blocks.push(section("Sources", h("ul", {}, (r.sources || []).map((s) => h("li", {}, sourceLink(s))))));
    blocks.push(h("p", { class: "cp14-disclaimer", text: r.disclaimer || "" }));
    const calButton = h("button", { type: "button", class: "md-button md-button--primary", "data-action": "calendar", text: "Add to calendar (.ics file)" });
    const calStatus = h("p", { class: "cp14-action-status", role: "status", "aria-live": "polite" });
    calButton.addEventListener("click", () => addToCalendar(calStatus));
    blocks.push(h("div", { class: "cp14-actions" }, calButton), calStatus);
    out.replaceChildren(...blocks);
    out.hidden = false;
    const sentence = `Pay by ${payBy}. ${statusText(r)}`.trim();
    if (summary.textContent !== sentence) summary.textContent = sentence;
  }

  async function addToCalendar(statusEl) {
    if (!lastPayload) return;
    statusEl.textContent = "Making your calendar file…";
    try {
      const result = await runtime.call("calendar", { ...lastPayload, now: new Date().toISOString().replace(/\.\d+Z$/, "Z") });
      if (result.errors) {
        errors.show(result.errors, { holdFocused: false });
        statusEl.textContent = "Fix the highlighted fields first.";
        return;
      }
      download(result.ics, result.filename || "cp14-deadlines.ics", "text/calendar;charset=utf-8");
      statusEl.textContent = `Downloaded ${result.filename}. Open it to add the dates to your calendar.`;
    } catch {
      statusEl.textContent = "The calendar file could not be made.";
    }
  }

  const render = renderLoop(runtime, async () => {
    const data = payload();
    if (!data.notice_date) {
      errors.show([]);
      out.hidden = true;
      summary.textContent = "";
      return;
    }
    const result = await runtime.call("deadlines", data);
    if (result && Array.isArray(result.errors)) {
      errors.show(result.errors);
      return;
    }
    errors.show([]);
    lastPayload = data;
    show(result);
  });

  form.addEventListener("input", () => render());
  form.addEventListener("change", () => render());
  form.addEventListener("focusout", () => {
    setTimeout(() => {
      const data = payload();
      if (runtime.state !== "ready" || !data.notice_date) return;
      runtime
        .call("deadlines", data)
        .then((result) => errors.show((result && result.errors) || [], { holdFocused: false }))
        .catch(() => {});
    }, 0);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    render();
    if (!payload().notice_date) {
      errors.show([{ field: "notice_date", message: "Notice date is missing. Enter it like 2026-03-16." }], { holdFocused: false });
    }
  });
  runtime.onState((state) => {
    if (state !== "ready") return;
    // Warm up: the first date calculation imports the holiday tables, which
    // takes a moment. Do it now, while you are still typing.
    if (!payload().notice_date) runtime.call("deadlines", { notice_date: localToday() }).catch(() => {});
    render();
  });
}

if (root) {
  root.classList.add("cp14-js");
  if (root.dataset.cp14Tool === "letter") setupLetter(root);
  else if (root.dataset.cp14Tool === "deadlines") setupDeadlines(root);
}
