import { HttpError } from "../auth/session";
import { db } from "../db";
import type { CreatedSubmission } from "../contracts/submissions";
import type { User } from "../generated/prisma/client";
import { enqueueGrading } from "../queue/grading-queue";
import type { NewSubmission } from "./input";
import { lockStudent } from "./user-lock";

/** Fair use: a student has at most this many submissions waiting (and one grading, see the worker). */
export const MAX_QUEUED_PER_STUDENT = 3;
/** About one grading: when a waiting slot is likely to free up. */
const RETRY_AFTER_SECONDS = 10;

export class TooManySubmissions extends HttpError {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  constructor(queued: number) {
    super(
      429,
      `You already have ${queued} submissions waiting to be graded (the limit is ${MAX_QUEUED_PER_STUDENT}). ` +
        `Try again in about ${RETRY_AFTER_SECONDS} seconds, when one of them has started.`,
    );
  }
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
    await lockStudent(tx, user.id);
    const queued = await tx.submission.count({ where: { userId: user.id, status: "QUEUED" } });
    if (queued >= MAX_QUEUED_PER_STUDENT) throw new TooManySubmissions(queued);
    return tx.submission.create({ data: { userId: user.id, exerciseSlug: exercise.slug, code: input.code }, select: { id: true } });
  });
  try {
    await enqueueGrading(submission.id);
  } catch (error) {
    console.warn(`submission ${submission.id} stored; enqueue deferred to the sweeper: ${(error as Error).message}`);
  }
  return { id: submission.id, status: "QUEUED" };
}
