import { describe, expect, it } from "vitest";
import { defineExercise } from "../../grader/catalog/definition";
import { check, decidesVerdict } from "../../grader/checks/result";

/**
 * An advisory check says what only inside records can (a claim the submission could rewrite): it
 * weighs nothing and never decides the verdict, so the registry refuses one that weighs more.
 */
const advisory = (weight: number) => ({
  weight,
  kind: "advisory" as const,
  scenarios: ["s"],
  evidence: "inside records only: advice",
  judge: () => check("tasks.count", weight, false, { pass: "", fail: "advice" }, "advisory"),
});

describe("advisory checks", () => {
  it("never decide the verdict; every other kind does", () => {
    expect(decidesVerdict({ kind: "advisory" })).toBe(false);
    for (const kind of ["outside", "cross-checked", "gate", undefined] as const)
      expect(decidesVerdict({ kind })).toBe(true);
  });

  it("weigh nothing: the registry refuses an advisory check with points", () => {
    expect(() =>
      defineExercise({ scenarios: () => [], checks: { "tasks.count": advisory(2) }, failsWith: {} }),
    ).toThrow("check tasks.count is advisory (inside records only): it must weigh 0, not 2");
    expect(
      defineExercise({ scenarios: () => [], checks: { "tasks.count": advisory(0) }, failsWith: {} }).registry,
    ).toEqual([expect.objectContaining({ id: "tasks.count", weight: 0, kind: "advisory" })]);
  });
});
