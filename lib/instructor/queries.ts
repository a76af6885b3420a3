import { z } from "zod";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";

/**
 * The dashboard's aggregate SQL: the matrix and the failed checks read the per-student summaries
 * (ExerciseProgress, CheckFailure) that triggers keep with every write, so the page's cost grows
 * with the cohort's students × exercises, not with their submissions or round trips.
 */

/**
 * Runs one report query in its own short transaction with settings for analytics: no JIT (its
 * compile time costs seconds on these plans, more than the query), enough memory to sort in RAM,
 * and no parallel workers (the dashboard already runs its queries side by side).
 */
function analytic<T>(query: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true),
        set_config('max_parallel_workers_per_gather', '0', true)`;
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
  /**
   * The best score among attempts made by the student's due date (the deadline, or an extension's;
   * every attempt without one).
   */
  onTimeScore: number | null;
  maxScore: number | null;
  firstAt: Date;
  lastAt: Date;
  passedAt: Date | null;
}

/** The cells as the query sends them: one array per column, times in epoch milliseconds. */
interface CellColumns {
  userId: string[];
  exerciseSlug: string[];
  attempts: number[];
  failedAttempts: number[];
  attemptsToPass: (number | null)[];
  bestScore: (number | null)[];
  onTimeScore: (number | null)[];
  maxScore: (number | null)[];
  firstAt: number[];
  lastAt: number[];
  passedAt: (number | null)[];
}
const CELL_COLUMNS = [
  "userId",
  "exerciseSlug",
  "attempts",
  "failedAttempts",
  "attemptsToPass",
  "bestScore",
  "onTimeScore",
  "maxScore",
  "firstAt",
  "lastAt",
  "passedAt",
] as const satisfies readonly (keyof CellColumns)[];

/**
 * The cells as one JSON value of one array per column (see CellColumns), from ExerciseProgress
 * (kept by triggers with every write to Submission, see its migration): one row per student ×
 * exercise instead of every submission. Each student's own due date per exercise: the deadline,
 * or later by the extensions that apply (lib/courses/extensions.ts studentDue is the same rule in
 * TypeScript; GREATEST skips NULLs). The on-time score is the best score when that was first
 * reached by the due date (or there is none); otherwise, for the few cells whose best came late,
 * the best of the attempts made by then. Columns rather than rows: for 7 500 cells Prisma's
 * per-row decoding and PostgreSQL's timestamp output cost several times the query itself, and an
 * array per cell cost the web process as much again (bench/dashboard.ts).
 */
function cellsJson(cohortId: string): Prisma.Sql {
  return Prisma.sql`(
    WITH deadline AS (
      SELECT "exerciseSlug", "dueAt" FROM "Deadline" WHERE "cohortId" = ${cohortId}
    ), extended AS (
      SELECT x."userId", d."exerciseSlug",
        max(COALESCE(x."dueAt", d."dueAt" + make_interval(mins => x."extraMinutes"))) AS "dueAt"
      FROM "Extension" x
      JOIN deadline d ON x."exerciseSlug" = d."exerciseSlug" OR x."exerciseSlug" IS NULL
      WHERE x."cohortId" = ${cohortId}
      GROUP BY 1, 2
    ), cell AS (
      SELECT p.*, GREATEST(d."dueAt", x."dueAt") AS due
      FROM "ExerciseProgress" p
      JOIN "Enrollment" e ON e."userId" = p."userId" AND e."cohortId" = ${cohortId}
      LEFT JOIN deadline d ON d."exerciseSlug" = p."exerciseSlug"
      LEFT JOIN extended x ON x."userId" = p."userId" AND x."exerciseSlug" = p."exerciseSlug"
    )
    SELECT json_build_object(
      'userId', COALESCE(json_agg(c."userId"), '[]'),
      'exerciseSlug', COALESCE(json_agg(c."exerciseSlug"), '[]'),
      'attempts', COALESCE(json_agg(c.attempts), '[]'),
      'failedAttempts', COALESCE(json_agg(c."failedAttempts"), '[]'),
      'attemptsToPass', COALESCE(json_agg(c."attemptsToPass"), '[]'),
      'bestScore', COALESCE(json_agg(c."bestScore"), '[]'),
      'onTimeScore', COALESCE(json_agg(CASE WHEN c.due IS NULL OR c."bestAt" <= c.due THEN c."bestScore" ELSE (
        SELECT max(s.score) FROM "Submission" s
        WHERE s."userId" = c."userId" AND s."exerciseSlug" = c."exerciseSlug" AND s."createdAt" <= c.due
          AND s.status = 'GRADED'
      ) END), '[]'),
      'maxScore', COALESCE(json_agg(c."maxScore"), '[]'),
      'firstAt', COALESCE(json_agg(round(date_part('epoch', c."firstAt") * 1000)), '[]'),
      'lastAt', COALESCE(json_agg(round(date_part('epoch', c."lastAt") * 1000)), '[]'),
      'passedAt', COALESCE(json_agg(round(date_part('epoch', c."passedAt") * 1000)), '[]')
    )
    FROM cell c
  )`;
}

/**
 * The columns become CellRows. Not checked value by value with zod (for 7 500 cells that cost more
 * than the query): the query above makes every column, and a column of another length is refused.
 */
function toCellRows(col: CellColumns): CellRow[] {
  const n = Array.isArray(col.userId) ? col.userId.length : -1;
  if (CELL_COLUMNS.some((name) => !Array.isArray(col[name]) || col[name].length !== n))
    throw new Error("The dashboard's cell columns are missing or differ in length");
  const out: CellRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const passedAt = col.passedAt[i];
    out[i] = {
      userId: col.userId[i],
      exerciseSlug: col.exerciseSlug[i],
      attempts: col.attempts[i],
      failedAttempts: col.failedAttempts[i],
      attemptsToPass: col.attemptsToPass[i],
      bestScore: col.bestScore[i],
      onTimeScore: col.onTimeScore[i],
      maxScore: col.maxScore[i],
      firstAt: new Date(col.firstAt[i]),
      lastAt: new Date(col.lastAt[i]),
      passedAt: passedAt === null ? null : new Date(passedAt),
    };
  }
  return out;
}

export async function cellRows(cohortId: string): Promise<CellRow[]> {
  const [{ cells }] = await analytic(
    (tx) => tx.$queryRaw<{ cells: string }[]>`SELECT ${cellsJson(cohortId)}::text AS cells`,
  );
  return toCellRows(JSON.parse(cells) as CellColumns);
}

const dayRowSchema = z.object({ day: z.string(), submissions: z.number().int() });
export type DayRow = z.infer<typeof dayRowSchema>;

/**
 * Submissions per UTC day by the cohort's students (createdAt is stored in UTC), summed from each
 * cell's submissions per day (ExerciseProgress.activityDays / activityCounts).
 */
function activityJson(cohortId: string): Prisma.Sql {
  return Prisma.sql`(
    SELECT COALESCE(json_agg(json_build_object('day', to_char(d.day, 'YYYY-MM-DD'), 'submissions', d.submissions)
      ORDER BY d.day), '[]')
    FROM (
      SELECT a.day, sum(a.n)::int AS submissions
      FROM "ExerciseProgress" p
      JOIN "Enrollment" e ON e."userId" = p."userId" AND e."cohortId" = ${cohortId}
      CROSS JOIN LATERAL unnest(p."activityDays", p."activityCounts") AS a(day, n)
      GROUP BY 1
    ) d
  )`;
}

const failedCheckRowSchema = z.object({
  exerciseSlug: z.string(),
  checkId: z.string(),
  /** Students who failed this check in at least one graded attempt at the exercise. */
  students: z.number().int(),
  /** One grading (GradingResult id) that failed it: the greatest id of those. */
  example: z.string(),
  /** The check's message in that grading: the mistake in the student's own terms ("" if it has none). */
  message: z.string(),
});
export type FailedCheckRow = z.infer<typeof failedCheckRowSchema>;

/**
 * Which checks the cohort's students fail, exactly: a student counts for a check when any of
 * their graded attempts failed it. Any attempt rather than the first or latest one, because a
 * misconception fixed on the third of five attempts is still one the class ran into, and the
 * instructor teaches from how many met it. Each attempt is judged by its current grading, the
 * newest one that is not a grader fault (the one its stored verdict follows), so a regrade that
 * corrects the grader takes the failure away and a regrade the sandbox broke does not. The rows
 * come from CheckFailure, one per student and check (the triggers of its migration keep it from
 * GradingResult.failedChecks with every grading): a student counted once per check, however many
 * attempts failed it.
 */
function failedChecksJson(cohortId: string): Prisma.Sql {
  // The message is the example grading's first check of that id (an exact JSON string match), if
  // its message is a string.
  return Prisma.sql`(
    SELECT COALESCE(json_agg(json_build_object(
      'exerciseSlug', f."exerciseSlug", 'checkId', f."checkId", 'students', f.students, 'example', f.example,
      'message', COALESCE((
        SELECT CASE WHEN jsonb_typeof(c -> 'message') = 'string' THEN c ->> 'message' END
        FROM "GradingResult" g
        CROSS JOIN LATERAL jsonb_array_elements(
          CASE WHEN jsonb_typeof(g.report -> 'checks') = 'array' THEN g.report -> 'checks' ELSE '[]' END
        ) WITH ORDINALITY AS t(c, i)
        WHERE g.id = f.example AND c -> 'id' = to_jsonb(f."checkId")
        ORDER BY t.i LIMIT 1
      ), ''))), '[]')
    FROM (
      SELECT f."exerciseSlug", f."checkId", count(*)::int AS students, max(f.example) AS example
      FROM "CheckFailure" f
      JOIN "Enrollment" e ON e."userId" = f."userId" AND e."cohortId" = ${cohortId}
      GROUP BY 1, 2
    ) f
  )`;
}

const summariesSchema = z.object({
  // Checked by toCellRows (whole columns, not value by value).
  cells: z.custom<CellColumns>((v) => typeof v === "object" && v !== null),
  days: z.array(dayRowSchema),
  failedChecks: z.array(failedCheckRowSchema),
});

/**
 * The dashboard's three summaries (cells, activity, failed checks with their messages) in one
 * statement of one transaction: each round trip to PostgreSQL costs the web process more than
 * these queries do.
 */
export async function dashboardSummaries(
  cohortId: string,
): Promise<{ cells: CellRow[]; days: DayRow[]; failedChecks: FailedCheckRow[] }> {
  const [{ summaries }] = await analytic(
    (tx) => tx.$queryRaw<{ summaries: string }[]>`
    SELECT json_build_object('cells', ${cellsJson(cohortId)}, 'days', ${activityJson(cohortId)},
      'failedChecks', ${failedChecksJson(cohortId)})::text AS summaries`,
  );
  const parsed = summariesSchema.parse(JSON.parse(summaries));
  return { ...parsed, cells: toCellRows(parsed.cells) };
}
