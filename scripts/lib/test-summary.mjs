// Turns vitest's JSON report into the plain closing line "N passed, N failed[, N skipped]" and the
// exit code. A file that failed to load, or a non-zero vitest exit with no failed test (an unhandled
// error), counts as a failure: green must mean every test ran and passed.
import { existsSync, readFileSync } from "node:fs";

const [file, vitestExit] = process.argv.slice(2);
if (!existsSync(file)) {
  console.log(`vitest wrote no results to ${file} (exit ${vitestExit}): the run itself failed`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, "utf8"));
const passed = report.numPassedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
let failed = report.numFailedTests ?? 0;
for (const suite of report.testResults ?? []) {
  const failedInside = (suite.assertionResults ?? []).some((t) => t.status === "failed");
  if (suite.status === "failed" && !failedInside) {
    console.log(`failed to run: ${suite.name}: ${(suite.message ?? "").split("\n")[0]}`);
    failed += 1;
  }
}
if (Number(vitestExit) !== 0 && failed === 0) {
  console.log(`vitest exited ${vitestExit} without a failed test (an unhandled error?): counted as one failure`);
  failed = 1;
}
if (passed + failed === 0) {
  console.log("no test ran: counted as one failure");
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
