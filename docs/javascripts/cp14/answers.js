// What the tools keep, and for how long.
//
// Nothing that identifies you is ever written to any storage: not your name,
// address, phone number, SSN digits, or anything you write in your own words.
// A page of this site shares the browser's storage with every other site at the
// same address (all the project sites of one github.io account), so only
// answers that identify no one are kept: dates, amounts and choices. They are
// kept in this tab's sessionStorage, in one store shared by the tools (each
// answer under "<tool>.<field>", so one tool can offer another's), for an hour
// after the last change; "Clear my answers" on any tool page removes them all.
// Coming Back to a page the browser kept whole (its back/forward cache) brings
// back every answer; otherwise the kept ones are put back, and leaving the
// letter with answers not yet printed, copied or downloaded asks first.
//
// Answers typed once: a question the tools share (the notice date, the amount
// due, the tax year...) carries data-shared="<question>" on its field. Its answer
// is also kept under "shared.<question>", with the tool it came from; another
// tool fills the same question in with it when its own field is empty, says so
// beside the field ("From your answers on My deadlines") and offers to clear
// those answers.
//
// A field is kept only if the page marks it (data-keep on its field, which the
// build puts on date, amount, year, count and choice questions) and it is a
// date box, a choice or a number box; never a text area, a phone box, or an
// SSN box.

import { _, N_ } from "./i18n.js";

const KEY = "cp14:answers";
export const EXPIRY_MS = 60 * 60 * 1000;
// Earlier versions of the site kept a tool's whole form under these names.
const RETIRED = ["cp14:letter", "cp14:deadlines", "cp14:plan"];
const MAX_TEXT = 100;
const MAX_ITEMS = 20;

function storage() {
  try {
    const store = window.sessionStorage;
    for (const name of RETIRED) store.removeItem(name);
    return store;
  } catch {
    return null; // storage turned off: answers live only in the page
  }
}

// A kept value is a short string or a short list of them; anything else (a copy
// written by another page of this address, say) is ignored.
function plain(value) {
  if (typeof value === "string") return value.length <= MAX_TEXT ? value : null;
  if (!Array.isArray(value) || value.length > MAX_ITEMS) return null;
  return value.every((v) => typeof v === "string" && v.length <= MAX_TEXT) ? value : null;
}

function load(store) {
  if (!store) return {};
  try {
    const data = JSON.parse(store.getItem(KEY) || "null");
    const now = Date.now();
    const fresh =
      data && typeof data === "object" && Number.isFinite(data.expires) && data.expires > now && data.expires <= now + EXPIRY_MS;
    if (fresh && data.values && typeof data.values === "object") return data.values;
  } catch {
    // unreadable: dropped below
  }
  store.removeItem(KEY);
  return {};
}

/**
 * The store of answers that identify no one, shared by the tools of this tab:
 * get(name), set(name, value) (value: a string or a list of strings; null
 * removes it), clear(). Every change starts the hour again.
 */
export const answers = {
  get(name) {
    const value = load(storage())[name];
    return value === undefined ? undefined : (plain(value) ?? undefined);
  },
  set(name, value) {
    const store = storage();
    if (!store) return;
    const values = load(store);
    if (value === null || value === undefined || plain(value) === null) delete values[name];
    else values[name] = value;
    try {
      if (Object.keys(values).length) store.setItem(KEY, JSON.stringify({ expires: Date.now() + EXPIRY_MS, values }));
      else store.removeItem(KEY);
    } catch {
      // Full or refused: the answers stay in the page only.
    }
  },
  clear() {
    const store = storage();
    if (store) store.removeItem(KEY);
  },
};

const SSN = /ssn/i;
// The tools, as the reader knows them (their page titles).
// Set while "Clear these answers" empties the fields it filled in: that clears
// them on this page only, not in the tool they came from.
let quiet = false;
const TOOL_NAMES = { letter: N_("Write my letter"), deadlines: N_("My deadlines"), plan: N_("Compare my options") };

/** Whether a control's answer may be kept: marked by the page, and a kind that holds no words. */
export function keepable(el, also = []) {
  if (!el.name || SSN.test(el.name)) return false;
  if (!also.includes(el.name) && !el.closest("[data-keep]")) return false;
  if (el.type === "radio" || el.type === "checkbox" || el.type === "date") return true;
  return el.type === "text" && /^(decimal|numeric)$/.test(el.inputMode || "");
}

function controls(form, also) {
  return [...form.querySelectorAll("[name]")].filter((el) => keepable(el, also));
}

/**
 * Keep the answers of `form` that identify no one under "<tool>.<name>", and put
 * back those kept. With `ask`, leaving the page with answers not yet printed,
 * copied or downloaded asks first. `also` names more controls to keep (choices
 * the page renders outside a field); `cleared` runs after "Clear my answers";
 * `offerAt` is where the offer to clear shows after printing (else beside the
 * form's own "Clear my answers").
 * Returns {restored, saved(), offer(where)}: call saved() once the answers are
 * printed, copied or downloaded; offer(where) shows, in `where`, a way to clear
 * the answers now.
 */
export function keepAnswers(form, tool, { ask = true, also = [], cleared = () => {}, offerAt = null } = {}) {
  const kept = controls(form, also);
  let restored = false;
  for (const el of kept) {
    const value = answers.get(`${tool}.${el.name}`);
    if (value === undefined) continue;
    restored = true;
    if (el.type === "radio" || el.type === "checkbox") {
      el.checked = (Array.isArray(value) ? value : [value]).includes(el.value);
    } else if (typeof value === "string") {
      el.value = value;
    }
  }
  const borrowed = borrow(form, tool, kept);
  let unsaved = false;
  const save = (event) => {
    unsaved = true;
    const el = event.target;
    if (!el || !kept.includes(el)) return;
    let value;
    if (el.type === "radio" || el.type === "checkbox") {
      value = kept.filter((c) => c.name === el.name && c.checked).map((c) => c.value);
    } else {
      value = el.value === "" ? null : el.value;
    }
    answers.set(`${tool}.${el.name}`, value);
    const question = sharedQuestion(el);
    if (question && !quiet) {
      answers.set(`shared.${question}`, value);
      answers.set(`shared.${question}.from`, value === null ? null : tool);
    }
    borrowed.changed(el.name);
  };
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  window.addEventListener("beforeunload", (event) => {
    if (!ask || !unsaved) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // "Clear my answers": the form as it first was, and nothing kept in this tab.
  const box = form.querySelector("[data-role=keep]");
  const status = box && box.querySelector("[data-role=clear-status]");
  function clear(note) {
    answers.clear();
    form.reset();
    borrowed.forget();
    unsaved = false;
    for (const offered of document.querySelectorAll("[data-role=clear-offer]")) offered.remove();
    cleared();
    if (note) {
      note.textContent = "";
      setTimeout(() => {
        note.textContent = _("Your answers are cleared from this page, and nothing of them is kept in this tab.");
      }, 30);
    }
  }
  if (box) {
    box.hidden = false;
    box.querySelector("[data-action=clear-answers]").addEventListener("click", () => clear(status));
  }

  function offer(where) {
    if (!where || where.querySelector("[data-role=clear-offer]")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = _("Clear my answers");
    const p = document.createElement("p");
    p.className = "cp14-offer";
    p.dataset.role = "clear-offer";
    p.append(_("Finished? You can clear your answers from this page and this tab now."), " ", button);
    button.addEventListener("click", () => {
      clear(status);
      // This button goes with the answers: focus goes to the one in the form, beside the message.
      const stay = box && box.querySelector("[data-action=clear-answers]");
      if (stay) stay.focus();
    });
    where.append(p);
  }
  // Printed (with the page's button or the browser's own command): offer to clear.
  window.addEventListener("afterprint", () => offer(offerAt || box));

  return {
    restored: restored || borrowed.any,
    saved() {
      unsaved = false;
    },
    offer,
  };
}

/** The shared question a control answers (its field's data-shared), if any. */
function sharedQuestion(el) {
  const field = el.closest("[data-shared]");
  return field ? field.dataset.shared : null;
}

/**
 * Fill in, from the other tools of this tab, each shared question whose field
 * here has no answer of its own yet; mark each such field, and put a note with
 * "Clear these answers" at the top of the form. Returns {any, changed(name),
 * forget()}: `changed` drops a field's mark once you answer it yourself,
 * `forget` drops every mark (after "Clear my answers").
 */
function borrow(form, tool, kept) {
  const names = [...new Set(kept.map((el) => el.name))];
  const marks = new Map(); // field name -> its note
  let box = null;
  for (const name of names) {
    const group = kept.filter((el) => el.name === name);
    const question = sharedQuestion(group[0]);
    if (!question || answers.get(`${tool}.${name}`) !== undefined) continue;
    const value = answers.get(`shared.${question}`);
    const from = answers.get(`shared.${question}.from`);
    if (value === undefined || typeof from !== "string" || from === tool || !(from in TOOL_NAMES)) continue;
    const choice = group[0].type === "radio" || group[0].type === "checkbox";
    if (choice) {
      const wanted = Array.isArray(value) ? value : [value];
      if (!wanted.length || !wanted.every((v) => group.some((el) => el.value === v))) continue;
      if (group.every((el) => el.checked === wanted.includes(el.value))) continue; // nothing to change
      for (const el of group) el.checked = wanted.includes(el.value);
    } else {
      if (typeof value !== "string" || group[0].value !== "") continue;
      group[0].value = value;
    }
    const field = group[0].closest("[data-field]");
    const note = document.createElement("p");
    note.className = "cp14-help cp14-borrowed";
    note.dataset.role = "borrowed";
    note.textContent = _("From your answers on {tool}. Check it against your notice.", { tool: _(TOOL_NAMES[from]) });
    field.append(note);
    // An answer inside a closed box ("More details") shows with the box open.
    const details = field.closest("details");
    if (details) details.open = true;
    marks.set(name, note);
  }

  function drop(name) {
    const note = marks.get(name);
    if (note) note.remove();
    marks.delete(name);
    if (!marks.size && box) {
      box.remove();
      box = null;
    }
  }

  if (marks.size) {
    box = document.createElement("div");
    box.className = "cp14-borrowed-box";
    box.dataset.role = "borrowed-box";
    const p = document.createElement("p");
    p.id = `cp14-borrowed-${tool}`;
    p.textContent = _(
      "Some answers below come from your other answers in this tab, so you do not type them again. Each one says so. Check them against your notice.",
    );
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.dataset.action = "clear-borrowed";
    button.textContent = _("Clear these answers");
    button.setAttribute("aria-describedby", p.id);
    button.addEventListener("click", () => {
      // Back to the form's first state, and kept so for this tool: they are not
      // filled in again on this page.
      for (const name of [...marks.keys()]) {
        const group = kept.filter((el) => el.name === name);
        for (const el of group) {
          if (el.type === "radio" || el.type === "checkbox") el.checked = el.defaultChecked;
          else el.value = el.defaultValue;
        }
        quiet = true;
        try {
          group[0].dispatchEvent(new Event("change", { bubbles: true }));
        } finally {
          quiet = false;
        }
        // Kept as this tool's own answer (even empty), so it is not filled in again.
        const choice = group[0].type === "radio" || group[0].type === "checkbox";
        answers.set(`${tool}.${name}`, choice ? group.filter((el) => el.checked).map((el) => el.value) : "");
      }
      const heading = form.querySelector("h2");
      for (const name of [...marks.keys()]) drop(name);
      if (heading) {
        if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    });
    box.append(p, button);
    const heading = form.querySelector("h2");
    if (heading) heading.after(box);
    else form.prepend(box);
  }

  return {
    any: marks.size > 0,
    changed(name) {
      if (marks.has(name)) drop(name);
    },
    forget() {
      for (const name of [...marks.keys()]) drop(name);
    },
  };
}
