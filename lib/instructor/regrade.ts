import { z } from "zod";
import { HttpError } from "../auth/session";
import type { RegradeProgress, RegradeStarted } from "../contracts/instructor";
import { isFinal, type Status } from "../contracts/submissions";
import { slugSchema } from "../contracts/slug";
import { db } from "../db";
import { withTimeout } from "../queue/connection";
import { gradingQueue, type GradingJob } from "../queue/grading-queue";

/**
 * Regrading an exercise for a cohort after its checks changed: the latest submission of each
 * student is graded again by the workers and the new grading is stored beside the old one
 * (GradingResult.regrade = true). Progress needs no stored batch: a request is named by the moment
 * it was made, and the database answers how many of that moment's latest submissions have been
 * graded since.
 */
export const REGRADE_JOB = "regrade";

export interface RegradeJob extends GradingJob {
  /** ISO time of the request: a grading stored after it satisfies the job. */
  since: string;
}

/** Live submissions go first: jobs with a priority wait behind every job without one. */
const REGRADE_PRIORITY = 10;
const JOB_OPTIONS = {
  attempts: 4,
  backoff: { type: "exponential", delay: 2000 },
  priority: REGRADE_PRIORITY,
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export const regradeRequestSchema = z.object({ exerciseSlug: slugSchema() });
export const regradeProgressSchema = regradeRequestSchema.extend({ since: z.coerce.date() });

interface Latest {
  id: string;
  status: Status;
}

/** Each enrolled student's latest submission of the exercise made before `since`. */
function latestSubmissions(cohortId: string, exerciseSlug: string, since: Date): Promise<Latest[]> {
  return db().$queryRaw<Latest[]>`
    SELECT DISTINCT ON (s."userId") s.id, s.status::text AS status
    FROM "Submission" s
    JOIN "Enrollment" e ON e."userId" = s."userId" AND e."cohortId" = ${cohortId}
    WHERE s."exerciseSlug" = ${exerciseSlug} AND s."createdAt" < ${since}
    ORDER BY s."userId", s."createdAt" DESC`;
}

export async function requestRegrade(
  cohortId: string,
  exerciseSlug: string,
  queue = gradingQueue(),
): Promise<RegradeStarted> {
  if (!(await db().exercise.count({ where: { slug: exerciseSlug } }))) throw new HttpError(404, "No such exercise.");
  const since = new Date();
  const latest = await latestSubmissions(cohortId, exerciseSlug, since);
  // A submission still waiting for its first grading will be graded with the current checks anyway.
  const finished = latest.filter((s) => isFinal(s.status));
  await enqueueRegrades(
    finished.map((s) => s.id),
    since,
    queue,
  );
  return { since: since.toISOString(), total: latest.length, enqueued: finished.length };
}

/**
 * Queues a regrade of each submission named (one, for a student's report; many, for an exercise),
 * satisfied by a grading stored after `since`. A 503 when the queue cannot take them.
 */
export async function enqueueRegrades(submissionIds: string[], since: Date, queue = gradingQueue()): Promise<void> {
  const stamp = since.getTime();
  try {
    await withTimeout(
      queue.addBulk(
        submissionIds.map((submissionId) => ({
          name: REGRADE_JOB,
          data: { submissionId, since: since.toISOString() } satisfies RegradeJob,
          opts: { ...JOB_OPTIONS, jobId: `regrade-${stamp}-${submissionId}` },
        })),
      ),
      5000,
      "Enqueueing the regrade",
    );
  } catch (error) {
    throw new HttpError(503, `The grading queue cannot take the regrade right now: ${(error as Error).message}`);
  }
}

export async function regradeProgress(cohortId: string, exerciseSlug: string, since: Date): Promise<RegradeProgress> {
  const [row] = await db().$queryRaw<{ total: number; done: number; errors: number }[]>`
    WITH latest AS (
      SELECT DISTINCT ON (s."userId") s.id
      FROM "Submission" s
      JOIN "Enrollment" e ON e."userId" = s."userId" AND e."cohortId" = ${cohortId}
      WHERE s."exerciseSlug" = ${exerciseSlug} AND s."createdAt" < ${since}
      ORDER BY s."userId", s."createdAt" DESC
    ), fresh AS (
      SELECT DISTINCT ON (g."submissionId") g."submissionId", g.verdict
      FROM "GradingResult" g JOIN latest l ON l.id = g."submissionId"
      WHERE g."createdAt" >= ${since}
      ORDER BY g."submissionId", g."createdAt" DESC
    )
    SELECT (SELECT count(*) FROM latest)::int AS total, count(*)::int AS done,
           (count(*) FILTER (WHERE fresh.verdict = 'ERROR'))::int AS errors
    FROM fresh`;
  return { ...row, finished: row.done >= row.total };
}
