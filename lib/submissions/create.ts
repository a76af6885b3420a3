import { HttpError } from "../auth/session";
import { db } from "../db";
import type { SubmissionRefused } from "../contracts/limits";
import type { CreatedSubmission } from "../contracts/submissions";
import type { Prisma, User } from "../generated/prisma/client";
import { attemptAllowance } from "../courses/limits";
import { enqueueGrading } from "../queue/grading-queue";
import type { NewSubmission } from "./input";
import { lockStudent } from "./user-lock";

/** Fair use: a student has at most this many submissions waiting (and one grading, see the worker). */
export const MAX_QUEUED_PER_STUDENT = 3;
/** About one grading: when a waiting slot is likely to free up. */
const RETRY_AFTER_SECONDS = 10;

/** A 429 that says when to try again (null: not by waiting), in its body and its Retry-After header. */
export class RetryLater extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number | null,
    readonly reason: "queue" | "max-attempts" | "cooldown",
  ) {
    super(429, message, retryAfterSeconds === null ? undefined : { "Retry-After": String(retryAfterSeconds) }, {
      retryAfterSeconds,
      reason,
    } satisfies Omit<SubmissionRefused, "error">);
  }
}

export class TooManySubmissions extends RetryLater {
  constructor(queued: number) {
    super(
      `You already have ${queued} submissions waiting to be graded (the limit is ${MAX_QUEUED_PER_STUDENT}). ` +
        `Try again in about ${RETRY_AFTER_SECONDS} seconds, when one of them has started.`,
      RETRY_AFTER_SECONDS,
      "queue",
    );
  }
}

/** The cohort's attempt limit or cooldown refuses this attempt; nothing is stored. */
export class AttemptRefused extends RetryLater {
  constructor(
    reason: "max-attempts" | "cooldown",
    detail: { maxAttempts: number | null; cooldownSeconds: number | null; waitSeconds: number | null },
  ) {
    super(
      reason === "max-attempts"
        ? `You have used all ${detail.maxAttempts} graded attempts your cohort allows at this exercise.`
        : `Your cohort allows one graded attempt every ${formatSeconds(detail.cooldownSeconds ?? 0)} at this exercise.`,
      detail.waitSeconds,
      reason,
    );
  }
}

function formatSeconds(s: number): string {
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

async function lockedAllowance(tx: Prisma.TransactionClient, userId: string, exercise: string) {
  await lockStudent(tx, userId);
  return attemptAllowance(userId, exercise, tx);
}

/**
 * The submit path's reads, for a user id that is never a user's, so that a fresh server's first
 * submission does not wait for Prisma to compile them (lib/startup/warm-up.ts). Nothing is written.
 */
export async function rehearseSubmit(): Promise<void> {
  await db().$transaction(async (tx) => {
    await lockedAllowance(tx, "", "");
    await tx.submission.count({ where: { userId: "", status: "QUEUED" } });
  });
}

/**
 * Stores the submission, then enqueues its grading. The row comes first: when Redis is away the
 * request still succeeds and the worker's sweeper enqueues the stored submission later, so nothing
 * accepted is ever lost (the job id is the submission id, so a double enqueue is harmless).
 */
export async function createSubmission(user: User, input: NewSubmission): Promise<CreatedSubmission> {
  const exercise = await db().exercise.findUnique({ where: { slug: input.exercise }, select: { slug: true } });
  if (!exercise) throw new HttpError(404, `Unknown exercise "${input.exercise}".`);
  const submission = await db().$transaction(async (tx) => {
    const allowance = await lockedAllowance(tx, user.id, exercise.slug);
    if (allowance.blocked === "max-attempts")
      throw new AttemptRefused("max-attempts", { ...allowance, waitSeconds: null });
    if (allowance.blocked === "cooldown")
      throw new AttemptRefused("cooldown", {
        ...allowance,
        waitSeconds: Math.max(1, Math.ceil((allowance.nextAt!.getTime() - Date.now()) / 1000)),
      });
    const queued = await tx.submission.count({ where: { userId: user.id, status: "QUEUED" } });
    if (queued >= MAX_QUEUED_PER_STUDENT) throw new TooManySubmissions(queued);
    return tx.submission.create({
      data: { userId: user.id, exerciseSlug: exercise.slug, code: input.code },
      select: { id: true },
    });
  });
  try {
    await enqueueGrading(submission.id);
  } catch (error) {
    console.warn(`submission ${submission.id} stored; enqueue deferred to the sweeper: ${(error as Error).message}`);
  }
  return { id: submission.id, status: "QUEUED" };
}
