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
// A field is kept only if the page marks it (data-keep on its field, which the
// build puts on date, amount, year, count and choice questions) and it is a
// date box, a choice or a number box; never a text area, a phone box, or an
// SSN box.

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
  let unsaved = false;
  const save = (event) => {
    unsaved = true;
    const el = event.target;
    if (!el || !kept.includes(el)) return;
    if (el.type === "radio" || el.type === "checkbox") {
      const chosen = kept.filter((c) => c.name === el.name && c.checked).map((c) => c.value);
      answers.set(`${tool}.${el.name}`, chosen);
    } else {
      answers.set(`${tool}.${el.name}`, el.value === "" ? null : el.value);
    }
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
    unsaved = false;
    for (const offered of document.querySelectorAll("[data-role=clear-offer]")) offered.remove();
    cleared();
    if (note) {
      note.textContent = "";
      setTimeout(() => {
        note.textContent = "Your answers are cleared from this page, and nothing of them is kept in this tab.";
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
    button.textContent = "Clear my answers";
    const p = document.createElement("p");
    p.className = "cp14-offer";
    p.dataset.role = "clear-offer";
    p.append("Finished? You can clear your answers from this page and this tab now. ", button);
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
    restored,
    saved() {
      unsaved = false;
    },
    offer,
  };
}
