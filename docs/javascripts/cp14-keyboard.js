// Keyboard use of the site's header, on every page:
// - the site menu button (the drawer, used on phones and at high zoom) can be
//   reached with Tab and opened with Enter or Space; Escape closes it and puts
//   focus back on the button;
// - the light/dark switch works with Space as well as Enter.
// While the drawer is closed its links are out of the Tab order (site.css hides
// it), so a keyboard user reaches the page's content first.
(function () {
  const drawer = document.getElementById("__drawer");
  const label = document.querySelector('label.md-header__button[for="__drawer"]');
  if (drawer && label) {
    // The theme's menu "button" is a label for a hidden checkbox: a real button
    // takes its place (same look, same icon), which Tab reaches and Enter or Space
    // press, and which screen readers name as a button.
    const button = document.createElement("button");
    button.type = "button";
    button.className = `${label.className} cp14-menu-button`;
    for (const node of label.childNodes) button.append(node.cloneNode(true));
    button.setAttribute("aria-label", "Site menu");
    button.setAttribute("aria-controls", "cp14-site-menu");
    label.replaceWith(button);
    const nav = document.querySelector(".md-sidebar--primary");
    if (nav) nav.id = nav.id || "cp14-site-menu";
    const sync = () => button.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
    sync();
    drawer.addEventListener("change", sync);
    const setOpen = (open) => {
      drawer.checked = open;
      drawer.dispatchEvent(new Event("change", { bubbles: true }));
      sync();
      if (open) {
        const first = nav && nav.querySelector("a[href], label[tabindex], input, button");
        // Wait for the drawer to become visible before moving focus into it.
        if (first) setTimeout(() => first.focus(), 50);
      } else {
        button.focus();
      }
    };
    button.addEventListener("click", () => setOpen(!drawer.checked));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && drawer.checked) setOpen(false);
    });
  }

  // The palette switch: each radio's label switches to the other scheme. A
  // keyboard user is on the radio of the scheme shown (checked, or, before the
  // first switch, the only one in the Tab order), where Space does nothing by
  // default, so Space and Enter do what a click on its label does.
  for (const option of document.querySelectorAll('[data-md-component="palette"] input.md-option')) {
    option.addEventListener("keydown", (event) => {
      if (event.key !== " " && event.key !== "Enter") return;
      const label = option.nextElementSibling;
      if (!label || label.tagName !== "LABEL") return;
      // Material's own Enter handler on the form would switch back at once.
      event.preventDefault();
      event.stopPropagation();
      label.click();
      const next = document.getElementById(label.htmlFor);
      if (next) setTimeout(() => next.focus(), 0);
    });
  }
})();
