// "Write my letter": the live letter next to the form.

import { keepAnswers } from "../answers.js";
import { announce, copyText, cssString, download, h, links as linkList, printPart, safeFragment } from "../dom.js";
import { errorsOnLeave, FieldErrors, fieldLabel, formValues, unreadableDates, updateCounts, updateShowIf } from "../form.js";
import { localToday } from "../format.js";
import { _ } from "../i18n.js";
import { pendingWhileLoading, renderLoop, Runtime } from "../runtime.js";

export function setupLetter(el) {
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
  // Where the offer to clear your answers shows after printing or downloading.
  const offerSlot = h("div", { class: "cp14-offer-slot" });
  if (notice) notice.after(offerSlot);
  const answers = keepAnswers(form, "letter", {
    also: ["kind"],
    offerAt: offerSlot,
    cleared: () => {
      if (letterDate) letterDate.value = localToday();
      showKind();
      updateShowIf(form);
      updateCounts(form);
      render();
    },
  });
  const stale = el.querySelector("[data-role=stale]");
  const staleText = stale ? stale.querySelector("p") : null;
  const staleDefault = staleText ? staleText.textContent : "";
  // "Prefer to call?": the call sheet, made by cp14 from the same answers.
  const callPreview = el.querySelector("[data-role=call-preview]");
  const liveCall = el.querySelector("[data-role=live-call]");
  const printCall = el.querySelector("[data-action=print-call]");
  const advice = el.querySelector("[data-role=advice]");
  // On a page in another language: the letter in the reader's words, to read
  // (cp14's reading copy, paragraph for paragraph); the letter to mail stays English.
  const readingPreview = el.querySelector("[data-role=reading-preview]");
  const liveReading = el.querySelector("[data-role=live-reading]");
  const printReading = el.querySelector("[data-action=print-reading]");
  const runtime = new Runtime(el, {
    what: "letter writer",
    failed: _("The blank letter below still prints: fill it in by hand."),
    stopped: _("Your letter may be out of date."),
    ready: _("Ready. What you type shows in the letter at once."),
  });
  pendingWhileLoading(
    runtime,
    form,
    el.querySelector("[data-role=pending]"),
    _("What you type shows in this letter once the letter writer is ready. Until then, this is the blank letter: you can print it."),
  );
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
    setStale(false);
    live.replaceChildren(safeFragment(result.html));
    live.hidden = false;
    // Printed, every page after the first repeats who the letter is from (tool.css).
    if (result.page_header) {
      document.documentElement.style.setProperty("--cp14-page-header", cssString(result.page_header));
    }
    preview.dataset.live = "true";
    preview.dataset.letterKind = result.kind || kind();
    showReading(result.reading_copy);
    const missing = Array.isArray(result.missing) ? result.missing : [];
    if (missingBox) {
      const labels = missing.map((name) => fieldLabel(form, name) || name);
      missingBox.textContent = labels.length
        ? _("Still to fill in: {fields}. These show as highlighted blanks in the letter.", { fields: labels.join(", ") })
        : _("All the facts the letter needs are filled in.");
    }
    if (enclosures) {
      const items = Array.isArray(result.enclosures) ? result.enclosures : [];
      enclosures.replaceChildren(...items.map((item) => h("li", { text: item })));
      enclosures.closest("[data-role=enclosures-block]").hidden = items.length === 0;
    }
    if (mailTo) {
      const address = (form.querySelector("[name=irs_address]") || {}).value || "";
      mailTo.textContent = address.trim() || _("the address printed on your notice");
    }
  }

  // A letter that may not match the answers any more (the letter writer stopped,
  // a call failed, or cp14 could not use the answers) says so, and cannot be
  // printed, copied or downloaded until a new one replaces it. `why` is cp14's
  // own message when it could not use the answers (Restart would not help then).
  function setStale(on, why = null) {
    if (!last && on) return; // only the blank letter is shown: it stays usable
    preview.dataset.stale = on ? "true" : "false";
    if (stale) stale.hidden = !on;
    if (staleText) {
      staleText.textContent = on && why !== null
        ? _(
            "This letter may not match your answers: the letter writer could not use them. {why} Print, Copy and Download come back once the letter is up to date.",
            { why },
          ).replace(/\s+/g, " ")
        : staleDefault;
    }
    const restart = stale && stale.querySelector("[data-action=restart]");
    if (restart) restart.hidden = on && why !== null;
    for (const button of actions ? actions.querySelectorAll("button") : []) button.disabled = on;
    if (printCall) printCall.disabled = on;
    if (printReading) printReading.disabled = on;
    if (liveReading && on) showReading(null);
    // A call sheet that may not match the answers gives way to the blank one.
    if (liveCall && on) {
      liveCall.hidden = true;
      callPreview.dataset.live = "false";
    }
  }

  function showReading(copy) {
    if (!liveReading) return;
    if (!copy || typeof copy.html !== "string") {
      liveReading.hidden = true;
      readingPreview.dataset.live = "false";
      return;
    }
    liveReading.replaceChildren(safeFragment(copy.html));
    liveReading.hidden = false;
    readingPreview.dataset.live = "true";
  }

  function showCallSheet(result) {
    if (!liveCall || !result || typeof result.html !== "string") return;
    liveCall.replaceChildren(safeFragment(result.html));
    liveCall.hidden = false;
    callPreview.dataset.live = "true";
  }

  // What an answer means for the letter (for example: first-time relief needs
  // the tax paid or a payment plan first), with where to go next.
  function showAdvice(items) {
    if (!advice) return;
    const all = Array.isArray(items) ? items : [];
    // What to put in the envelope is advice for that question: it goes under it.
    const where = form.querySelector('[data-field="enclosures"]');
    const here = all.filter((item) => item.field === "enclosures");
    if (where) {
      let box = where.querySelector("[data-role=field-advice]");
      if (!box) {
        box = h("div", { class: "cp14-help cp14-field-advice", "data-role": "field-advice" });
        where.append(box);
      }
      box.replaceChildren(...here.map((item) => h("p", { text: item.message })));
      box.hidden = here.length === 0;
    }
    const list = where ? all.filter((item) => item.field !== "enclosures") : all;
    advice.querySelector("[data-role=advice-list]").replaceChildren(
      ...list.map((item) => {
        const links = linkList(item.links);
        return h(
          "li",
          {},
          h("p", { text: item.message }),
          links.length ? h("ul", { class: "cp14-advice__links" }, links.map((a) => h("li", {}, a))) : null,
        );
      }),
    );
    advice.hidden = list.length === 0;
  }

  // What the letter is made from. Today's date lets cp14 refuse a notice dated in
  // the future, as every tool does.
  function letterPayload() {
    return { ...formValues(form, kind()), kind: kind(), draft: true, today: localToday() };
  }

  const render = renderLoop(runtime, async (call) => {
    const payload = letterPayload();
    let result = await call("letter", payload);
    showAdvice(result && result.advice);
    const unread = unreadableDates(form);
    const failed = (r) => !r || typeof r !== "object" || Array.isArray(r.errors) || typeof r.html !== "string";
    const said = (r) => ((r && Array.isArray(r.errors) && r.errors) || []).map((e) => String(e.message || "")).join(" ");
    if (failed(result)) {
      const list = (result && Array.isArray(result.errors) && result.errors) || [];
      errors.show([...unread, ...list]);
      // Keep the letter live: leave the answers that need fixing blank (they
      // show as placeholders) and use all the others. An error about anything
      // else (cp14 failing inside, or no field at all) leaves no letter that
      // looks current.
      const bad = list.map((e) => String(e.field));
      if (!bad.length || bad.some((name) => !(name in payload) || !errors.control(name))) {
        setStale(true, said(result));
        return;
      }
      for (const name of bad) delete payload[name];
      result = await runtime.call("letter", payload);
      if (failed(result)) setStale(true, said(result));
      else {
        showLetter(result);
        showCallSheet(await runtime.call("call_sheet", payload));
      }
      return;
    }
    errors.show(unread);
    showLetter(result);
    showCallSheet(await runtime.call("call_sheet", payload));
  }, () => setStale(true));

  function showKind() {
    const k = kind();
    preview.dataset.letterKind = k;
    if (last && last.kind !== k) {
      live.hidden = true;
      preview.dataset.live = "false";
      if (liveCall) {
        liveCall.hidden = true;
        callPreview.dataset.live = "false";
      }
      showReading(null);
      last = null;
      document.documentElement.style.removeProperty("--cp14-page-header");
    }
  }

  form.addEventListener("input", () => {
    updateCounts(form);
    render();
  });
  updateCounts(form);
  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") showKind();
    updateShowIf(form);
    render();
  });
  updateShowIf(form);
  // Errors for a field appear when you leave it (not while you type).
  // The same answers as the letter itself, today's date included (without it the
  // check would pass a notice dated in the future and take its message away).
  errorsOnLeave(form, errors, runtime, () => runtime.call("letter", letterPayload()));
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
    if (state === "stopped") setStale(true);
    if (state === "restarted") render();
  });
  if (stale) {
    stale.querySelector("[data-action=restart]").addEventListener("click", () => runtime.restart());
  }

  function currentText() {
    return last && typeof last.text === "string" ? last.text : blankText();
  }
  function currentFilename() {
    return (last && last.filename) || `cp14-${kind()}-letter.txt`;
  }

  if (actions) {
    actions.hidden = false;
    actions.querySelector("[data-action=print]").addEventListener("click", () => {
      answers.saved();
      window.print();
    });
    actions.querySelector("[data-action=copy]").addEventListener("click", async () => {
      const ok = await copyText(currentText());
      if (ok) answers.saved();
      announce(notice, ok ? _("Letter copied. Paste it into your editor.") : _("Copying did not work here. Use Download instead."));
    });
    actions.querySelector("[data-action=download]").addEventListener("click", () => {
      download(currentText(), currentFilename(), "text/plain;charset=utf-8");
      answers.saved();
      announce(notice, _("Downloaded {file}.", { file: currentFilename() }));
      answers.offer(offerSlot);
    });
  }
  // On a phone, "Back to my answers" returns to the field you were filling in.
  let lastField = null;
  form.addEventListener("focusin", (event) => {
    if (event.target.matches("input, textarea, select")) lastField = event.target;
  });
  const back = el.querySelector("[data-action=back-to-answers]");
  if (back) {
    back.addEventListener("click", (event) => {
      if (!lastField || !lastField.isConnected) return;
      event.preventDefault();
      lastField.focus();
    });
  }

  // The mailing checklist prints on its own page when asked (see tool.css).
  const printChecklist = el.querySelector("[data-action=print-checklist]");
  if (printChecklist) {
    printChecklist.parentElement.hidden = false;
    printChecklist.addEventListener("click", () => printPart("checklist"));
  }
  if (printCall) {
    printCall.parentElement.hidden = false;
    printCall.addEventListener("click", () => printPart("call"));
  }
  if (printReading) {
    printReading.parentElement.hidden = false;
    printReading.addEventListener("click", () => printPart("reading"));
  }
  showKind();
}
