import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * The harness's Python unit layer (grader/harness/tests, the standard library's unittest): the
 * runner's tamper guard and PID 1's sampler, ops server, trace reader and census, below the
 * Docker level. Needs only python3 and Linux's /proc.
 */
describe("the harness's Python unit tests", () => {
  it("pass", () => {
    const run = spawnSync(
      "python3",
      ["-m", "unittest", "discover", "-s", "grader/harness/tests", "-t", "grader/harness/tests"],
      {
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    const summary = /Ran (\d+) tests?/.exec(run.stderr);
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    expect(Number(summary?.[1] ?? 0)).toBeGreaterThanOrEqual(20);
  });
});
