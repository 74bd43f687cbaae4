// Answers that survive a visit: a reader who follows a link on the page and
// comes back finds the form as they left it. They are kept only in this tab's
// sessionStorage (gone when the tab closes; never localStorage, never sent
// anywhere), and leaving with answers not yet printed, copied or downloaded
// asks first.

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage turned off: answers live only in the page
  }
}

function read(form) {
  const values = {};
  for (const el of form.querySelectorAll("[name]")) {
    if (el.type === "checkbox" || el.type === "radio") {
      if (el.checked) (values[el.name] = values[el.name] || []).push(el.value);
    } else if (el.value !== "") {
      values[el.name] = [el.value];
    }
  }
  return values;
}

function write(form, values) {
  for (const el of form.querySelectorAll("[name]")) {
    const saved = values[el.name];
    if (el.type === "checkbox" || el.type === "radio") {
      if (saved) el.checked = saved.includes(el.value);
    } else if (saved) {
      el.value = saved[0];
    }
  }
}

/**
 * Keep `form`'s answers in this tab under `key`; puts back saved answers now.
 * With `ask`, leaving the page with unsaved answers asks first.
 * Returns {restored, saved()}: call saved() once the answers are printed,
 * copied or downloaded, so that leaving no longer asks.
 */
export function keepAnswers(form, key, { ask = true } = {}) {
  const store = storage();
  let unsaved = false;
  let restored = false;
  const name = `cp14:${key}`;
  if (store) {
    try {
      const values = JSON.parse(store.getItem(name) || "null");
      if (values && typeof values === "object") {
        write(form, values);
        restored = true;
      }
    } catch {
      store.removeItem(name);
    }
  }
  const save = () => {
    unsaved = true;
    if (store) {
      try {
        store.setItem(name, JSON.stringify(read(form)));
      } catch {
        // Full or refused: the answers stay in the page only.
      }
    }
  };
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  window.addEventListener("beforeunload", (event) => {
    if (!ask || !unsaved) return;
    event.preventDefault();
    event.returnValue = "";
  });
  return {
    restored,
    saved() {
      unsaved = false;
    },
  };
}
