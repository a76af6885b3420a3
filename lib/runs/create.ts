import { randomUUID } from "node:crypto";
import { HttpError } from "../auth/session";
import type { RunView } from "../contracts/runs";
import { db } from "../db";
import type { User } from "../generated/prisma/client";
import { enqueueRun } from "../queue/run-queue";
import { publishRunChange } from "../queue/status-channel";
import { consume, rateLimiter } from "../redis/rate-limit";
import type { NewSubmission } from "../submissions/input";
import { putRun, updateRun } from "./store";
import { logger } from "../observability/logger";

/** Fair use of the sandbox for runs: this many per student per minute, counted in Redis. */
export const RUNS_PER_MINUTE = 10;

export class TooManyRuns extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      `You have run your code ${RUNS_PER_MINUTE} times in the last minute, the most a minute allows. ` +
        `You can run it again in ${retryAfterSeconds} s (submitting is not affected).`,
      { "Retry-After": String(retryAfterSeconds) },
      { retryAfterSeconds },
    );
  }
}

/** Counts one run of `userId`; throws TooManyRuns past the limit. */
async function countRun(userId: string): Promise<void> {
  const wait = await consume(await rateLimiter("run", RUNS_PER_MINUTE, 60), userId);
  if (wait !== null) throw new TooManyRuns(wait);
}

/**
 * Queues a run of the student's code (as a script, no grade) and makes it their latest run of the
 * exercise, replacing the previous one (a run still waiting for it is then skipped by the worker).
 */
export async function startRun(user: User, input: NewSubmission): Promise<RunView> {
  const exercise = await db().exercise.findUnique({ where: { slug: input.exercise }, select: { slug: true } });
  if (!exercise) throw new HttpError(404, `Unknown exercise "${input.exercise}".`);
  await countRun(user.id);
  const view: RunView = {
    id: randomUUID(),
    exercise: exercise.slug,
    status: "QUEUED",
    createdAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: null,
    live: null,
    result: null,
  };
  try {
    await putRun(user.id, view);
    await enqueueRun({ runId: view.id, userId: user.id, exercise: exercise.slug, code: input.code });
  } catch (error) {
    logger("web").warn(
      { run: view.id, exercise: exercise.slug },
      `run ${view.id} not queued: ${(error as Error).message}`,
    );
    await updateRun(user.id, exercise.slug, view.id, { status: "ERROR", finishedAt: new Date().toISOString() }).catch(
      () => null,
    );
    throw new HttpError(
      503,
      "Runs are unavailable for a moment (the queue cannot be reached). Try again shortly; submitting still works.",
    );
  }
  await publishRunChange(user.id, exercise.slug);
  return view;
}
