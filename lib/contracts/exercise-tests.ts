import { z } from "zod";
import { evidenceKindSchema } from "./report";

/**
 * Issue 17's exercise test, as the browser reads it: what the worker says an exercise holds (its
 * scenarios with the ranges their hidden arguments are drawn from, its checks, its shipped
 * solutions), and a test that grades every shipped solution through the real sandbox N times.
 * Both live in Redis (no database row): see lib/exercise-tests/store.ts.
 */
export const TEST_REPEATS = [1, 5] as const;

export const hiddenParameterSchema = z.object({
  /** Where in the scenario it sits: `args.people[][1]`, `http.*.delay` (a `*` is a hidden name). */
  path: z.string(),
  kind: z.enum(["number", "integer", "string", "boolean", "count", "other"]),
  /** Numbers: the smallest and largest drawn; strings: their length; counts: how many entries. */
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** How many distinct values the samples drew (capped), and a few of them (short ones only). */
  distinct: z.number(),
  examples: z.array(z.string()),
});
export type HiddenParameter = z.infer<typeof hiddenParameterSchema>;

export const exerciseDescriptionSchema = z.object({
  exercise: z.string(),
  title: z.string(),
  points: z.number(),
  describedAt: z.string(),
  /** How many seeds the ranges were sampled over. */
  samples: z.number(),
  scenarios: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["call", "driver", "script"]),
      target: z.string().nullable(),
      timeout: z.number(),
      requires: z.array(z.string()),
      coroutines: z.array(z.string()),
      parameters: z.array(hiddenParameterSchema),
    }),
  ),
  checks: z.array(z.object({ id: z.string(), weight: z.number(), kind: evidenceKindSchema.nullable() })),
  solutions: z.array(
    z.object({
      file: z.string(),
      expect: z.enum(["passed", "failed"]),
      failsWith: z.string().nullable(),
      mistake: z.string().nullable(),
    }),
  ),
  /** Set when the worker could not evaluate checks.ts: the rest is what it could read. */
  problem: z.string().nullable(),
});
export type ExerciseDescription = z.infer<typeof exerciseDescriptionSchema>;

export const testStatusSchema = z.enum(["QUEUED", "RUNNING", "DONE", "ERROR"]);
export type TestStatus = z.infer<typeof testStatusSchema>;
export const isTestFinal = (status: TestStatus) => status === "DONE" || status === "ERROR";

export const testRowSchema = z.object({
  file: z.string(),
  /** 1..repeat: the same solution graded again, each time with fresh hidden arguments. */
  round: z.number().int().positive(),
  expect: z.enum(["passed", "failed"]),
  failsWith: z.string().nullable(),
  status: z.enum(["pending", "running", "done"]),
  verdict: z.string().nullable(),
  failed: z.array(z.string()),
  elapsedMs: z.number().nullable(),
  /** The verdict and failing check were the ones owed. */
  ok: z.boolean().nullable(),
  problem: z.string().nullable(),
});
export type TestRow = z.infer<typeof testRowSchema>;

/** A test's rows before any grading: each shipped solution `repeat` times, round after round. */
export function pendingRows(
  solutions: { file: string; expect: TestRow["expect"]; failsWith?: string | null }[],
  repeat: number,
): TestRow[] {
  return Array.from({ length: repeat }, (_, i) =>
    solutions.map((s) => ({
      file: s.file,
      round: i + 1,
      expect: s.expect,
      failsWith: s.failsWith ?? null,
      status: "pending" as const,
      verdict: null,
      failed: [],
      elapsedMs: null,
      ok: null,
      problem: null,
    })),
  ).flat();
}

export const exerciseTestSchema = z.object({
  id: z.string(),
  exercise: z.string(),
  repeat: z.number().int().positive(),
  status: testStatusSchema,
  requestedBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  message: z.string().nullable(),
  rows: z.array(testRowSchema),
});
export type ExerciseTest = z.infer<typeof exerciseTestSchema>;

export const latestTestSchema = z.object({ test: exerciseTestSchema.nullable() });

export const testRequestSchema = z.object({
  repeat: z.union([z.literal(1), z.literal(5)], { message: '"repeat" must be 1 or 5.' }),
});
