// The tools' own words in the page's language.
//
// Every message is written in English in the modules, wrapped in _() (or
// ngettext() for a number), as the site's catalog finds them (scripts/catalogs.py,
// the "web" domain). A page in another language carries their translations in a
// JSON data block the build writes (<script type="application/json"
// id="cp14-messages">, hooks/web_i18n.py): English id -> translation, or the list
// of its forms for a plural. An English page has none, and the English text is
// used as it is. Placeholders are named: _("Pay by {date}.", { date }).

function table() {
  try {
    const block = document.getElementById("cp14-messages");
    const data = JSON.parse(block ? block.textContent : "null");
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  } catch {
    return {};
  }
}

const MESSAGES = table();

// The page's language ("en" or "es"), as its <html lang> says.
export const lang = /^es\b/i.test(document.documentElement.lang || "") ? "es" : "en";
// How dates are written for it (money is "$2,450.17" in both: es-US writes it so too).
export const locale = lang === "es" ? "es-US" : "en-US";

function fill(text, values) {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** `message` in the page's language, with its {placeholders} filled in from `values`. */
export function _(message, values) {
  const found = MESSAGES[message];
  return fill(typeof found === "string" && found ? found : message, values);
}

/** Marks a message for the catalog; translate it with _() where it is shown. */
export function N_(message) {
  return message;
}

/** The singular or plural form for `n` ({n} is filled in, with `values`). */
export function ngettext(singular, plural, n, values) {
  const found = MESSAGES[singular];
  const forms = Array.isArray(found) && found.length === 2 ? found : [singular, plural];
  return fill(n === 1 ? forms[0] : forms[1], { n, ...values });
}
