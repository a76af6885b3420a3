import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

/**
 * The dashboard's aggregate SQL: each query scans the cohort's submissions once, grouped in the
 * database, so the page's cost grows with the cohort, not with round trips.
 */

/**
 * Runs one report query in its own short transaction with settings for analytics: no JIT (its
 * compile time costs seconds on these plans, more than the query) and enough memory to sort in RAM.
 */
function analytic<T>(query: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)`;
    return query(tx);
  }, { maxWait: 10_000, timeout: 60_000 });
}

/** One student × exercise: what the progress matrix, the exercise stats and stuck detection fold. */
export interface CellRow {
  userId: string;
  exerciseSlug: string;
  attempts: number;
  failedAttempts: number;
  /** Attempts up to and including the first pass (null until passed). */
  attemptsToPass: number | null;
  bestScore: number | null;
  /** The best score among attempts made by the cohort's deadline (every attempt without one). */
  onTimeScore: number | null;
  maxScore: number | null;
  firstAt: Date;
  lastAt: Date;
  passedAt: Date | null;
}

export function cellRows(cohortId: string): Promise<CellRow[]> {
  return analytic((tx) => tx.$queryRaw<CellRow[]>`
    WITH subs AS (
      SELECT s."userId", s."exerciseSlug", s."createdAt", s.status, s.verdict, s.score, s."maxScore",
             min(s."createdAt") FILTER (WHERE s.verdict = 'PASSED') OVER (PARTITION BY s."userId", s."exerciseSlug") AS "passedAt"
      FROM "Submission" s
      JOIN "Enrollment" e ON e."userId" = s."userId" AND e."cohortId" = ${cohortId}
    )
    SELECT sub."userId", sub."exerciseSlug",
      count(*)::int AS attempts,
      (count(*) FILTER (WHERE sub.verdict IN ('FAILED', 'ERROR')))::int AS "failedAttempts",
      CASE WHEN min(sub."passedAt") IS NULL THEN NULL
           ELSE (count(*) FILTER (WHERE sub."createdAt" <= sub."passedAt"))::int END AS "attemptsToPass",
      max(sub.score) FILTER (WHERE sub.status = 'GRADED') AS "bestScore",
      max(sub.score) FILTER (WHERE sub.status = 'GRADED' AND (d."dueAt" IS NULL OR sub."createdAt" <= d."dueAt")) AS "onTimeScore",
      max(sub."maxScore") AS "maxScore",
      min(sub."createdAt") AS "firstAt",
      max(sub."createdAt") AS "lastAt",
      min(sub."passedAt") AS "passedAt"
    FROM subs sub
    LEFT JOIN "Deadline" d ON d."cohortId" = ${cohortId} AND d."exerciseSlug" = sub."exerciseSlug"
    GROUP BY sub."userId", sub."exerciseSlug"`);
}

export interface DayRow {
  day: string;
  submissions: number;
}

/** Submissions per UTC day by the cohort's students. */
export function activityRows(cohortId: string): Promise<DayRow[]> {
  return analytic((tx) => tx.$queryRaw<DayRow[]>`
    SELECT to_char(date_trunc('day', s."createdAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*)::int AS submissions
    FROM "Submission" s
    JOIN "Enrollment" e ON e."userId" = s."userId" AND e."cohortId" = ${cohortId}
    GROUP BY 1 ORDER BY 1`);
}

export interface FailedCheckRow {
  exerciseSlug: string;
  checkId: string;
  /** Students who failed this check in at least one attempt. */
  students: number;
  /** The message most often shown for it: what the mistake looks like in the students' own terms. */
  message: string;
}

/**
 * Which checks the cohort's failed attempts failed, judged by each attempt's latest grading (a
 * regrade replaces the original's verdict here, while both rows stay stored).
 */
export function failedCheckRows(cohortId: string): Promise<FailedCheckRow[]> {
  return analytic((tx) => tx.$queryRaw<FailedCheckRow[]>`
    WITH per_student AS (
      SELECT s."exerciseSlug", s."userId", c ->> 'id' AS "checkId", min(c ->> 'message') AS message
      FROM "Submission" s
      JOIN "Enrollment" e ON e."userId" = s."userId" AND e."cohortId" = ${cohortId}
      CROSS JOIN LATERAL (
        SELECT g.report FROM "GradingResult" g WHERE g."submissionId" = s.id ORDER BY g."createdAt" DESC LIMIT 1
      ) latest
      CROSS JOIN LATERAL jsonb_path_query(latest.report, '$.checks[*] ? (@.passed == false)') c
      WHERE s.verdict = 'FAILED'
      GROUP BY 1, 2, 3
    )
    SELECT "exerciseSlug", "checkId", count(*)::int AS students, mode() WITHIN GROUP (ORDER BY message) AS message
    FROM per_student
    GROUP BY 1, 2`);
}
