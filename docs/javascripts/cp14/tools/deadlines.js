// "My deadlines": the pay-by date, the interest-free window, the estimate and
// what comes next.

import { keepAnswers } from "../answers.js";
import { download, h, links as linkList, printPart, sourceLink } from "../dom.js";
import { dateExample, errorsOnLeave, FieldErrors, fieldLabel, formValues, unreadableDates } from "../form.js";
import { formatDate, formatMoney, localToday } from "../format.js";
import { _, ngettext } from "../i18n.js";
import { pendingWhileLoading, renderLoop, Runtime } from "../runtime.js";

// The table of pay-by dates the page carries (a JSON block), if it is whole.
function readTable(block) {
  try {
    const t = JSON.parse(block ? block.textContent : "null");
    const ok =
      t && typeof t.days === "string" && /^\d{4}-\d{2}-\d{2}$/.test(t.first) &&
      [t.cal_base, t.bd_base, t.bd_span].every(Number.isInteger) && t.bd_span > 0 && Number(t.large_amount) > 0;
    return ok ? t : null;
  } catch {
    return null;
  }
}

export function setupDeadlines(el) {
  const form = el.querySelector("form");
  const out = el.querySelector("[data-role=results]");
  const summary = el.querySelector("[data-role=summary]");
  const errors = new FieldErrors(form, el.querySelector("[data-role=general-error]"));
  const runtime = new Runtime(el, {
    what: "calculator",
    failed: _("The rules below still tell you how to work out your dates."),
    stopped: _("Your dates were removed because they may be out of date."),
    ready: _("Ready. Your dates update as you type."),
  });

  // Results that may not match the form any more are removed, not left up;
  // the line in their place says why (a missing notice date, or an answer to fix).
  const empty = el.querySelector(".cp14-results-empty");
  const emptyText = empty ? empty.textContent : "";
  pendingWhileLoading(runtime, form, empty, _("Your dates show here once the calculator is ready."));
  function clearResults(why) {
    out.hidden = true;
    out.replaceChildren();
    summary.textContent = "";
    lastPayload = null;
    if (empty) empty.textContent = why || emptyText;
  }
  const FIX = _("Your dates show again once the answer marked in the form is corrected.");
  const BROKE = _("Your dates could not be worked out from these answers. The message in the form says why.");
  let lastPayload = null;
  // Set by "Show my dates": focus goes to the first answer cp14 marks wrong.
  let focusErrors = false;
  const kept = keepAnswers(form, "deadlines", { ask: false, cleared: () => render() });

  function payload() {
    const data = formValues(form);
    data.today = localToday();
    return data;
  }

  // The first answer, before Python: the pay-by date for a notice date (and the
  // amount, which picks the rule), read from cp14's own table of dates, which the
  // build writes into the page (cp14.deadlines.window_table: the core's answer for
  // every notice date it covers). Nothing here works a date out by a rule of its
  // own. The calculator's full answer replaces it once Python is ready.
  const table = readTable(el.querySelector("#cp14-window-table"));
  const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const DAY_MS = 86400000;
  function earlyPayBy(data) {
    if (!table || data.pay_by || data.postponed === "yes") return null;
    const iso = String(data.notice_date || "");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || iso > data.today) return null;
    const day = Date.parse(`${iso}T00:00:00Z`);
    const index = Math.round((day - Date.parse(`${table.first}T00:00:00Z`)) / DAY_MS);
    if (!Number.isInteger(index) || index < 0 || index >= table.days.length) return null;
    let large = false;
    if (data.amount) {
      const amount = String(data.amount).replace(/[$,\s]/g, "");
      if (!/^\d+(\.\d{1,2})?$/.test(amount)) return null; // the calculator will say what is wrong
      large = Number(amount) >= Number(table.large_amount);
    }
    const n = LETTERS.indexOf(table.days[index]);
    if (n < 0) return null;
    const offset = large ? table.bd_base + (n % table.bd_span) : table.cal_base + Math.floor(n / table.bd_span);
    return new Date(day + offset * DAY_MS).toISOString().slice(0, 10);
  }

  function showEarly() {
    if (runtime.state !== "loading") return;
    const payBy = earlyPayBy(payload());
    if (!payBy) {
      if (out.querySelector("[data-role=early]")) clearResults();
      return;
    }
    out.replaceChildren(
      h(
        "div",
        { class: "cp14-keyfact", "data-role": "early", "data-pay-by": payBy },
        h("p", { class: "cp14-keyfact__label", text: _("Pay the full amount by") }),
        h("p", { class: "cp14-keyfact__value", text: formatDate(payBy) }),
        h("p", {
          text: _("A first answer, from cp14's own table of dates. What waiting costs and what comes next show here once the calculator is ready."),
        }),
      ),
    );
    out.hidden = false;
    summary.textContent = _("Pay by {date}.", { date: formatDate(payBy) });
    if (!performance.getEntriesByName("cp14:early-answer").length) performance.mark("cp14:early-answer");
  }

  function section(title, ...children) {
    return h("section", { class: "cp14-block" }, h("h3", { text: title }), ...children);
  }

  // A guide page or tool named by cp14 ("pay.md", "tools/letter.md") as a link
  // from this page; anything else is refused.
  function sitePage(page, anchor) {
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\.md$/.test(String(page))) return null;
    const path = page === "index.md" ? "" : page.replace(/\.md$/, "/");
    return `${el.dataset.siteRoot || "../../"}${path}${anchor ? `#${anchor}` : ""}`;
  }

  function overdueBlock(o) {
    const next = o.next_notice;
    return h(
      "section",
      { class: "cp14-block cp14-overdue", "aria-labelledby": "cp14-overdue-title" },
      h("h3", { id: "cp14-overdue-title", text: o.title || _("The pay-by date has passed") }),
      (o.text || []).map((t) => h("p", { text: t })),
      next
        ? h("p", {
            class: "cp14-source",
            text: _("{notice}: {title}, around {date} (estimate).", { notice: next.notice, title: next.title, date: formatDate(next.typical_date) }),
          })
        : null,
    );
  }

  function nextSteps(steps) {
    if (!Array.isArray(steps) || !steps.length) return null;
    return section(
      _("What can I do now?"),
      h(
        "ul",
        { class: "cp14-next" },
        steps.map((step) => {
          const links = linkList(step.links);
          const guide = sitePage(step.page);
          const tool = sitePage(step.tool || "");
          if (step.key === "cant_pay") links.push(h("a", { href: sitePage("tools/plan.md"), text: _("Compare payment plans") }));
          if (tool) links.push(h("a", { href: tool, text: _("Write my letter") }));
          if (guide) links.push(h("a", { href: guide, text: _("Read more in this guide") }));
          return h(
            "li",
            {},
            h("strong", { text: step.title }),
            h("p", { text: step.text }),
            links.length ? h("p", { class: "cp14-next__links" }, links.flatMap((a, i) => (i ? [" · ", a] : [a]))) : null,
          );
        }),
      ),
    );
  }

  function statusText(r) {
    if (r.days_left === null || r.days_left === undefined) return "";
    if (r.status === "due_today") return _("That is today.");
    if (r.status === "overdue") {
      const n = Math.abs(r.days_left);
      return ngettext(
        "That was {n} day ago. Pay as soon as you can: interest and penalties are now growing.",
        "That was {n} days ago. Pay as soon as you can: interest and penalties are now growing.",
        n,
      );
    }
    return ngettext("That is {n} day from today.", "That is {n} days from today.", r.days_left);
  }

  // The labels of the fields named in `problems`, for a sentence.
  function labelsOf(problems) {
    return [...new Set((problems || []).map((e) => String(e.field)))]
      .map((name) => fieldLabel(form, name))
      .filter(Boolean);
  }

  // `pending`: answers that only the estimate needs are wrong or missing. The
  // pay-by date stays; the estimate's place says what to fix.
  function show(r, pending) {
    const payBy = formatDate(r.pay_by);
    const where =
      r.pay_by_source === "notice"
        ? _("This is the date printed on your notice.")
        : r.pay_by_source === "postponed"
          ? _("This is the end of the disaster postponement you entered: the date to pay moves there.")
          : _("We worked this out from the notice date.");
    // What to do with the answer: print it (the results alone, on one page) or put
    // its dates in a calendar.
    const printButton = h("button", { type: "button", class: "md-button md-button--primary", "data-action": "print-dates", text: _("Print my dates") });
    printButton.addEventListener("click", () => {
      stampPrinted();
      printPart("dates");
    });
    const calButton = h("button", { type: "button", class: "md-button", "data-action": "calendar", text: _("Add to calendar (.ics file)") });
    const calStatus = h("p", { class: "cp14-action-status", role: "status", "aria-live": "polite" });
    calButton.addEventListener("click", () => addToCalendar(calStatus));
    const blocks = [
      h("p", { class: "cp14-printed-on", "data-role": "printed-on" }),
      h(
        "div",
        { class: "cp14-keyfact" },
        h("p", { class: "cp14-keyfact__label", text: _("Pay the full amount by") }),
        h("p", { class: "cp14-keyfact__value", text: payBy }),
        h("p", { text: where }),
        r.notice && r.notice !== "CP14" ? h("p", { text: _("Your notice: {notice}.", { notice: r.notice_title || r.notice }) }) : null,
        statusText(r) ? h("p", { class: "cp14-keyfact__status", text: statusText(r) }) : null,
        r.postponement
          ? null
          : h(
              "p",
              { class: "cp14-keyfact__note" },
              _("Live in a federally declared disaster area? The IRS may give you more time: answer “Live in a disaster area?” in the form."),
              " ",
              h("a", { href: sitePage("pay.md", "what-if-i-live-in-a-disaster-area"), text: _("When does the printed date still count?") }),
            ),
      ),
      h("div", { class: "cp14-actions cp14-noprint" }, printButton, calButton),
      calStatus,
      r.overdue ? overdueBlock(r.overdue) : null,
      nextSteps(r.next_steps),
      section(
        _("How long is interest-free?"),
        h("p", {
          text: _("Until {date}: {rule}", { date: formatDate(r.interest_free_until), rule: (r.window && r.window.rule) || "" }),
        }),
        r.window && r.window.source ? h("p", { class: "cp14-source" }, _("Source:"), " ", sourceLink(r.window.source)) : null,
      ),
    ];
    if (r.penalty_note) {
      const note = section(_("When does the late-payment penalty grow?"), h("p", { text: r.penalty_note }));
      note.classList.add("cp14-noprint");
      blocks.push(note);
    }
    const est = r.estimate;
    const fix = labelsOf(pending);
    if (!est && fix.length) {
      blocks.push(
        h(
          "section",
          { class: "cp14-block cp14-pending", "data-role": "estimate-pending" },
          h("h3", { text: _("What would paying later add?") }),
          h("p", {
            text: ngettext(
              "To see this estimate, fix the answer marked in the form: {fields}.",
              "To see this estimate, fix the answers marked in the form: {fields}.",
              fix.length,
              { fields: fix.join(", ") },
            ),
          }),
        ),
      );
    }
    if (est) {
      const rows = [
        est.balance ? [_("Balance on the notice"), est.balance] : null,
        [_("Interest"), est.interest],
        [_("Failure-to-pay penalty"), est.penalty],
        [_("Added in all"), est.total_added],
        est.total_to_pay ? [_("Total to pay on {date}", { date: formatDate(est.payment_date) }), est.total_to_pay] : null,
      ]
        .filter(Boolean)
        .map(([label, value], i, all) =>
          h(
            "tr",
            { class: i === all.length - 1 && est.total_to_pay ? "cp14-money__total" : null },
            h("th", { scope: "row", text: label }),
            h("td", { text: formatMoney(value) }),
          ),
        );
      blocks.push(
        section(
          _("What paying on {date} adds (estimate)", { date: formatDate(est.payment_date) }),
          est.on_time
            ? h("p", { text: _("That is on time: no more interest or failure-to-pay penalty on the billed amount.") })
            : null,
          h(
            "table",
            { class: "cp14-money" },
            h("caption", { class: "cp14-offscreen", text: _("Estimated cost of paying on that date") }),
            h("tbody", {}, rows),
          ),
          est.assumed_rate
            ? h("p", {
                text: ngettext(
                  "{n} of the days uses an assumed rate of {rate}% a year, because the IRS has not set that quarter's rate yet.",
                  "{n} of the days use an assumed rate of {rate}% a year, because the IRS has not set that quarter's rate yet.",
                  est.assumed_days,
                  { rate: est.assumed_rate },
                ),
              })
            : null,
          h("h4", { class: "cp14-noprint", text: _("What this estimate assumes") }),
          h("ul", { class: "cp14-noprint" }, (est.assumptions || []).map((a) => h("li", { text: a }))),
        ),
      );
    }
    const steps = (r.timeline || []).map((s) =>
      h(
        "li",
        {},
        h("strong", { text: `${s.notice ? `${s.notice}: ` : ""}${s.title}` }),
        // i18n: after a step of the timeline ("CP501: …"), with a dash before it.
        h("span", { text: _(" — typically around {date} (estimate).", { date: formatDate(s.typical_date) }) }),
        h("span", { class: "cp14-step__text" }, h("br"), s.description),
        s.source ? h("span", { class: "cp14-source" }, h("br"), _("Source:"), " ", sourceLink(s.source)) : null,
      ),
    );
    blocks.push(
      section(
        _("What does the IRS usually send next?"),
        h("p", { text: r.timeline_note || "" }),
        h("ol", { class: "cp14-timeline" }, steps),
      ),
    );
    if ((r.assumptions || []).length) {
      const assumed = section(_("What we assumed"), h("ul", {}, r.assumptions.map((a) => h("li", { text: a }))));
      assumed.classList.add("cp14-noprint");
      blocks.push(assumed);
    }
    const sources = section(_("Sources"), h("ul", {}, (r.sources || []).map((s) => h("li", {}, sourceLink(s)))));
    sources.classList.add("cp14-noprint");
    blocks.push(sources);
    blocks.push(h("p", { class: "cp14-disclaimer", text: r.disclaimer || "" }));
    out.replaceChildren(...blocks.filter(Boolean));
    stampPrinted();
    out.hidden = false;
    if (!performance.getEntriesByName("cp14:first-result").length) performance.mark("cp14:first-result");
    const sentence = [_("Pay by {date}.", { date: payBy }), statusText(r)].join(" ").trim();
    if (summary.textContent !== sentence) summary.textContent = sentence;
  }

  // A printout says when it was printed (these dates move with time).
  function stampPrinted() {
    const line = out.querySelector("[data-role=printed-on]");
    if (line) line.textContent = _("Printed on {date}. Your notice's own dates are what count.", { date: formatDate(localToday()) });
  }
  window.addEventListener("beforeprint", stampPrinted);

  async function addToCalendar(statusEl) {
    if (!lastPayload) return;
    statusEl.textContent = _("Making your calendar file…");
    try {
      const result = await runtime.call("calendar", { ...lastPayload, now: new Date().toISOString().replace(/\.\d+Z$/, "Z") });
      if (result.errors) {
        // For example: every date is already past, so there is nothing to add.
        statusEl.textContent = result.errors.map((e) => String(e.message || "")).join(" ");
        return;
      }
      download(result.ics, result.filename || "cp14-deadlines.ics", "text/calendar;charset=utf-8");
      kept.offer(out);
      const events = Array.isArray(result.events) ? result.events : [];
      const list = events.map((e) => `${e.summary} (${formatDate(e.date)})`).join("; ");
      const file = result.filename;
      statusEl.textContent = list
        ? ngettext(
            "Downloaded {file}. Open it to add this date to your calendar: {list}.",
            "Downloaded {file}. Open it to add these dates to your calendar: {list}.",
            events.length,
            { file, list },
          )
        : ngettext(
            "Downloaded {file}. Open it to add this date to your calendar.",
            "Downloaded {file}. Open it to add these dates to your calendar.",
            events.length,
            { file },
          );
    } catch {
      statusEl.textContent = _("The calendar file could not be made.");
    }
  }

  // Every answer matches the form as it is now: while any field cannot be read
  // or has an error, there are no dates on screen.
  const render = renderLoop(runtime, async (call) => {
    const data = payload();
    const unread = unreadableDates(form);
    if (!data.notice_date || unread.length) {
      errors.show(unread);
      clearResults(unread.length ? FIX : "");
      return;
    }
    const result = await call("deadlines", data);
    const focusNow = focusErrors;
    focusErrors = false;
    if (result && Array.isArray(result.errors) && result.partial) {
      // Only answers the estimate needs are wrong: the pay-by date stays on screen.
      errors.show(result.errors);
      if (focusNow) errors.focusFirst();
      lastPayload = data;
      show(result.partial, result.errors);
      return;
    }
    if (!result || typeof result !== "object" || Array.isArray(result.errors) || !result.pay_by) {
      // Any error removes the dates; one that is not about a field of the form
      // (cp14 failing inside) shows in words below the form.
      const list = (result && Array.isArray(result.errors) && result.errors) || [];
      errors.show(list);
      if (focusNow) errors.focusFirst();
      clearResults(list.length && list.every((e) => errors.control(String(e.field))) ? FIX : BROKE);
      return;
    }
    errors.show([]);
    lastPayload = data;
    show(result);
  }, () => clearResults());

  form.addEventListener("input", () => {
    showEarly();
    render();
  });
  form.addEventListener("change", () => {
    showEarly();
    render();
  });
  // Answers put back from this tab (or filled in from another tool) get theirs too.
  showEarly();
  errorsOnLeave(form, errors, runtime, () => {
    const data = payload();
    return data.notice_date ? runtime.call("deadlines", data) : null;
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    focusErrors = true;
    render();
    const unread = unreadableDates(form);
    if (unread.length) errors.show(unread, { holdFocused: false });
    else if (!payload().notice_date) {
      const label = fieldLabel(form, "notice_date") || _("Notice date");
      errors.show([{ field: "notice_date", message: _("{label} is missing. Enter it like {example}.", { label, example: dateExample() }) }], {
        holdFocused: false,
      });
    }
    // The first answer to fix gets keyboard focus (cp14's own checks may add more).
    if (errors.focusFirst()) focusErrors = false;
  });
  runtime.onState((state) => {
    if (state === "stopped") clearResults();
    if (state === "restarted") render();
    if (state !== "ready") return;
    // Warm up: the first date calculation imports the holiday tables, which
    // takes a moment. Do it now, while you are still typing.
    if (!payload().notice_date) runtime.call("deadlines", { notice_date: localToday() }).catch(() => {});
    render({ ifIdle: true });
  });
}
