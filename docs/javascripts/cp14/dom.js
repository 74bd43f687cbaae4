// Small DOM helpers shared by the tools: building elements safely, showing
// letter HTML without letting anything in it run, files made in the tab
// (no request), the clipboard, and announcements for screen readers.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") el.textContent = String(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function safeUrl(url) {
  return typeof url === "string" && /^https:\/\//i.test(url) ? url : null;
}

// A source named by cp14's facts: a link to it, or only its name when it is a
// secondary source (as in the guide pages, which name those without linking them).
export function sourceLink(src) {
  const url = safeUrl(src && src.url);
  if (!url || /secondary source/i.test((src && src.title) || "")) {
    return h("span", { text: (src && src.title) || "" });
  }
  return h("a", { href: url, rel: "noopener noreferrer", text: src.title || url });
}

// Links cp14 names ({title, url}), as <a> elements; only https addresses.
export function links(list) {
  return (Array.isArray(list) ? list : [])
    .filter((l) => safeUrl(l && l.url))
    .map((l) => h("a", { href: safeUrl(l.url), rel: "noopener noreferrer", text: l.title || l.url }));
}

export function download(text, filename, type) {
  // A Blob and an object URL: the file is made here, in this tab; no request.
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h("textarea", { readonly: true, "aria-hidden": "true", class: "cp14-offscreen" });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

// Letter HTML comes from cp14's own templates, which escape everything you
// type. It is still parsed inertly (a <template> runs nothing and loads
// nothing) and reduced to a short list of tags and attributes before it is
// shown, so nothing in it can run.
const ALLOWED_TAGS = new Set(
  "ARTICLE SECTION HEADER FOOTER DIV P SPAN BR STRONG EM B I U UL OL LI H1 H2 H3 H4 ADDRESS TABLE THEAD TBODY TR TH TD DL DT DD HR SMALL PRE BLOCKQUOTE BDI TIME".split(
    " ",
  ),
);
const ALLOWED_ATTRS = new Set(["class", "lang", "datetime", "aria-hidden", "colspan", "rowspan", "scope"]);

function cleanTree(node) {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === Node.ELEMENT_NODE) {
      if (!ALLOWED_TAGS.has(child.tagName)) {
        child.replaceWith(document.createTextNode(child.textContent || ""));
        continue;
      }
      for (const attr of [...child.attributes]) {
        if (!ALLOWED_ATTRS.has(attr.name)) child.removeAttribute(attr.name);
      }
      cleanTree(child);
    } else if (child.nodeType !== Node.TEXT_NODE) {
      child.remove();
    }
  }
}

export function safeFragment(html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = String(html || "");
  cleanTree(tpl.content);
  return tpl.content;
}


// Text as a CSS string ("…"), for a value CSS itself prints (a page header in the
// print margin). Every character but plain letters, digits, spaces and , . - is
// written as a CSS escape, so no text can end the string or add a rule.
export function cssString(text) {
  const safe = [...String(text || "")].map((ch) =>
    /^[A-Za-z0-9 ,.-]$/.test(ch) ? ch : `\\${ch.codePointAt(0).toString(16)} `,
  );
  return `"${safe.join("")}"`;
}

// Print one part of the page (tool.css: `html.cp14-print-<part>` shows only it),
// then the page prints as usual again.
export function printPart(part) {
  const html = document.documentElement;
  const name = `cp14-print-${part}`;
  html.classList.add(name);
  window.addEventListener("afterprint", () => html.classList.remove(name), { once: true });
  window.print();
}

export function announce(el, text) {
  if (!el) return;
  el.textContent = "";
  // A fresh text node so that screen readers announce a repeated message too.
  setTimeout(() => {
    el.textContent = text;
  }, 30);
}
