// The in-browser tools: "Write my letter", "My deadlines" and "Compare your options".
//
// The page is complete without these scripts: the form, a printable blank
// letter, the deadline rules and the payment options are plain HTML. This
// entry finds the tool on the page and starts its module; each tool starts
// Python (cp14 in Pyodide) in a Web Worker (runtime.js), keeps the form usable
// while it loads, and then shows live results. What you type stays in this
// tab: nothing is stored and nothing is sent anywhere.

// Each page loads only its own tool's module.
const TOOLS = {
  letter: async () => (await import("./tools/letter.js")).setupLetter,
  deadlines: async () => (await import("./tools/deadlines.js")).setupDeadlines,
  plan: async () => (await import("./tools/plan.js")).setupPlan,
};

const root = document.querySelector("[data-cp14-tool]");
const load = root && TOOLS[root.dataset.cp14Tool];
if (load) {
  root.classList.add("cp14-js");
  (await load())(root);
}
