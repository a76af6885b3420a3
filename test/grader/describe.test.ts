import { describe, expect, it } from "vitest";
import { exerciseDescriptionSchema } from "../../lib/contracts/exercise-tests";
import { listExercises, readExercise } from "../../grader/catalog/catalog";
import { describeExercise } from "../../grader/exercise-test-worker/describe";

/** The exercise pages' description: checks named from checks.ts alone, ranges of the hidden draws. */
describe("describing an exercise without the sandbox", () => {
  it("names first-coroutine's gates and checks with their weights, its scenarios and the ranges drawn", async () => {
    const d = await describeExercise(readExercise("first-coroutine"));
    expect(exerciseDescriptionSchema.parse(d)).toEqual(d);
    expect(d.problem).toBeNull();
    expect(d.checks.map((c) => `${c.id}:${c.weight}:${c.kind}`)).toEqual([
      "code.runs:0:gate",
      "harness.integrity:0:gate",
      "output.lines:2:outside",
      "timing.waits:2:outside",
      "loop.not-blocked:3:outside",
      "ordering.hello-before-goodbye:1:outside",
      "timing.concurrent:1:outside",
      "output.script:1:outside",
    ]);
    expect(d.scenarios.map((s) => [s.id, s.kind, s.target])).toEqual([
      ["single", "call", "greet"],
      ["together", "driver", "greet_together"],
      ["script", "script", null],
    ]);
    const single = d.scenarios[0].parameters;
    // greet(name, delay): the name and the delay pooled apart, the delay within rng.between(0.5, 0.7).
    const delay = single.find((p) => p.path === "args.args[]" && p.kind === "number")!;
    expect(delay.min).toBeGreaterThanOrEqual(0.5);
    expect(delay.max).toBeLessThanOrEqual(0.7);
    expect(delay.max! - delay.min!).toBeGreaterThan(0.1);
    const name = single.find((p) => p.path === "args.args[]" && p.kind === "string")!;
    expect(name.distinct).toBeGreaterThan(5);
    expect(name.examples.length).toBeGreaterThan(0);
    expect(d.scenarios[2].parameters).toEqual([]);
    expect(d.solutions.map((s) => [s.file, s.expect, s.failsWith])).toEqual([
      ["reference.py", "passed", null],
      ["alternatives/future-timer.py", "passed", null],
      ["wrong/time-sleep.py", "failed", "loop.not-blocked"],
      ["wrong/no-await.py", "failed", "timing.waits"],
      ["wrong/hardcoded-name.py", "failed", "output.lines"],
    ]);
  });

  it("pools maps keyed by hidden names (pages, operations) instead of listing every name drawn", async () => {
    const crawl = (await describeExercise(readExercise("crawler"))).scenarios[0].parameters.map((p) => p.path);
    expect(crawl).toContain("http.*.delay");
    expect(crawl.filter((p) => p.startsWith("http.")).length).toBeLessThan(5);
    const pool = (await describeExercise(readExercise("query-pool"))).scenarios[0].parameters.map((p) => p.path);
    expect(pool).toContain("ops.query.*.delay");
    expect(pool).toContain("hidden.delays.*");
  });

  it("describes every exercise: checks.ts evaluates and at least the gates and one check are named", async () => {
    for (const folder of listExercises()) {
      const d = await describeExercise(folder);
      expect(d.problem, folder.meta.slug).toBeNull();
      expect(d.checks.length, folder.meta.slug).toBeGreaterThan(2);
      expect(new Set(d.checks.map((c) => c.id)).size, `${folder.meta.slug}: check ids are unique`).toBe(
        d.checks.length,
      );
      // Every failsWith of a wrong solution names a check the description lists.
      for (const s of d.solutions.filter((s) => s.failsWith))
        expect(
          d.checks.map((c) => c.id),
          `${folder.meta.slug} ${s.file}`,
        ).toContain(s.failsWith);
    }
  }, 120_000);
});
