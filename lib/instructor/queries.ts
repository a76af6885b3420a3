import { db } from "../db";
import { Prisma } from "../generated/prisma/client";

/**
 * The dashboard's aggregate SQL: each query scans the cohort's submissions once, grouped in the
 * database, so the page's cost grows with the cohort, not with round trips.
 */

/**
 * Runs one report query in its own short transaction with settings for analytics: no JIT (its
 * compile time costs seconds on these plans, more than the query), enough memory to sort in RAM,
 * and no parallel workers (the dashboard already runs its queries side by side).
 */
function analytic<T>(query: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true), set_config('max_parallel_workers_per_gather', '0', true)`;
      return query(tx);
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
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
  /** The best score among attempts made by the student's due date (the deadline, or an extension's; every attempt without one). */
  onTimeScore: number | null;
  maxScore: number | null;
  firstAt: Date;
  lastAt: Date;
  passedAt: Date | null;
}

export function cellRows(cohortId: string): Promise<CellRow[]> {
  // One hash aggregate over the cohort's submissions; attempts-to-pass then counts, per passed
  // cell only, along the (userId, exerciseSlug, createdAt) index.
  // Each student's own due date per exercise: the deadline, or later by the extensions that apply
  // (lib/courses/extensions.ts studentDue is the same rule in TypeScript).
  return analytic(
    (tx) => tx.$queryRaw<CellRow[]>`
    WITH due AS (
      SELECT e."userId", d."exerciseSlug",
        GREATEST(d."dueAt", max(COALESCE(x."dueAt", d."dueAt" + make_interval(mins => x."extraMinutes")))) AS "dueAt"
      FROM "Deadline" d
      JOIN "Enrollment" e ON e."cohortId" = d."cohortId"
      LEFT JOIN "Extension" x ON x."cohortId" = d."cohortId" AND x."userId" = e."userId"
        AND (x."exerciseSlug" = d."exerciseSlug" OR x."exerciseSlug" IS NULL)
      WHERE d."cohortId" = ${cohortId}
      GROUP BY e."userId", d."exerciseSlug", d."dueAt"
    ), agg AS (
      SELECT s."userId", s."exerciseSlug",
        count(*)::int AS attempts,
        (count(*) FILTER (WHERE s.verdict IN ('FAILED', 'ERROR')))::int AS "failedAttempts",
        max(s.score) FILTER (WHERE s.status = 'GRADED') AS "bestScore",
        max(s.score) FILTER (WHERE s.status = 'GRADED' AND (d."dueAt" IS NULL OR s."createdAt" <= d."dueAt")) AS "onTimeScore",
        max(s."maxScore") AS "maxScore",
        min(s."createdAt") AS "firstAt",
        max(s."createdAt") AS "lastAt",
        min(s."createdAt") FILTER (WHERE s.verdict = 'PASSED') AS "passedAt"
      FROM "Submission" s
      JOIN "Enrollment" e ON e."userId" = s."userId" AND e."cohortId" = ${cohortId}
      LEFT JOIN due d ON d."userId" = s."userId" AND d."exerciseSlug" = s."exerciseSlug"
      GROUP BY s."userId", s."exerciseSlug"
    )
    SELECT agg.*,
      CASE WHEN agg."passedAt" IS NULL THEN NULL ELSE (
        SELECT count(*)::int FROM "Submission" x
        WHERE x."userId" = agg."userId" AND x."exerciseSlug" = agg."exerciseSlug" AND x."createdAt" <= agg."passedAt"
      ) END AS "attemptsToPass"
    FROM agg`,
  );
}

export interface DayRow {
  day: string;
  submissions: number;
}

/** Submissions per UTC day by the cohort's students. */
export function activityRows(cohortId: string): Promise<DayRow[]> {
  return analytic(
    (tx) => tx.$queryRaw<DayRow[]>`
    SELECT to_char(date_trunc('day', s."createdAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*)::int AS submissions
    FROM "Submission" s
    JOIN "Enrollment" e ON e."userId" = s."userId" AND e."cohortId" = ${cohortId}
    GROUP BY 1 ORDER BY 1`,
  );
}

export interface FailedCheckRow {
  exerciseSlug: string;
  checkId: string;
  /** Students whose first or latest failed attempt failed this check. */
  students: number;
  /** One of those attempts, to quote the check's message from (see checkMessages). */
  example: string;
}

/**
 * Which checks the cohort's students fail. Per student and exercise it reads two reports, the
 * first failed attempt (the misconception they came with) and the latest (what holds them up),
 * each judged by its newest grading, so a regrade counts. Reading every failed report instead
 * costs about 9 µs of database CPU each (350 ms for 40 000): see the report's schema note.
 */
export function failedCheckRows(cohortId: string): Promise<FailedCheckRow[]> {
  return analytic(
    (tx) => tx.$queryRaw<FailedCheckRow[]>`
    WITH ends AS (
      SELECT s."userId", s."exerciseSlug", min(s."createdAt") AS first, max(s."createdAt") AS last
      FROM "Submission" s
      JOIN "Enrollment" e ON e."userId" = s."userId" AND e."cohortId" = ${cohortId}
      WHERE s.verdict = 'FAILED'
      GROUP BY 1, 2
    ), picked AS (
      SELECT s.id, s."userId", s."exerciseSlug"
      FROM ends
      JOIN "Submission" s ON s."userId" = ends."userId" AND s."exerciseSlug" = ends."exerciseSlug" AND s."createdAt" IN (ends.first, ends.last)
      WHERE s.verdict = 'FAILED'
    )
    SELECT p."exerciseSlug", c ->> 'id' AS "checkId", count(DISTINCT p."userId")::int AS students, max(p.id) AS example
    FROM picked p
    CROSS JOIN LATERAL (
      SELECT g.report -> 'checks' AS checks FROM "GradingResult" g WHERE g."submissionId" = p.id ORDER BY g."createdAt" DESC LIMIT 1
    ) latest
    CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(latest.checks) = 'array' THEN latest.checks ELSE '[]'::jsonb END) c
    WHERE c ->> 'passed' = 'false'
    GROUP BY 1, 2`,
  );
}

/** The message each listed check showed in its example attempt: the mistake in the student's own terms. */
export async function checkMessages(examples: { example: string; checkId: string }[]): Promise<Map<string, string>> {
  const ids = [...new Set(examples.map((e) => e.example))];
  if (!ids.length) return new Map();
  const rows = await db().$queryRaw<{ submissionId: string; checks: unknown }[]>`
    SELECT DISTINCT ON (g."submissionId") g."submissionId", g.report -> 'checks' AS checks
    FROM "GradingResult" g
    WHERE g."submissionId" IN (${Prisma.join(ids)})
    ORDER BY g."submissionId", g."createdAt" DESC`;
  const checks = new Map(
    rows.map((r) => [
      r.submissionId,
      Array.isArray(r.checks) ? (r.checks as { id?: unknown; message?: unknown }[]) : [],
    ]),
  );
  const out = new Map<string, string>();
  for (const { example, checkId } of examples) {
    const message = checks.get(example)?.find((c) => c.id === checkId)?.message;
    out.set(`${example}\u0000${checkId}`, typeof message === "string" ? message : "");
  }
  return out;
}
