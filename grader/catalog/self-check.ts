import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { grade } from "../grade";
import type { SandboxPool } from "../sandbox/pool";
import type { ExerciseFolder } from "./catalog";
import type { ExerciseDefinition } from "./definition";

/** A solution shipped with an exercise and the verdict the grader owes it. */
export interface ShippedSolution {
  exercise: string;
  /** Path relative to the exercise folder: reference.py, wrong/*.py, alternatives/*.py. */
  file: string;
  expect: "passed" | "failed";
  /** For known-wrong solutions: the check that must fail, naming the mistake. */
  failsWith?: string;
}

export interface SolutionOutcome extends ShippedSolution {
  verdict: string;
  failed: string[];
  elapsedMs: number;
  ok: boolean;
  problem?: string;
}

/**
 * The reference, the alternatives and the known-wrong solutions: exercise.json lists the wrong ones,
 * the definition (checks.ts, `loadDefinition`) names the check each must fail.
 */
export function shippedSolutions(
  folder: ExerciseFolder,
  definition: Pick<ExerciseDefinition, "failsWith">,
): ShippedSolution[] {
  const slug = folder.meta.slug;
  const alternatives = existsSync(join(folder.dir, "alternatives"))
    ? readdirSync(join(folder.dir, "alternatives"))
        .filter((f) => f.endsWith(".py"))
        .sort()
    : [];
  return [
    { exercise: slug, file: "reference.py", expect: "passed" },
    ...alternatives.map((f) => ({ exercise: slug, file: `alternatives/${f}`, expect: "passed" as const })),
    ...folder.meta.wrongSolutions.map((w) => ({
      exercise: slug,
      file: w.file,
      expect: "failed" as const,
      failsWith: definition.failsWith[w.file],
    })),
  ];
}

/** Files an exercise folder must hold besides exercise.json (which readExercise validated). */
export function missingFiles(folder: ExerciseFolder): string[] {
  const required = [
    "statement.md",
    "starter.py",
    "reference.py",
    "checks.ts",
    ...folder.meta.wrongSolutions.map((w) => w.file),
  ];
  return required.filter((f) => !existsSync(join(folder.dir, f)));
}

/**
 * Grades one shipped solution through the real sandbox and says whether the verdict is owed.
 * `pool`: the worker's warm containers (an admin's test from the browser runs in the worker).
 */
export async function verifySolution(
  folder: ExerciseFolder,
  solution: ShippedSolution,
  pool?: SandboxPool,
): Promise<SolutionOutcome> {
  const report = await grade(folder.meta.slug, readFileSync(join(folder.dir, solution.file), "utf8"), { pool });
  const failed = report.checks.filter((c) => !c.passed).map((c) => c.id);
  let problem: string | undefined;
  if (report.verdict !== solution.expect)
    problem = `expected ${solution.expect}, got ${report.verdict}: ${
      report.checks
        .filter((c) => !c.passed)
        .map((c) => `${c.id}: ${c.message}`)
        .join(" | ") || report.error
    }`;
  else if (solution.failsWith && !failed.includes(solution.failsWith))
    problem = `should fail ${solution.failsWith}, but failed ${failed.join(", ")}`;
  return { ...solution, verdict: report.verdict, failed, elapsedMs: report.elapsedMs, ok: !problem, problem };
}

/**
 * Grades many shipped solutions, `parallel` at a time, each through its own sandbox. Outcomes come
 * back in the order of `jobs`; `onOutcome` hears of each as it lands.
 */
export async function verifyAll(
  jobs: { folder: ExerciseFolder; solution: ShippedSolution }[],
  parallel: number,
  onOutcome: (outcome: SolutionOutcome) => void = () => undefined,
): Promise<SolutionOutcome[]> {
  const outcomes: SolutionOutcome[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < jobs.length) {
        const index = next++;
        outcomes[index] = await verifySolution(jobs[index].folder, jobs[index].solution);
        onOutcome(outcomes[index]);
      }
    }),
  );
  return outcomes;
}
