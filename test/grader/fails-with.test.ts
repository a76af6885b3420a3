import { describe, expect, it } from "vitest";
import { defineExercise, type CheckEntry } from "../../grader/catalog/definition";
import { check } from "../../grader/checks/result";

/**
 * The check each known-wrong solution must fail lives in checks.ts (`failsWith`), typed by the
 * exercise's check ids.
 */
const entry = (id: string): CheckEntry => ({
  weight: 1,
  kind: "outside",
  scenarios: ["s"],
  evidence: "what the test's one scenario showed",
  judge: () => check(id, 1, false, { pass: "seen", fail: "not seen" }),
});

describe("failsWith: the check each wrong solution must fail", () => {
  it("types the ids: a check of the exercise or a gate, and a misspelled id does not type-check", () => {
    const definition = defineExercise({
      scenarios: () => [],
      checks: { "returns.order": entry("returns.order"), "loop.not-blocked": entry("loop.not-blocked") },
      failsWith: {
        "wrong/completion-order.py": "returns.order",
        "wrong/drops-delay.py": "code.runs",
        // @ts-expect-error "loop.not-blocke" is not a check: NoInfer keeps it from widening the ids
        "wrong/time-sleep.py": "loop.not-blocke",
      },
    });
    expect(definition.registry.map((c) => c.id)).toEqual(["returns.order", "loop.not-blocked"]);
    expect(definition.failsWith["wrong/drops-delay.py"]).toBe("code.runs");
  });
});
