// Form helpers shared by the tools: errors shown next to their field, the
// answers to send, and follow-up questions that show once their answer is chosen.

import { _ } from "./i18n.js";

export class FieldErrors {
  constructor(form, general) {
    this.form = form;
    this.general = general;
    this.shown = new Map();
  }

  control(name) {
    return this.form.querySelector(`[data-field="${CSS.escape(name)}"] [name]`);
  }

  // Show `errors`; errors for the field being typed in wait until you leave it.
  // An error about no field of the form, or about one that is hidden (a question
  // for another choice), shows in words below the form.
  show(errors, { holdFocused = true } = {}) {
    const byField = new Map();
    const general = [];
    for (const e of errors || []) {
      const name = String(e.field || "");
      const message = String(e.message || "");
      const control = this.control(name);
      if (control && !control.closest("[hidden]")) {
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

  // After "Show my dates" and the like: keyboard focus goes to the first answer
  // marked wrong or missing, so the reader lands on what to fix (not on the button).
  focusFirst() {
    const first = this.form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
    return Boolean(first);
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
      // An answer to fix inside a closed "More details" box: open it, so the
      // message is where the reader can see it.
      const details = wrap.closest("details");
      if (details && !details.open) details.open = true;
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
export function formValues(form, scope) {
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

// Follow-up questions (data-show-if="name=value", or "name=a|b" for either
// answer) appear once the answer they depend on is chosen. Without JavaScript
// they all show.
export function updateShowIf(form) {
  for (const el of form.querySelectorAll("[data-show-if]")) {
    const [name, values] = el.dataset.showIf.split("=");
    const wanted = new Set(values.split("|"));
    const chosen = [...form.querySelectorAll(`[name="${CSS.escape(name)}"]`)].some(
      (c) => c.checked && wanted.has(c.value),
    );
    el.hidden = !chosen;
  }
}

// A date as this browser's date boxes show it (03/16/2026 in the US), so that
// messages about a date use the box's own format.
export function dateExample() {
  try {
    return new Intl.DateTimeFormat(undefined, { year: "numeric", month: "2-digit", day: "2-digit" }).format(
      new Date(2026, 2, 16),
    );
  } catch {
    return "03/16/2026";
  }
}

// A field's label as a sentence names it: without "(required)" or "(optional)"
// (whatever the page's language calls them: the page marks them).
export function labelText(label) {
  if (!label) return "";
  const copy = label.cloneNode(true);
  for (const mark of copy.querySelectorAll(".cp14-req, .cp14-opt")) mark.remove();
  return copy.textContent.trim();
}

// The label of the field named `name` in `form` ("" if it has none).
export function fieldLabel(form, name) {
  return labelText(form.querySelector(`[data-field="${CSS.escape(name)}"] [data-role=label]`));
}

function labelOf(control) {
  const wrap = control.closest("[data-field]");
  const label = wrap && wrap.querySelector("[data-role=label]");
  return label ? labelText(label) : control.name;
}

// Date boxes the browser could not read: a day that does not exist (02/30) or a
// date not typed in full. The box keeps what was typed but reports no value, so
// without this they would look empty.
export function unreadableDates(form) {
  const errors = [];
  for (const el of form.querySelectorAll("input[type=date]")) {
    if (el.closest("[hidden]") || !el.validity || !el.validity.badInput) continue;
    errors.push({
      field: el.name,
      message: _("{label}: that date does not exist or is not complete. Enter it like {example}.", {
        label: labelOf(el),
        example: dateExample(),
      }),
    });
  }
  return errors;
}

// Long answers show how much room is left, and nothing pasted is ever cut:
// going over the limit gets a message from cp14 saying what to shorten.
export function updateCounts(form) {
  for (const el of form.querySelectorAll("[data-max-length]")) {
    const out = document.getElementById(`${el.id}-count`);
    if (!out) continue;
    const max = Number(el.dataset.maxLength);
    const items = Number(el.dataset.maxItems) || 0;
    let text;
    if (items) {
      const lines = el.value.split("\n").filter((l) => l.trim() !== "");
      const longest = Math.max(0, ...lines.map((l) => [...l.trim()].length));
      text = _("{used} of {items} lines used. Longest line: {longest} of {max} characters.", {
        used: lines.length,
        items,
        longest,
        max,
      });
    } else {
      text = _("{used} of {max} characters used.", {
        used: [...el.value].length.toLocaleString("en-US"),
        max: max.toLocaleString("en-US"),
      });
    }
    if (out.textContent !== text) out.textContent = text;
    out.classList.toggle("cp14-count--over", items ? false : [...el.value].length > max);
  }
}

// Errors for a field show once you leave it (not while you type): on leaving
// any field, `check()` asks cp14 about the form as it is now (or gives null
// when there is nothing to ask), and every error shows, with unreadable dates.
export function errorsOnLeave(form, errors, runtime, check) {
  form.addEventListener("focusout", () => {
    setTimeout(() => {
      const unread = unreadableDates(form);
      if (unread.length) errors.show(unread, { holdFocused: false });
      const asked = runtime.state === "ready" && !unread.length ? check() : null;
      if (!asked) return;
      asked
        .then((result) => errors.show([...unreadableDates(form), ...((result && result.errors) || [])], { holdFocused: false }))
        .catch(() => {});
    }, 0);
  });
}
