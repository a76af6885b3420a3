import { describe, expect, it } from "vitest";
import firstCoroutine from "../../exercises/first-coroutine/checks";
import { checkFailsWith, loadDefinition, readExercise, type ExerciseFolder } from "../../grader/catalog/catalog";
import { defineExercise, type CheckEntry } from "../../grader/catalog/definition";
import { check } from "../../grader/checks/result";

/**
 * The check each known-wrong solution must fail lives in checks.ts (`failsWith`), typed by the
 * exercise's check ids; exercise.json lists the files. Both must name the same files.
 */
const entry = (id: string): CheckEntry => ({
  weight: 1,
  kind: "outside",
  scenarios: ["s"],
  evidence: "what the test's one scenario showed",
  judge: () => check(id, 1, false, { pass: "seen", fail: "not seen" }),
});

const folder = readExercise("first-coroutine");
const listing = (files: string[]): ExerciseFolder => ({
  ...folder,
  meta: { ...folder.meta, wrongSolutions: files.map((file) => ({ file, mistake: "a mistake" })) },
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

  it("loads an exercise whose checks.ts names every wrong solution exercise.json lists", async () => {
    const definition = await loadDefinition(folder);
    expect(Object.keys(definition.failsWith).sort()).toEqual(folder.meta.wrongSolutions.map((w) => w.file).sort());
    expect(definition.failsWith["wrong/time-sleep.py"]).toBe("loop.not-blocked");
  });

  it("fails to load when exercise.json lists a wrong solution checks.ts names no check for", async () => {
    const extra = listing([...folder.meta.wrongSolutions.map((w) => w.file), "wrong/forgot.py"]);
    const message =
      "exercises/first-coroutine: exercise.json lists the wrong solution wrong/forgot.py, " +
      "but checks.ts's failsWith names no check for it";
    expect(() => checkFailsWith(extra, firstCoroutine)).toThrow(message);
    await expect(loadDefinition(extra)).rejects.toThrow(message);
  });

  it("fails to load when checks.ts names a wrong solution exercise.json does not list", async () => {
    const fewer = listing(["wrong/time-sleep.py", "wrong/no-await.py"]);
    const message =
      "exercises/first-coroutine: checks.ts's failsWith names wrong/hardcoded-name.py, " +
      "which exercise.json's wrongSolutions does not list";
    expect(() => checkFailsWith(fewer, firstCoroutine)).toThrow(message);
    await expect(loadDefinition(fewer)).rejects.toThrow(message);
  });
});
