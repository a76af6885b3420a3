import { randomUUID } from "node:crypto";
import { HttpError } from "../auth/session";
import type { ExerciseTest } from "../contracts/exercise-tests";
import { isTestFinal, pendingRows } from "../contracts/exercise-tests";
import { exerciseExists } from "../courses/exercises";
import type { User } from "../generated/prisma/client";
import { enqueueExerciseTest } from "../queue/exercise-test-queue";
import { publishExerciseTestChange } from "../queue/status-channel";
import { putTest, readDescription, readTest, updateTest } from "./store";

/** A test still unfinished after this long was lost with its worker: a new one may replace it. */
export const STALE_TEST_MS = 20 * 60_000;

/**
 * Queues a test of every shipped solution of `exercise`, `repeat` times each, and makes it the
 * exercise's latest test. One at a time per exercise: a second press while one runs is a 409.
 */
export async function startExerciseTest(user: User, exercise: string, repeat: number): Promise<ExerciseTest> {
  if (!(await exerciseExists(exercise))) throw new HttpError(404, `Unknown exercise "${exercise}".`);
  const [current, description] = await Promise.all([readTest(exercise), readDescription(exercise)]).catch(() => {
    throw new HttpError(503, "The queue cannot be reached right now: try again in a moment.");
  });
  if (current && !isTestFinal(current.status) && Date.now() - Date.parse(current.createdAt) < STALE_TEST_MS)
    throw new HttpError(409, "A test of this exercise is already running: its rows fill in as it goes.");
  // The rows the worker will fill, known already when a worker has described the exercise.
  const rows = pendingRows(description?.solutions ?? [], repeat);
  const view: ExerciseTest = {
    id: randomUUID(),
    exercise,
    repeat,
    status: "QUEUED",
    requestedBy: user.name,
    createdAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: null,
    message: null,
    rows,
  };
  await putTest(view);
  try {
    await enqueueExerciseTest({ testId: view.id, exercise, repeat });
  } catch (error) {
    await updateTest(exercise, view.id, {
      status: "ERROR",
      finishedAt: new Date().toISOString(),
      message: "The test could not be queued.",
    }).catch(() => undefined);
    throw new HttpError(503, `The test could not be queued (${(error as Error).message}). Try again in a moment.`);
  }
  await publishExerciseTestChange(exercise).catch(() => undefined);
  return view;
}
