import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import firstCoroutine from "../../exercises/first-coroutine/checks";
import { listExercises, loadDefinition } from "../../grader/catalog/catalog";
import type { CheckId } from "../../grader/catalog/definition";
import { Rng } from "../../grader/catalog/rng";
import { GATES } from "../../grader/checks/gates";
import { ScenarioView } from "../../grader/checks/view";
import { blankEvidence } from "../helpers/blank-evidence";

/**
 * Every exercise declares its checks as a registry (grader/catalog/definition.ts): the ids that
 * wrong solutions and forgeries must fail are checked against it here, without the sandbox, and
 * each judge's result must carry its entry's id, weight and kind.
 */
const exercises = listExercises();
const gateIds = GATES.map((g) => g.id as string);

describe("the exercises' check registries", () => {
  it("types an exercise's check ids: a typo does not type-check", () => {
    const ids: CheckId<typeof firstCoroutine>[] = ["output.lines", "loop.not-blocked", "timing.concurrent"];
    // @ts-expect-error "loop.not-blocked " (a trailing space) is not a check of first-coroutine
    const typo: CheckId<typeof firstCoroutine> = "loop.not-blocked ";
    expect(firstCoroutine.registry.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
    expect(firstCoroutine.registry.map((c) => c.id)).not.toContain(typo);
  });

  it.each(exercises.map((f) => [f.meta.slug, f] as const))("%s: judges agree with the registry", async (_, folder) => {
    const definition = await loadDefinition(folder);
    const ids = definition.registry.map((c) => c.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set([...gateIds, ...ids]).size, "ids are unique, gates included").toBe(ids.length + gateIds.length);
    for (const seed of [1, 2, 3]) {
      const specs = definition.scenarios(new Rng(seed));
      const scenarioIds = specs.map((s) => s.id);
      for (const c of definition.registry) {
        expect(c.scenarios.length, `${c.id} reads some scenario`).toBeGreaterThan(0);
        for (const s of c.scenarios) expect(scenarioIds, `${c.id} reads a scenario that exists`).toContain(s);
        expect(c.evidence.length, `${c.id} says what its pass rests on`).toBeGreaterThan(10);
      }
      // Nothing happened: every check fails, with the registry's id, weight and kind (the runner throws
      // on a judge that disagrees with its entry).
      const views = Object.fromEntries(specs.map((s) => [s.id, new ScenarioView(s, blankEvidence(s.id))]));
      const results = definition.checks(views);
      expect(results.map((r) => [r.id, r.weight, r.kind])).toEqual(
        definition.registry.map((c) => [c.id, c.weight, c.kind]),
      );
      expect(results.filter((r) => r.passed).map((r) => r.id)).toEqual([]);
    }
  });

  it("every wrong solution's failsWith names a check of its exercise", async () => {
    for (const folder of exercises) {
      const { registry, failsWith } = await loadDefinition(folder);
      const ids = [...gateIds, ...registry.map((c) => c.id)];
      for (const w of folder.meta.wrongSolutions)
        expect(ids, `${folder.meta.slug} ${w.file}`).toContain(failsWith[w.file]);
    }
  });

  it("every forgery's `# expect:` and `# runsc:` name checks of its exercise", async () => {
    const dir = new URL("forgery/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".py"));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const slug = file.split("--")[0];
      const folder = exercises.find((f) => f.meta.slug === slug);
      expect(folder, `${file} names an exercise`).toBeDefined();
      const ids = [...gateIds, ...(await loadDefinition(folder!)).registry.map((c) => c.id)];
      const source = readFileSync(new URL(file, dir), "utf8");
      const named = [/^# expect: ([\w.|-]+)/.exec(source)?.[1], /^# runsc: ([\w.|-]+)/m.exec(source)?.[1]];
      expect(named[0], `${file} has an # expect: line`).toBeDefined();
      for (const id of named.flatMap((n) => n?.split("|") ?? [])) expect(ids, file).toContain(id);
    }
  });
});
