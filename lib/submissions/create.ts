import { HttpError } from "../auth/session";
import { db, violatesConstraint } from "../db";
import type { SubmissionRefused } from "../contracts/limits";
import type { CreatedSubmission } from "../contracts/submissions";
import type { Prisma, User } from "../generated/prisma/client";
import { attemptAllowance } from "../courses/limits";
import { enqueueGrading } from "../queue/grading-queue";
import type { NewSubmission } from "./input";
import { lockStudent } from "./user-lock";
import { logger } from "../observability/logger";

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

/** The student's submissions waiting and grading, by status. */
async function pendingOf(tx: Prisma.TransactionClient, userId: string) {
  const groups = await tx.submission.groupBy({
    by: ["status"],
    where: { userId, status: { in: ["QUEUED", "RUNNING"] } },
    _count: { _all: true },
  });
  const count = (status: "QUEUED" | "RUNNING") => groups.find((g) => g.status === status)?._count._all ?? 0;
  return { QUEUED: count("QUEUED"), RUNNING: count("RUNNING") };
}

async function lockedAllowance(tx: Prisma.TransactionClient, userId: string, exercise: string) {
  await lockStudent(tx, userId);
  return attemptAllowance(userId, exercise, tx);
}

/**
 * The submit path's queries, for a user id that is never a user's, so that a fresh server's first
 * submission does not wait for Prisma to compile them (lib/startup/warm-up.ts). Nothing is written:
 * the insert is refused by its foreign keys.
 */
export async function rehearseSubmit(): Promise<void> {
  await db().user.findUnique({ where: { id: "" } }); // requireUser's
  await db().$transaction(async (tx) => {
    await lockedAllowance(tx, "", "");
    await pendingOf(tx, "");
  });
  await db()
    .submission.create({ data: { userId: "", exerciseSlug: "", code: "" }, select: { id: true } })
    .then(
      () => Promise.reject(new Error("the rehearsal's insert was not refused")),
      () => undefined,
    );
}

/**
 * Stores the submission, then enqueues its grading. The row comes first: when Redis is away the
 * request still succeeds and the worker's sweeper enqueues the stored submission later, so nothing
 * accepted is ever lost (the job id is the submission id, so a double enqueue is harmless).
 */
export async function createSubmission(user: User, input: NewSubmission): Promise<CreatedSubmission> {
  const submission = await db()
    .$transaction(async (tx) => {
      const allowance = await lockedAllowance(tx, user.id, input.exercise);
      if (allowance.blocked === "max-attempts")
        throw new AttemptRefused("max-attempts", { ...allowance, waitSeconds: null });
      if (allowance.blocked === "cooldown")
        throw new AttemptRefused("cooldown", {
          ...allowance,
          waitSeconds: Math.max(1, Math.ceil((allowance.nextAt!.getTime() - Date.now()) / 1000)),
        });
      const pending = await pendingOf(tx, user.id);
      if (pending.QUEUED >= MAX_QUEUED_PER_STUDENT) throw new TooManySubmissions(pending.QUEUED);
      const created = await tx.submission.create({
        data: { userId: user.id, exerciseSlug: input.exercise, code: input.code },
        select: { id: true },
      });
      return { ...created, alone: pending.QUEUED + pending.RUNNING === 0 };
    })
    .catch((error: unknown) => {
      // The exercise's foreign key answers whether it exists, in the insert (one round trip fewer).
      if (violatesConstraint(error, "Submission_exerciseSlug_fkey"))
        throw new HttpError(404, `Unknown exercise "${input.exercise}".`);
      throw error;
    });
  try {
    // Alone, it is graded at once: the job carries its code, and the worker need not read it first.
    const start = submission.alone ? { exerciseSlug: input.exercise, code: input.code } : undefined;
    await enqueueGrading(submission.id, { start });
  } catch (error) {
    logger("web").warn(
      { submission: submission.id, exercise: input.exercise },
      `submission ${submission.id} stored; enqueue deferred to the sweeper: ${(error as Error).message}`,
    );
  }
  return { id: submission.id, status: "QUEUED" };
}
