import { runViewSchema, type RunView } from "../contracts/runs";
import { sharedEnv } from "../env/shared";
import { latestStore } from "../redis/latest";

/**
 * A student's latest run of an exercise lives in Redis only, one key per student and exercise:
 * the next run replaces it, and it expires on its own an hour after it was last written. A run
 * is never a submission: no database row, no grade, nothing an instructor sees.
 */
export const RUN_TTL_SECONDS = 3600;

const keyOf = (userId: string, exercise: string) =>
  `asyncio-course:${sharedEnv().QUEUE_NAME}:run:${userId}:${exercise}`;

const runs = latestStore(runViewSchema, RUN_TTL_SECONDS);

export function readRun(userId: string, exercise: string): Promise<RunView | null> {
  return runs.read(keyOf(userId, exercise));
}

/** Stores a new run, replacing the student's previous run of the exercise. */
export function putRun(userId: string, view: RunView): Promise<void> {
  return runs.put(keyOf(userId, view.exercise), view);
}

/** Applies `patch` to run `runId` if it is still the student's latest run; returns the new view, or null. */
export function updateRun(
  userId: string,
  exercise: string,
  runId: string,
  patch: Partial<Omit<RunView, "id" | "exercise">>,
): Promise<RunView | null> {
  return runs.update(keyOf(userId, exercise), runId, patch);
}
