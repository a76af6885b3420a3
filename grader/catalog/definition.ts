import type { CheckResult, TimelineEntry } from "../checks/result";
import type { ScenarioView } from "../checks/view";
import type { ScenarioSpec } from "../sandbox/run";
import type { Rng } from "./rng";

/** What an exercise's checks.ts exports: hidden scenarios, and the checks over their evidence. */
export interface ExerciseDefinition {
  /**
   * Wall-time limit for the whole container. Each scenario's own `timeout` is the student's limit;
   * this is a backstop, never less than the scenarios' timeouts plus a start-up margin.
   */
  wallTimeMs?: number;
  scenarios(rng: Rng): ScenarioSpec[];
  checks(views: Record<string, ScenarioView>): CheckResult[];
  /** The scenario whose trace the student sees as a timeline, and its ideal concurrent shape. */
  timeline?: { scenario: string; ideal(spec: ScenarioSpec): TimelineEntry[] };
}

export function defineExercise(def: ExerciseDefinition): ExerciseDefinition {
  return def;
}
