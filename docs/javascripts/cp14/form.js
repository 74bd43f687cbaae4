// Form helpers shared by the tools: errors shown next to their field, the
// answers to send, and follow-up questions that show once their answer is chosen.

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

// Follow-up questions (data-show-if="name=value") appear once the answer they
// depend on is chosen. Without JavaScript they all show.
export function updateShowIf(form) {
  for (const el of form.querySelectorAll("[data-show-if]")) {
    const [name, value] = el.dataset.showIf.split("=");
    const chosen = [...form.querySelectorAll(`[name="${CSS.escape(name)}"]`)].some(
      (c) => c.checked && c.value === value,
    );
    el.hidden = !chosen;
  }
}
