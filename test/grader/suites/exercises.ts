import { describe, expect, it } from "vitest";
import { listExercises } from "../../grader/catalog/catalog";
import { grade } from "../../grader/grade";
import { missingFiles, shippedSolutions, verifySolution } from "../../grader/catalog/self-check";

// Every exercise proves itself through the real sandbox: references and alternatives pass, each
// known-wrong solution fails with the check that names its mistake.
for (const folder of listExercises()) {
  describe(`exercise ${folder.meta.slug}`, () => {
    it("ships every file it declares", () => {
      expect(missingFiles(folder)).toEqual([]);
    });
    it("starter.py, untouched, scores 0: no credit without evidence", async () => {
      const report = await grade(folder.meta.slug, folder.starter, { remeasure: false });
      expect(report.verdict).toBe("failed");
      expect(report.checks.filter((c) => c.passed && c.weight > 0).map((c) => c.id)).toEqual([]);
      expect(report.score).toBe(0);
    });
    for (const solution of shippedSolutions(folder)) {
      it(`${solution.file} ${solution.expect === "passed" ? "passes" : `fails with ${solution.failsWith}`}`, async () => {
        const outcome = await verifySolution(folder, solution);
        expect(outcome.problem ?? "as expected").toBe("as expected");
      });
    }
  });
}
