import { check, type CheckResult } from "./result";
import type { ScenarioView } from "./view";

/** The two gates as registry entries: weight 0, shown first in every report and description. */
export const GATES = [
  {
    id: "code.runs",
    weight: 0,
    kind: "gate",
    scenarios: [],
    evidence: "every scenario ran to its end: exit status, time, output and memory limits seen by the supervisor",
  },
  {
    id: "harness.integrity",
    weight: 0,
    kind: "gate",
    scenarios: [],
    evidence: "the inside records agree with what PID 1 saw (lines read, ops' callers, threads watched)",
  },
] as const;

/**
 * Two gates come before every exercise's checks, earning nothing themselves: the code ran, and the
 * grader's records of the run agree with what PID 1 saw from outside. When one fails, the student
 * reads that one problem and every other check is "not run": no credit without evidence.
 */
export function gated(views: ScenarioView[], problems: string[], checks: CheckResult[]): CheckResult[] {
  const runs = check(
    "code.runs",
    0,
    problems.length === 0,
    { pass: "Your code ran in every scenario without errors.", fail: problems[0] ?? "" },
    "gate",
  );
  const tampered = views.flatMap((v) => v.integrityProblems().map((p) => `${v.spec.id}: ${p}`));
  const honest = check(
    "harness.integrity",
    0,
    tampered.length === 0,
    {
      pass: "The grader's records of your run match what it saw from outside.",
      fail:
        `The grader's records of your run don't match what it saw from outside ` +
        `(${tampered.slice(0, 3).join("; ")}): code that rewrites the grader's records, writes to its ` +
        `descriptors or prints around print() cannot be graded.`,
    },
    "gate",
  );
  const gate = [runs, honest].find((g) => !g.passed);
  if (!gate) return [runs, honest, ...checks];
  const why =
    gate === runs ? "your code did not run to the end" : "the grader's records of your run were tampered with";
  return [runs, honest, ...checks.map((c) => ({ ...c, passed: false, notRun: true, message: `Not run: ${why}.` }))];
}
