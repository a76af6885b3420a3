import { afterAll, describe, expect, it } from "vitest";
import { listExercises, loadDefinition } from "../../../grader/catalog/catalog";
import { grade } from "../../../grader/grade";
import { missingFiles, shippedSolutions, verifySolution } from "../../../grader/catalog/self-check";
import { myContainers } from "../../helpers/sandboxes";
import type { Runtime } from "./runtime";

/**
 * Every exercise proves itself through the real sandbox: references and alternatives pass, each
 * known-wrong solution fails with the check that names its mistake. Under runsc (a second runtime,
 * same checks) the references and known-wrong solutions, which bracket every check, are enough.
 */
export function exerciseSuite(
  runtime: Runtime,
  opts: { full: boolean; gaps?: Record<string, string> } = { full: true },
) {
  const gaps = opts.gaps ?? {};
  it(`leaves out under ${runtime} only exercises that exist, each with its reason`, () => {
    for (const [slug, why] of Object.entries(gaps)) {
      expect(listExercises().map((f) => f.meta.slug)).toContain(slug);
      expect(why.length).toBeGreaterThan(20);
    }
  });
  // Every grading removes its container a moment after the verdict: none may outlive the file.
  afterAll(async () => {
    expect(await myContainers()).toBe(0);
  });
  for (const folder of listExercises().filter((f) => !(f.meta.slug in gaps))) {
    // Collected asynchronously: the check each wrong solution must fail is checks.ts's failsWith.
    describe(`exercise ${folder.meta.slug} under ${runtime}`, async () => {
      if (opts.full) {
        it("ships every file it declares", () => {
          expect(missingFiles(folder)).toEqual([]);
        });
        it("starter.py, untouched, scores 0: no credit without evidence", async () => {
          const report = await grade(folder.meta.slug, folder.starter, { remeasure: false });
          expect(report.verdict).toBe("failed");
          expect(report.checks.filter((c) => c.passed && c.weight > 0).map((c) => c.id)).toEqual([]);
          expect(report.score).toBe(0);
        });
      }
      const solutions = shippedSolutions(folder, await loadDefinition(folder)).filter(
        (s) => opts.full || !s.file.startsWith("alternatives/"),
      );
      for (const solution of solutions) {
        const expected = solution.expect === "passed" ? "passes" : `fails with ${solution.failsWith}`;
        it(`${solution.file} ${expected}`, async () => {
          const outcome = await verifySolution(folder, solution);
          expect(outcome.problem ?? "as expected").toBe("as expected");
        });
      }
    });
  }
}
