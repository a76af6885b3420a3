import { readdirSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { grade } from "../../../grader/grade";
import { myContainers } from "../../helpers/sandboxes";
import type { Runtime } from "./runtime";

/**
 * Forgeries: submissions that try to pass without doing the work, by rewriting what the grader
 * records inside their own interpreter (through __main__, frames, __globals__, gc), writing to its
 * descriptors, outliving their process, letting threads act for the loop, faking clocks, or
 * counting bytes as characters. Each file is named `<exercise>--<attack>.py` and starts with
 * `# expect: <check id>[|<check id>]`: the verdict must be "failed" with one of those checks failed
 * on its own evidence (not merely "not run" behind another gate). Where gVisor's thinner /proc
 * leaves the expected check without its evidence, a second line `# runsc: <check id>[|…]` names
 * the checks that catch the forgery there (docs/grading.md, "Under gVisor").
 */
const dir = new URL("../forgery/", import.meta.url);
const attacks = readdirSync(dir)
  .filter((f) => f.endsWith(".py"))
  .sort()
  .map((file) => {
    const source = readFileSync(new URL(file, dir), "utf8");
    const expect = /^# expect: ([\w.|-]+)/.exec(source)?.[1];
    const runsc = /^# runsc: ([\w.|-]+)/m.exec(source)?.[1];
    return { file, exercise: file.split("--")[0], source, expect: expect?.split("|") ?? [], runsc: runsc?.split("|") };
  });

/** The forgery suite on the engine's runtime in use (test/grader/forgery.test.ts, runsc.test.ts). */
export function forgerySuite(
  runtime: Runtime,
  opts: {
    gaps?: Record<string, string>;
    exerciseGaps?: Record<string, string>;
    /** Exercises whose reference this runtime does not grade reliably (their forgeries still run). */
    referenceGaps?: Record<string, string>;
  } = {},
) {
  const gaps = opts.gaps ?? {};
  const exerciseGaps = opts.exerciseGaps ?? {};
  describe(`forgeries fail with a named check under ${runtime}`, () => {
    it("covers at least 24 attempts over at least 8 exercises", () => {
      expect(attacks.length).toBeGreaterThanOrEqual(24);
      expect(new Set(attacks.map((a) => a.exercise)).size).toBeGreaterThanOrEqual(8);
      for (const a of attacks) expect(a.expect, `${a.file} names the check it must fail`).not.toEqual([]);
    });

    it("leaves out only forgeries that exist, each with its reason", () => {
      for (const [file, why] of Object.entries(gaps)) {
        expect(attacks.map((a) => a.file)).toContain(file);
        expect(why.length).toBeGreaterThan(20);
      }
    });

    // A forgery of an exercise not graded right on this runtime proves nothing there either.
    const graded = attacks.filter((a) => !(a.file in gaps) && !(a.exercise in exerciseGaps));
    it.each(graded.map((a) => [a.file, a] as const))("%s", async (_file, attack) => {
      const expected = runtime === "runsc" && attack.runsc ? attack.runsc : attack.expect;
      const report = await grade(attack.exercise, attack.source, { remeasure: false });
      const failing = report.checks.filter((c) => !c.passed && !c.notRun);
      expect(report.verdict, JSON.stringify(report.checks.filter((c) => !c.passed))).toBe("failed");
      expect(
        failing.some((c) => expected.includes(c.id)),
        `failed ${failing.map((c) => `${c.id} (${c.message})`).join(", ")}`,
      ).toBe(true);
    });

    it("grades each attacked exercise's reference normally afterwards", async () => {
      const skipped = { ...exerciseGaps, ...(opts.referenceGaps ?? {}) };
      for (const exercise of new Set(attacks.map((a) => a.exercise).filter((e) => !(e in skipped)))) {
        const report = await grade(exercise, readFileSync(`exercises/${exercise}/reference.py`, "utf8"));
        const failed = report.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`);
        expect(report.verdict, `${exercise}: ${failed.join(" | ")}`).toBe("passed");
      }
    });

    afterAll(async () => {
      expect(await myContainers()).toBe(0);
    });
  });
}
