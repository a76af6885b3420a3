import type { ExerciseDescription, HiddenParameter } from "../../lib/contracts/exercise-tests";
import { loadDefinition, type ExerciseFolder } from "../catalog/catalog";
import type { ExerciseDefinition } from "../catalog/definition";
import { Rng } from "../catalog/rng";
import { shippedSolutions } from "../catalog/self-check";
import { GATES } from "../checks/gates";
import type { ScenarioSpec } from "../sandbox/run";

/**
 * Seeds the hidden parameters' ranges are sampled over: enough to reach the ends of a `between`,
 * cheap at start-up. What the checks are comes from the registry, not from the draws.
 */
export const SAMPLES = 60;
/** Items of one list or map walked per draw (its length is always counted). */
const MAX_ITEMS = 40;
const MAX_DISTINCT = 50;
const SHORT = 40;

interface Tally {
  min: number;
  max: number;
  values: Set<string>;
  /** Strings: all short enough to show; numbers: all integers. */
  short: boolean;
}

/**
 * Walks one drawn value. Array items are pooled under `[]`, and the entries of maps keyed by
 * hidden names (pages, files, operations' arguments, any object whose keys change from draw to
 * draw) under `*`: the range is what an instructor needs, not the names drawn. `keys` collects
 * each object's key sets, to find those maps.
 */
function walk(
  value: unknown,
  path: string,
  maps: Set<string>,
  tallies: Map<string, Tally>,
  keys: Map<string, Set<string>>,
) {
  // One tally per path and kind: a pair [name, delay] pools names and delays apart.
  const tally = (p: string, kind: string) => {
    let t = tallies.get(`${p}\0${kind}`);
    if (!t) tallies.set(`${p}\0${kind}`, (t = { min: Infinity, max: -Infinity, values: new Set(), short: true }));
    return t;
  };
  const count = (n: number) => {
    const t = tally(path, "count");
    t.min = Math.min(t.min, n);
    t.max = Math.max(t.max, n);
  };
  if (Array.isArray(value)) {
    count(value.length);
    for (const v of value.slice(0, MAX_ITEMS)) walk(v, `${path}[]`, maps, tallies, keys);
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (maps.has(path)) {
      count(entries.length);
      for (const [, v] of entries.slice(0, MAX_ITEMS)) walk(v, `${path}.*`, maps, tallies, keys);
    } else {
      let sets = keys.get(path);
      if (!sets) keys.set(path, (sets = new Set()));
      if (sets.size < 2) sets.add(entries.map(([k]) => k).join("\0"));
      for (const [k, v] of entries) walk(v, path ? `${path}.${k}` : k, maps, tallies, keys);
    }
  } else {
    const kind =
      typeof value === "number"
        ? "number"
        : typeof value === "string"
          ? "string"
          : typeof value === "boolean"
            ? "boolean"
            : "other";
    const t = tally(path, kind);
    if (typeof value === "number") {
      if (!Number.isInteger(value)) t.short = false;
      t.min = Math.min(t.min, value);
      t.max = Math.max(t.max, value);
      if (t.values.size < MAX_DISTINCT) t.values.add(String(value));
    } else if (typeof value === "string") {
      const length = value.length;
      t.min = Math.min(t.min, length);
      t.max = Math.max(t.max, length);
      if (length > SHORT) t.short = false;
      if (t.values.size < MAX_DISTINCT) t.values.add(length > SHORT ? value.slice(0, 200) : value);
    } else if (t.values.size < MAX_DISTINCT) t.values.add(String(value));
  }
}

function tallyAll(specs: ScenarioSpec[], maps: Set<string>) {
  const tallies = new Map<string, Tally>();
  const keys = new Map<string, Set<string>>();
  const fields = (spec: ScenarioSpec) =>
    Object.entries({ args: spec.args, http: spec.http, files: spec.files, ops: spec.ops, hidden: spec.hidden });
  for (const spec of specs) for (const [name, value] of fields(spec)) if (value) walk(value, name, maps, tallies, keys);
  return { tallies, keys };
}

function parametersOf(specs: ScenarioSpec[]): HiddenParameter[] {
  // Maps are found by their keys changing between draws; a map inside a map shows up once the
  // outer one is pooled, hence the few rounds.
  const maps = new Set(["http", "files"]);
  for (const name of new Set(specs.flatMap((s) => Object.keys(s.ops ?? {})))) maps.add(`ops.${name}`);
  let result = tallyAll(specs, maps);
  for (let round = 0; round < 4; round++) {
    const varying = [...result.keys].filter(([, sets]) => sets.size > 1).map(([path]) => path);
    if (!varying.length) break;
    varying.forEach((p) => maps.add(p));
    result = tallyAll(specs, maps);
  }
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return [...result.tallies].map(([key, t]) => {
    const [path, kind] = key.split("\0");
    const ranged = Number.isFinite(t.min);
    return {
      path,
      kind: (kind === "number" && t.short ? "integer" : kind) as HiddenParameter["kind"],
      min: ranged ? round(t.min) : null,
      max: ranged ? round(t.max) : null,
      distinct: t.values.size,
      examples: kind === "string" && t.short ? [...t.values].slice(0, 4) : [],
    };
  });
}

/** What an exercise holds, for its admin page: read from its folder and checks.ts, no sandbox. */
export async function describeExercise(folder: ExerciseFolder, now = new Date()): Promise<ExerciseDescription> {
  const { meta } = folder;
  const mistakes = new Map(meta.wrongSolutions.map((w) => [w.file, w.mistake]));
  // The check each wrong solution must fail is checks.ts's: none named when it cannot be evaluated.
  const base = (definition: Pick<ExerciseDefinition, "failsWith">) => ({
    exercise: meta.slug,
    title: meta.title,
    points: meta.points,
    describedAt: now.toISOString(),
    samples: SAMPLES,
    solutions: shippedSolutions(folder, definition).map((s) => ({
      file: s.file,
      expect: s.expect,
      failsWith: s.failsWith ?? null,
      mistake: mistakes.get(s.file) ?? null,
    })),
  });
  try {
    const definition = await loadDefinition(folder);
    const draws = Array.from({ length: SAMPLES }, (_, seed) => definition.scenarios(new Rng(seed + 1)));
    const first = draws[0];
    // The checks as the exercise declares them: the gates, then its registry.
    const checks = [...GATES, ...definition.registry].map((c) => ({ id: c.id, weight: c.weight, kind: c.kind }));
    const scenarios = first.map((spec) => ({
      id: spec.id,
      kind: spec.script ? ("script" as const) : spec.entry ? ("driver" as const) : ("call" as const),
      target: spec.script ? null : (spec.entry ?? spec.fn ?? null),
      timeout: spec.timeout,
      requires: spec.requires ?? [],
      coroutines: spec.coroutines ?? [],
      parameters: parametersOf(draws.map((d) => d.find((s) => s.id === spec.id)).filter((s) => s !== undefined)),
    }));
    return { ...base(definition), scenarios, checks, problem: null };
  } catch (error) {
    return {
      ...base({ failsWith: {} }),
      scenarios: [],
      checks: [],
      problem: `checks.ts could not be evaluated: ${(error as Error).message}`,
    };
  }
}
