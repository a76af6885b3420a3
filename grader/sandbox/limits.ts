import type { SandboxOutcome } from "./run";

/**
 * The container's overall time limit and what a run that ended without a report is told: one rule
 * for a grading (grader/grade.ts) and a student's run (grader/run-job.ts).
 */

/** Scenario limits discount the time a scenario waits for a CPU, up to this many times their wall time. */
const CPU_WAIT_FACTOR = 4;
/** Time a loaded machine may need to start the container and its interpreters. */
const STARTUP_MARGIN_MS = 15_000;

/**
 * The backstop behind the scenarios' own limits (enforced inside the sandbox): their timeouts
 * (seconds) stretched by the CPU-wait discount, plus the start-up margin; at least `atLeastMs`.
 */
export function wallTimeMs(scenarios: { timeout: number }[], atLeastMs = 0): number {
  const seconds = scenarios.reduce((sum, s) => sum + s.timeout, 0);
  return Math.max(atLeastMs, seconds * CPU_WAIT_FACTOR * 1000 + STARTUP_MARGIN_MS);
}

export type SandboxFailure = NonNullable<SandboxOutcome["failure"]>;

/**
 * Why a run has no report, in the student's terms, and the check a grading fails with for it.
 * `limit`: a sandbox limit stopped the code (rather than the harness failing).
 */
export function describeFailure(
  failure: SandboxFailure,
  limits: { wallTimeMs: number; memoryMb: number },
): { check: string; message: string; limit: boolean } {
  switch (failure) {
    case "wall-time":
      return {
        check: "limits.wall-time",
        message:
          `The sandbox's overall time limit (${Math.round(limits.wallTimeMs / 1000)} s) ran out before your code ` +
          "finished: look for a loop that never ends or an await that never returns.",
        limit: true,
      };
    case "memory":
      return {
        check: "limits.memory",
        message: `Your code used more than ${limits.memoryMb} MiB of memory, so the sandbox stopped it.`,
        limit: true,
      };
    case "processes":
      return {
        check: "code.runs",
        message: "Your code tried to start more processes or threads than the sandbox allows, so it was stopped.",
        limit: true,
      };
    case "no-report":
      return {
        check: "harness.report",
        message:
          "The grader's harness was stopped before it could report: did your code kill processes or exhaust the " +
          "sandbox's process limit?",
        limit: false,
      };
    case "forged-report":
      return {
        check: "harness.report",
        message: "The sandbox's report did not come from the grader's harness.",
        limit: false,
      };
    case "killed-harness":
      return {
        check: "harness.report",
        message:
          "Your code killed the grader's harness (PID 1 of the sandbox) before it could report: " +
          "a submission must not signal processes other than its own.",
        limit: false,
      };
  }
}
