// "Can't pay in full? Compare your options": paying now, a short-term plan and
// a long-term plan, each with its reason, its cost, a month-by-month table,
// and one bar chart of what each option adds to the balance.

import { keepAnswers } from "../answers.js";
import { h, printPart, safeUrl, sourceLink } from "../dom.js";
import { FieldErrors, formValues, unreadableDates, updateShowIf } from "../form.js";
import { formatDate, formatMoney, formatShortDate, localToday } from "../format.js";
import { _, N_, ngettext } from "../i18n.js";
import { pendingWhileLoading, renderLoop, Runtime } from "../runtime.js";

const SVG = "http://www.w3.org/2000/svg";
// The answers you type (the choices always have one); until one is given there is nothing to show.
const ANSWERS = ["balance", "notice_date", "pay_by", "tax", "monthly", "months", "start"];

// An SVG element; `text` sets its text, everything else is an attribute (sizes
// included: the site's CSP allows no inline styles).
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key === "text") el.textContent = String(value);
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) if (child) el.append(child);
  return el;
}


// What the options' numbers show; an option without numbers (not open to you,
// or one whose terms the IRS sets) has none.
function hasNumbers(option) {
  return option.eligible && option.total_paid !== null && option.total_paid !== undefined;
}

// A reported figure's value in words ("$69.00", "180 days", "7% a year").
function factValue(fact) {
  const name = String(fact.name || "");
  if (name === "interest_rate") return _("{rate}% a year", { rate: fact.value });
  if (/days/.test(name)) return _("{n} days", { n: fact.value });
  if (/fee|balance/.test(name)) return formatMoney(fact.value);
  if (/years/.test(name)) return _("{n} years", { n: fact.value });
  return String(fact.value);
}

// The bar chart: one bar per option with numbers, the length of what the option
// adds to the balance. The same numbers are in the list beside it.
const CHART = { width: 360, row: 56, bar: 20, font: 16, labelGap: 6, valueSpace: 100 };

function costChart(options, ids) {
  const shown = options.filter(hasNumbers);
  const most = Math.max(...shown.map((o) => Number(o.total_added)), 0);
  const height = shown.length * CHART.row;
  const room = CHART.width - CHART.valueSpace;
  const title = _("What each option adds to your balance");
  const desc = shown.map((o) => _("{option}: {amount} added.", { option: o.title, amount: formatMoney(o.total_added) })).join(" ");
  const rows = shown.map((o, i) => {
    const top = i * CHART.row;
    const value = Number(o.total_added);
    // Even an option that adds nothing gets a sliver, so its row is not empty.
    const length = most > 0 ? Math.max(2, (value / most) * room) : 2;
    const barTop = top + 25;
    return svg(
      "g",
      { class: "cp14-chart__row", "data-kind": o.kind },
      svg("text", { class: "cp14-chart__label", x: 0, y: top + 17, "font-size": CHART.font, text: o.title }),
      svg("rect", {
        class: "cp14-chart__bar",
        x: 0,
        y: barTop,
        width: length.toFixed(1),
        height: CHART.bar,
        rx: 2,
      }),
      svg("text", {
        class: "cp14-chart__value",
        x: (length + CHART.labelGap).toFixed(1),
        y: barTop + 15,
        "font-size": CHART.font,
        text: formatMoney(o.total_added),
      }),
    );
  });
  return svg(
    "svg",
    {
      class: "cp14-chart__svg",
      viewBox: `0 0 ${CHART.width} ${height}`,
      width: CHART.width,
      height,
      role: "img",
      "aria-labelledby": `${ids.title} ${ids.desc}`,
      focusable: "false",
    },
    svg("title", { id: ids.title, text: title }),
    svg("desc", { id: ids.desc, text: desc }),
    rows,
  );
}

export function setupPlan(el) {
  const form = el.querySelector("form");
  const panel = el.querySelector(".cp14-results-panel");
  const out = el.querySelector("[data-role=results]");
  const summary = el.querySelector("[data-role=summary]");
  const errors = new FieldErrors(form, el.querySelector("[data-role=general-error]"));
  const runtime = new Runtime(el, {
    what: "calculator",
    failed: _("The text below still explains each option in words."),
    stopped: _("Your results were removed because they may be out of date."),
    ready: _("Ready. Your results update as you type."),
  });
  pendingWhileLoading(runtime, form, el.querySelector(".cp14-results-empty"), _("Your options show here once the calculator is ready."));
  // Month-by-month tables the reader opened stay open while the results update.
  const opened = new Set();
  // Once you ask for the results, every missing answer is pointed out too, and
  // focus goes to the first one.
  let submitted = false;
  let focusErrors = false;
  keepAnswers(form, "plan", {
    ask: false,
    cleared: () => {
      submitted = false;
      updateShowIf(form);
      render();
    },
  });

  // The answer on screen, as cp14 gave it: the same answer again (you left a
  // field without changing it) leaves the page as it is, so focus stays put.
  let shown = null;
  function clearResults() {
    shown = null;
    out.hidden = true;
    out.replaceChildren();
    summary.textContent = "";
  }

  function payload() {
    updateShowIf(form);
    // Today's date lets cp14 refuse a notice dated in the future, as every tool does.
    return { ...formValues(form), today: localToday() };
  }

  function section(title, ...children) {
    return h("section", { class: "cp14-block" }, h("h3", { text: title }), ...children);
  }

  function moneyRows(rows) {
    return h(
      "tbody",
      {},
      rows
        .filter(Boolean)
        .map(([label, value, note]) =>
          h(
            "tr",
            {},
            h("th", { scope: "row", text: label }),
            h("td", {}, value, note ? h("span", { class: "cp14-note", text: ` ${note}` }) : null),
          ),
        ),
    );
  }

  // The month-by-month table. Where its box is narrow (a phone, or 200% zoom), each
  // payment becomes a small block of labelled figures (tool.css, a container query),
  // so every column shows without sideways scrolling; it stays a table for screen
  // readers (tests/e2e/test_tool_plan.py reads its accessibility tree at 360 px).
  const COLUMNS = [
    ["payment", N_("Payment")],
    ["interest", N_("Interest")],
    ["penalty", N_("Penalty")],
    ["balance", N_("Still owed")],
  ].map(([key, text]) => [key, _(text)]);

  function scheduleTable(o) {
    const head = [h("th", { scope: "col", text: _("Date") })].concat(
      COLUMNS.map(([key, text]) => h("th", { scope: "col", class: `cp14-col--${key}`, text })),
    );
    const body = o.schedule.map((r) =>
      h(
        "tr",
        {},
        h("th", { scope: "row", text: formatShortDate(r.date) }),
        COLUMNS.map(([key, label]) =>
          h("td", { class: `cp14-col--${key}`, "data-label": label, text: formatMoney(r[key]) }),
        ),
      ),
    );
    const details = h(
      "details",
      { class: "cp14-schedule", open: opened.has(o.kind) },
      h("summary", { text: ngettext("Month by month ({n} payment)", "Month by month ({n} payments)", o.schedule.length) }),
      h("p", {
        text: [
          _("Each row is one payment: the interest and penalty added since the one before, and what you still owe after it."),
          Number(o.setup_fee) > 0 ? _("The {fee} setup fee is paid with the first payment, on top of it.", { fee: formatMoney(o.setup_fee) }) : "",
        ]
          .filter(Boolean)
          .join(" "),
      }),
      h(
        "div",
        { class: "cp14-scroll" },
        h(
          "table",
          { class: "cp14-table" },
          // The paragraph above says it in view.
          h("caption", { class: "cp14-offscreen", text: _("{option}: each payment, and what you still owe after it", { option: o.title }) }),
          h("thead", {}, h("tr", {}, head)),
          h("tbody", {}, body),
        ),
      ),
    );
    details.addEventListener("toggle", () => {
      if (details.open) opened.add(o.kind);
      else opened.delete(o.kind);
    });
    return details;
  }

  function optionCard(o, r) {
    const reported = new Map((r.reported || []).map((f) => [f.name, f]));
    const mine = (o.reported || []).filter((name) => reported.has(name));
    const feeReported = mine.some((name) => /fee/.test(name));
    const headingId = `cp14-option-${o.kind}`;
    // cp14 says in words whether the option is open to you and whether your payment
    // fits ("Open to you, but $500 a month would not finish it by June 5, 2027: ...").
    const verdict = o.verdict || (o.eligible ? _("Open to you") : _("Not open to you"));
    const state = o.eligible ? "yes" : o.open ? "short" : "no";
    const parts = [
      h("h3", { id: headingId, text: o.title }),
      h("p", { class: `cp14-verdict cp14-verdict--${state}`, text: verdict }),
    ];
    if (hasNumbers(o)) parts.push(h("p", { class: "cp14-plan-summary", text: o.summary }));
    parts.push(h("p", { text: o.why }));
    if (hasNumbers(o)) {
      const rows = o.schedule || [];
      const last = rows.length ? rows[rows.length - 1].payment : null;
      const several = o.months > 1;
      parts.push(
        h(
          "table",
          { class: "cp14-money" },
          h("caption", { class: "cp14-offscreen", text: _("{option}: the cost", { option: o.title }) }),
          moneyRows([
            [several ? _("Each month") : _("Payment"), formatMoney(o.monthly_payment)],
            [_("Number of payments"), String(o.months)],
            several
              ? [_("Last payment"), _("{amount} on {date}", { amount: formatMoney(last), date: formatDate(o.last_payment_date) })]
              : [_("Paid on"), formatDate(o.last_payment_date)],
            [
              _("Setup fee"),
              formatMoney(o.setup_fee),
              [feeReported ? _("(reported figure)") : "", o.fee_paid_back ? _("(you may get it back)") : ""]
                .filter(Boolean)
                .join(" "),
            ],
            [_("Interest"), formatMoney(o.interest)],
            [_("Late-payment penalty"), formatMoney(o.penalty), o.penalty_capped ? _("(stopped at the cap)") : ""],
            [_("Added in all"), h("strong", { text: formatMoney(o.total_added) })],
            [_("You pay in all"), formatMoney(o.total_paid)],
          ]),
        ),
      );
      if (o.assumed_rate_days && r.assumed_rate) {
        parts.push(
          h("p", {
            class: "cp14-note",
            text: ngettext(
              "{n} day of this estimate uses an assumed interest rate of {rate}% a year, because the IRS has not set those rates yet.",
              "{n} days of this estimate use an assumed interest rate of {rate}% a year, because the IRS has not set those rates yet.",
              o.assumed_rate_days,
              { rate: r.assumed_rate },
            ),
          }),
        );
      }
      if (rows.length > 1) parts.push(scheduleTable(o));
    }
    if (mine.length) {
      parts.push(
        h("p", {
          class: "cp14-note",
          text: _("Reported, not yet confirmed by the IRS: {figures}.", { figures: mine.map((n) => reported.get(n).label).join("; ") }),
        }),
      );
    }
    if ((o.links || []).length) {
      parts.push(h("ul", {}, o.links.map((s) => h("li", {}, sourceLink(s)))));
    }
    if (o.source) parts.push(h("p", { class: "cp14-source" }, _("Source:"), " ", sourceLink(o.source)));
    return h("section", { class: `cp14-option cp14-option--${o.open ? "open" : "closed"}`, "aria-labelledby": headingId, "data-kind": o.kind }, parts);
  }

  function comparison(r) {
    const shown = r.options.filter(hasNumbers);
    if (shown.length < 2) return null;
    const chart = costChart(r.options, { title: "cp14-chart-title", desc: "cp14-chart-desc" });
    const list = h(
      "ul",
      { class: "cp14-chart__numbers" },
      shown.map((o) =>
        h(
          "li",
          { "data-kind": o.kind },
          h("strong", { text: `${o.title}: ` }),
          _("{added} added, {paid} in all.", { added: formatMoney(o.total_added), paid: formatMoney(o.total_paid) }),
        ),
      ),
    );
    return section(
      _("How do the costs compare?"),
      h("p", { text: _("Each bar shows what an option adds to your balance: setup fee, interest and penalty.") }),
      h("figure", { class: "cp14-chart" }, chart, h("figcaption", {}, list)),
    );
  }

  function guideLink(r) {
    const root = panel.dataset.root || "";
    const page = /^[a-z0-9-]+\/$/.test(r.guide_page || "") ? r.guide_page : "";
    return h("a", { href: `${root}${page}`, text: _("What if I can't pay it all? (our guide)") });
  }

  // A printout says when it was printed (the figures move with time).
  function stampPrinted() {
    const line = out.querySelector("[data-role=printed-on]");
    if (line) line.textContent = _("Printed on {date}. An estimate: the IRS's own figures are what count.", { date: formatDate(localToday()) });
  }
  window.addEventListener("beforeprint", stampPrinted);

  function show(r) {
    const key = JSON.stringify(r);
    if (key === shown && !out.hidden) return;
    shown = key;
    const blocks = r.options.map((o) => optionCard(o, r));
    const chart = comparison(r);
    if (chart) blocks.splice(0, 0, chart);
    // The comparison alone prints in two pages at most, without the form.
    const printButton = h("button", { type: "button", class: "md-button md-button--primary", "data-action": "print-comparison", text: _("Print this comparison") });
    printButton.addEventListener("click", () => {
      stampPrinted();
      printPart("comparison");
    });
    blocks.unshift(h("p", { class: "cp14-printed-on", "data-role": "printed-on" }), h("div", { class: "cp14-actions cp14-noprint" }, printButton));
    const order = r.payment_order || {};
    blocks.push(
      section(
        _("How are your payments applied?"),
        h("p", {
          text: [order.text || "", _("This is our assumption: it is what the IRS does with a payment that comes with no instructions.")].join(" "),
        }),
        order.source ? h("p", { class: "cp14-source" }, _("Source:"), " ", sourceLink(order.source)) : null,
      ),
    );
    if (r.assumed_rate_days && r.assumed_rate) {
      blocks.push(
        section(
          _("Which interest rates are assumed?"),
          h("p", {
            text: ngettext(
              "The IRS has set interest rates through {date}. For up to {n} day after that, we used {rate}% a year. The real rate may differ.",
              "The IRS has set interest rates through {date}. For up to {n} days after that, we used {rate}% a year. The real rate may differ.",
              r.assumed_rate_days,
              { date: formatDate(r.rates_known_through), rate: r.assumed_rate },
            ),
          }),
        ),
      );
    }
    if ((r.reported || []).length) {
      blocks.push(
        section(
          _("Which figures are not confirmed?"),
          h("p", { text: _("We could not confirm these figures on IRS.gov. The IRS shows the exact terms before you agree to a plan.") }),
          h(
            "ul",
            {},
            r.reported.map((f) =>
              h(
                "li",
                {},
                `${f.label}: ${factValue(f)}. `,
                h("span", { class: "cp14-source" }, _("Source:"), " ", sourceLink(f.source), f.source && f.source.reference ? ` (${f.source.reference})` : ""),
              ),
            ),
          ),
        ),
      );
    }
    const assumed = section(_("What does this estimate assume?"), h("ul", {}, (r.assumptions || []).map((a) => h("li", { text: a }))));
    assumed.classList.add("cp14-assumptions");
    blocks.push(assumed);
    const links = (r.links || []).filter((s) => safeUrl(s.url));
    blocks.push(
      section(
        _("How do I ask for a plan?"),
        h("ul", {}, links.map((s) => h("li", {}, sourceLink(s))), h("li", {}, guideLink(r))),
      ),
    );
    blocks.push(h("p", { class: "cp14-disclaimer", text: r.disclaimer || _("This is an estimate, not tax advice.") }));
    out.replaceChildren(...blocks);
    out.hidden = false;
    stampPrinted();
    if (!performance.getEntriesByName("cp14:first-result").length) performance.mark("cp14:first-result");
    const open = r.options.filter((o) => o.open).map((o) => o.title);
    const sentence = _("Open to you: {options}.", { options: open.join(", ") });
    if (summary.textContent !== sentence) summary.textContent = sentence;
  }

  const render = renderLoop(
    runtime,
    async (call) => {
      const data = payload();
      if (!submitted && !ANSWERS.some((k) => k in data)) {
        errors.show([]);
        clearResults();
        return;
      }
      // A date box the browser cannot read (a day that does not exist, or half typed)
      // reports no value: say so by its label, instead of calling it missing.
      const unread = unreadableDates(form);
      const result = unread.length ? { errors: unread } : await call("plan", data);
      if (!result || typeof result !== "object" || Array.isArray(result.errors) || !Array.isArray(result.options)) {
        // While you fill in the form, only answers you gave are checked; an error
        // that is not about a field of the form (cp14 failing inside) always shows.
        const list = (result && Array.isArray(result.errors) && result.errors) || [];
        const given = (e) => e.field in data || unread.includes(e) || !errors.control(String(e.field));
        errors.show(submitted ? list : list.filter(given));
        if (focusErrors) errors.focusFirst();
        focusErrors = false;
        clearResults();
        return;
      }
      focusErrors = false;
      errors.show([]);
      show(result);
    },
    clearResults,
  );

  form.addEventListener("input", () => render());
  form.addEventListener("change", () => render());
  // An error held back while you typed in a field shows once you leave it.
  form.addEventListener("focusout", () => setTimeout(() => render(), 0));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitted = true;
    focusErrors = true;
    render();
  });
  updateShowIf(form);
  runtime.onState((state) => {
    if (state === "stopped" || state === "failed") clearResults();
    if (state === "restarted") render();
    if (state !== "ready") return;
    // Warm up: the first plan imports the date tables, which takes a moment.
    // Do it now, while you are still typing; if you have typed already, your
    // own plan (render, next) is the first, and a warm-up would only delay it.
    const data = payload();
    if (!ANSWERS.some((k) => k in data)) {
      runtime.call("plan", { balance: "1000", notice_date: localToday(), months: 3 }).catch(() => {});
    }
    render({ ifIdle: true });
  });
}
