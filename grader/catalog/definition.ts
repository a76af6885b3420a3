import type { CheckResult, EvidenceKind, TimelineEntry } from "../checks/result";
import type { ScenarioView } from "../checks/view";
import type { GATES } from "../checks/gates";
import type { ScenarioSpec } from "../sandbox/run";
import type { Rng } from "./rng";

export type Views = Record<string, ScenarioView>;

/**
 * One check of an exercise, as data: what it weighs, what kind of evidence its pass rests on, which
 * scenarios it reads, in words what it reads from them (the docs' evidence table is generated from
 * this), and its judge. The judge's result must carry the entry's id, weight and kind (checked at
 * every grading: a mismatch is the exercise's bug, not the student's).
 */
export interface CheckEntry<G = unknown> {
  weight: number;
  kind: EvidenceKind;
  /** Scenario ids whose evidence the judge reads. */
  scenarios: readonly string[];
  /** What the pass rests on, for instructors and the docs. */
  evidence: string;
  judge(views: Views, given: G): CheckResult;
}

/** The two gates every grading gets: a known-wrong solution may fail one of them instead of a check. */
export type GateId = (typeof GATES)[number]["id"];

/** A registry entry with its id, as `ExerciseDefinition.registry` lists them (in report order). */
export interface RegisteredCheck extends Omit<CheckEntry, "judge"> {
  id: string;
}

/** What an exercise's checks.ts declares: hidden scenarios, and its checks as a registry. */
export interface ExerciseSpec<Id extends string, G> {
  /**
   * Wall-time limit for the whole container. Each scenario's own `timeout` is the student's limit;
   * this is a backstop, never less than the scenarios' timeouts plus a start-up margin.
   */
  wallTimeMs?: number;
  scenarios(rng: Rng): ScenarioSpec[];
  /** Values several judges share, computed once per grading from the views (hidden parameters, say). */
  given?: (views: Views) => G;
  /** The checks in report order, by id. */
  checks: Record<Id, CheckEntry<G>>;
  /**
   * For each known-wrong solution (exercise.json's `wrongSolutions`), by its path in the folder
   * ("wrong/time-sleep.py"): the check it must fail, one of `checks` or a gate. `NoInfer`: the ids
   * are inferred from `checks` alone, so a misspelled id here is a type error, not a new id.
   */
  failsWith: Record<string, NoInfer<Id> | GateId>;
  /** The scenario whose trace the student sees as a timeline, and its ideal concurrent shape. */
  timeline?: { scenario: string; ideal(spec: ScenarioSpec): TimelineEntry[] };
}

/** What the grader loads from an exercise's checks.ts. */
export interface ExerciseDefinition<Id extends string = string> {
  wallTimeMs?: number;
  scenarios(rng: Rng): ScenarioSpec[];
  /** The exercise's checks, as declared (gates not included), in report order. */
  registry: readonly (RegisteredCheck & { id: Id })[];
  /** Every check judged over the scenarios' evidence, in registry order. */
  checks(views: Views): (CheckResult & { id: Id })[];
  /** The check each known-wrong solution must fail, by its path in the folder. */
  failsWith: Readonly<Record<string, Id | GateId>>;
  timeline?: { scenario: string; ideal(spec: ScenarioSpec): TimelineEntry[] };
}

/** The check ids of a definition: `CheckId<typeof definition>`. */
export type CheckId<D> = D extends ExerciseDefinition<infer Id> ? Id : never;

export function defineExercise<Id extends string, G = undefined>(spec: ExerciseSpec<Id, G>): ExerciseDefinition<Id> {
  const entries = Object.entries(spec.checks) as [Id, CheckEntry<G>][];
  const registry = entries.map(([id, { weight, kind, scenarios, evidence }]) => ({
    id,
    weight,
    kind,
    scenarios,
    evidence,
  }));
  return {
    wallTimeMs: spec.wallTimeMs,
    scenarios: spec.scenarios,
    registry,
    failsWith: spec.failsWith,
    timeline: spec.timeline,
    checks: (views) => {
      const given = (spec.given ? spec.given(views) : undefined) as G;
      return entries.map(([id, entry]) => {
        const result = entry.judge(views, given);
        const kind = result.kind ?? "outside";
        if (result.id !== id || result.weight !== entry.weight || kind !== entry.kind)
          throw new Error(
            `check ${id} (weight ${entry.weight}, ${entry.kind}) judged as ${result.id} ` +
              `(weight ${result.weight}, ${kind}): the registry and its judge disagree`,
          );
        return result as CheckResult & { id: Id };
      });
    },
  };
}
