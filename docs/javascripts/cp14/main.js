// The in-browser tools: "Write my letter", "My deadlines" and "Compare your options".
//
// The page is complete without these scripts: the form, a printable blank
// letter, the deadline rules and the payment options are plain HTML. This
// entry finds the tool on the page and starts its module; each tool starts
// Python (cp14 in Pyodide) in a Web Worker (runtime.js), keeps the form usable
// while it loads, and then shows live results. What you type stays in this
// tab: nothing is stored and nothing is sent anywhere.

import { setupDeadlines } from "./tools/deadlines.js";
import { setupLetter } from "./tools/letter.js";
import { setupPlan } from "./tools/plan.js";

const TOOLS = { letter: setupLetter, deadlines: setupDeadlines, plan: setupPlan };

const root = document.querySelector("[data-cp14-tool]");
const setup = root && TOOLS[root.dataset.cp14Tool];
if (setup) {
  root.classList.add("cp14-js");
  setup(root);
}
