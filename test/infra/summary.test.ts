import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** scripts/lib/test-summary.mjs: the closing line CI reads, and the exit code. */
const SCRIPT = fileURLToPath(new URL("../../scripts/lib/test-summary.mjs", import.meta.url));

function summarize(report: object | null, vitestExit: number) {
  const dir = mkdtempSync(join(tmpdir(), "summary-"));
  const file = join(dir, "results.json");
  if (report) writeFileSync(file, JSON.stringify(report));
  const run = spawnSync("node", [SCRIPT, file, String(vitestExit)], { encoding: "utf8" });
  const lines = run.stdout.trim().split("\n");
  return { status: run.status, last: lines[lines.length - 1], output: run.stdout };
}

const file = (status: string, tests: string[], message = "") => ({
  name: "/x.test.ts",
  status,
  message,
  assertionResults: tests.map((s) => ({ status: s })),
});

describe("test summary line", () => {
  it("passes a green run", () => {
    const r = summarize(
      {
        numPassedTests: 7,
        numFailedTests: 0,
        numPendingTests: 0,
        numTodoTests: 0,
        testResults: [file("passed", ["passed"])],
      },
      0,
    );
    expect(r).toMatchObject({ status: 0, last: "7 passed, 0 failed" });
  });

  it("fails a run with a failed test and reports skips", () => {
    const r = summarize(
      {
        numPassedTests: 5,
        numFailedTests: 2,
        numPendingTests: 1,
        numTodoTests: 0,
        testResults: [file("failed", ["failed"])],
      },
      1,
    );
    expect(r).toMatchObject({ status: 1, last: "5 passed, 2 failed, 1 skipped" });
  });

  it("counts a file that failed to load as a failure", () => {
    const r = summarize(
      { numPassedTests: 3, numFailedTests: 0, testResults: [file("failed", [], "Cannot find module")] },
      1,
    );
    expect(r.status).toBe(1);
    expect(r.last).toBe("3 passed, 1 failed");
    expect(r.output).toContain("Cannot find module");
  });

  it("counts a non-zero vitest exit without failed tests as a failure", () => {
    expect(summarize({ numPassedTests: 3, numFailedTests: 0, testResults: [] }, 1)).toMatchObject({
      status: 1,
      last: "3 passed, 1 failed",
    });
  });

  it("fails when vitest wrote no results or ran nothing", () => {
    expect(summarize(null, 1)).toMatchObject({ status: 1, last: "0 passed, 1 failed" });
    expect(summarize({ numPassedTests: 0, numFailedTests: 0, testResults: [] }, 0)).toMatchObject({
      status: 1,
      last: "0 passed, 1 failed",
    });
  });
});
