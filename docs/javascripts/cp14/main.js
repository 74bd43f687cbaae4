// The in-browser tools: "Write my letter", "My deadlines" and "Compare your options".
//
// The page is complete without these scripts: the form, a printable blank
// letter, the deadline rules and the payment options are plain HTML. This
// entry finds the tool on the page and starts its module; each tool starts
// Python (cp14 in Pyodide) in a Web Worker (runtime.js), keeps the form usable
// while it loads, and then shows live results. Nothing you type is sent
// anywhere; answers.js says what the tab keeps, and for how long.
//
// Every module is checked against its sha256 (the page's import map and
// integrity attributes): a module that does not match is refused, and the page
// says so instead of running it.

import { _ } from "./i18n.js";

// Each page loads only its own tool's module.
const TOOLS = {
  letter: async () => (await import("./tools/letter.js")).setupLetter,
  deadlines: async () => (await import("./tools/deadlines.js")).setupDeadlines,
  plan: async () => (await import("./tools/plan.js")).setupPlan,
};

const root = document.querySelector("[data-cp14-tool]");
const load = root && TOOLS[root.dataset.cp14Tool];
// Shown inside another site's frame: the page is hidden, and the tool does not start.
const framed = document.documentElement.hasAttribute("data-cp14-framed");
if (load && !framed) {
  root.classList.add("cp14-js");
  let setup = null;
  try {
    setup = await load();
  } catch {
    // The tool's module did not load, or is not the build's: nothing of it runs.
    const early = window.__cp14Early;
    if (early && early.worker) early.worker.terminate();
    window.__cp14Early = null;
    root.dataset.state = "failed";
    root.dataset.settled = "";
    const status = root.querySelector("[data-role=status]");
    if (status) {
      status.textContent = _(
        "The tool's own files did not load, or do not match their checksums, so the tool did not start. Reload the page to try again.",
      );
    }
  }
  if (setup) setup(root);
}
