// Dates and money as the tools show them: dates in the page's language
// ("Monday, December 7, 2026" / "lunes, 7 de diciembre de 2026"), money as
// written in the United States ("$2,450.17") in both.

import { locale } from "./i18n.js";

const longDate = new Intl.DateTimeFormat(locale, {
  weekday: "long",
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: "UTC",
});

export function formatDate(iso) {
  if (!iso) return "";
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : longDate.format(d);
}

const shortDate = new Intl.DateTimeFormat(locale, {
  year: "numeric",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

// "Dec 7, 2026" / "7 dic 2026": for tables, where the long form is too wide.
export function formatShortDate(iso) {
  if (!iso) return "";
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : shortDate.format(d);
}

// One formatter for every amount: toLocaleString with options builds a new one
// on each call, which costs a plan page with its dozens of figures tens of ms.
const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export function formatMoney(text) {
  const n = Number(text);
  if (!Number.isFinite(n)) return String(text);
  return money.format(n);
}

export function localToday() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
