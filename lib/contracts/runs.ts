import { z } from "zod";
import { timelineEntrySchema } from "./report";

/**
 * The runs API's responses (the contract): a run executes the student's current code as a script
 * in the sandbox, with no grade. No server imports here: client components read it.
 */
export const runStatusSchema = z.enum(["QUEUED", "RUNNING", "DONE", "ERROR"]);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const isRunFinal = (status: RunStatus) => status === "DONE" || status === "ERROR";

/** One printed line with its time since the run's start, by the sandbox supervisor's clock (seconds). */
export const runLineSchema = z.object({ t: z.number(), text: z.string(), partial: z.boolean().optional() });
export type RunLine = z.infer<typeof runLineSchema>;

/** A frame of the student's own file in an exception's traceback. */
export const runFrameSchema = z.object({ line: z.number().nullable(), fn: z.string(), code: z.string().nullable() });

/**
 * What a finished run showed: `finished` (it ended by itself), `exception` (it raised), `limit` (a
 * sandbox limit stopped it) or `error` (the sandbox could not run it). `message` says why, in the
 * student's terms, for all but `finished`.
 */
export const runResultSchema = z.object({
  outcome: z.enum(["finished", "exception", "limit", "error"]),
  message: z.string().nullable(),
  lines: z.array(runLineSchema),
  /** Lines left out past the display cap. */
  moreLines: z.number(),
  stderr: z.string(),
  exception: z.object({ type: z.string(), message: z.string(), trace: z.array(runFrameSchema) }).nullable(),
  timeline: z.array(timelineEntrySchema),
  /** Seconds from the supervisor starting the script to its end, by the supervisor's clock. */
  elapsed: z.number().nullable(),
});
export type RunResult = z.infer<typeof runResultSchema>;

/**
 * A run's output while it is RUNNING: the lines printed so far, each as PID 1 read it (the result's
 * lines, as far as they go). The result replaces it once the run is finished.
 */
export const runLiveSchema = runResultSchema.pick({ lines: true });
export type RunLive = z.infer<typeof runLiveSchema>;

/** The caller's latest run of one exercise (kept until the next run): GET /api/runs, SSE `run` events. */
export const runViewSchema = z.object({
  id: z.string(),
  exercise: z.string(),
  status: runStatusSchema,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Null but while RUNNING (absent in a run stored before there were live lines). */
  live: runLiveSchema.nullable().default(null),
  result: runResultSchema.nullable(),
});
export type RunView = z.infer<typeof runViewSchema>;

/** POST /api/runs: 202 with the queued run. GET /api/runs?exercise=: the latest run or null. */
export const createdRunSchema = runViewSchema;
export const latestRunSchema = z.object({ run: runViewSchema.nullable() });
