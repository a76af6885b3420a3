import { cache } from "react";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { foldDeadlines, type DeadlineRow, type ExtensionRow } from "../cohorts/deadlines";
import { SLUG_PATTERN } from "../contracts/slug";
import type { SubmissionStatus, Verdict } from "../generated/prisma/client";
import { getExercise, listCourse, type CourseEntry } from "./exercises";
import { allowanceOf, strictest, type AttemptRule } from "./limits";
import { NO_PROGRESS, summarize } from "./progress";

/** The newest attempts the page lists. */
const ATTEMPTS_LISTED = 50;

/**
 * Everything one student's page of one exercise shows: the exercise, their draft, attempts,
 * progress, own due date (extensions applied) and attempt allowance, and whether any staff
 * feedback exists (lib/feedback/student.ts is read only then). Only reads: the instructor's "view
 * as student" loads the same thing for someone else and must leave no trace. Once per request
 * (React's cache): the page's metadata asks too.
 */
export const exercisePageData = cache(async (userId: string, slug: string) => {
  if (!SLUG_PATTERN.test(slug)) return null;
  const own = await studentRows(userId, slug);
  if (!own) return null;
  const exercise = await sharedExercise(slug, own.version);
  if (!exercise) return null;
  const submissions = own.submissions.map((s) => ({
    ...s,
    exerciseSlug: slug,
    createdAt: new Date(s.createdAt),
    gradedAt: s.gradedAt === null ? null : new Date(s.gradedAt),
  }));
  const deadlines = foldDeadlines(
    own.deadlines.map((d) => ({ ...d, exerciseSlug: slug, dueAt: new Date(d.dueAt) })),
    own.extensions.map((x) => ({ ...x, dueAt: x.dueAt === null ? null : new Date(x.dueAt) })),
  );
  return {
    exercise,
    draft: own.draft && { code: own.draft.code, updatedAt: new Date(own.draft.updatedAt) },
    attempts: submissions.slice(0, ATTEMPTS_LISTED).map(({ id, status, verdict, score, maxScore, createdAt }) => ({
      id,
      status,
      verdict,
      score,
      maxScore,
      createdAt,
    })),
    progress: summarize(submissions).get(slug) ?? NO_PROGRESS,
    deadline: deadlines.get(slug),
    allowance: allowance(own.cohorts, submissions),
    hasFeedback: own.hasFeedback,
  };
});

export type ExercisePageData = NonNullable<Awaited<ReturnType<typeof exercisePageData>>>;

/** The cohort rules and the student's attempts made into the allowance lib/courses/limits.ts computes. */
function allowance(cohorts: AttemptRule[], submissions: { status: SubmissionStatus; createdAt: Date }[]) {
  const rule = strictest(cohorts);
  if (rule.maxAttempts === null && rule.cooldownSeconds === null) return allowanceOf(rule, 0, null);
  // An attempt the platform failed on (ERROR) is given back, as attemptAllowance counts.
  const counted = submissions.filter((s) => s.status !== "ERROR");
  const lastAt = counted.reduce<Date | null>((a, s) => (a && a >= s.createdAt ? a : s.createdAt), null);
  return allowanceOf(rule, counted.length, lastAt);
}

/** An attempt as the pages' single statements return it (times in epoch ms). */
export interface AttemptRow {
  status: SubmissionStatus;
  verdict: Verdict | null;
  score: number | null;
  maxScore: number | null;
  createdAt: number;
  gradedAt: number | null;
}

interface StudentRows {
  /** The exercise's content hash: what the shared part of the page is kept under. */
  version: string;
  draft: { code: string; updatedAt: number } | null;
  /** Every attempt at the exercise, newest first (times in epoch ms). */
  submissions: (AttemptRow & { id: string })[];
  /** The exercise's deadline in each of the student's cohorts that sets one. */
  deadlines: (Omit<DeadlineRow, "dueAt" | "exerciseSlug"> & { dueAt: number })[];
  extensions: (Omit<ExtensionRow, "dueAt"> & { dueAt: number | null })[];
  /** Each of the student's cohorts' rule for the exercise (its own for it, else the cohort's). */
  cohorts: AttemptRule[];
  hasFeedback: boolean;
}

/**
 * The student's part of the page in one statement, one round trip and one pooled connection: it
 * was nine queries run side by side, so that at a lab's start a few pages held the whole pool.
 * Null when the exercise does not exist. The rules are the ones lib/courses/ and lib/cohorts/
 * apply (attemptsOf, progressFor, deadlinesFor, attemptRule), folded by the same pure functions;
 * test/web/exercise-page-cache.test.ts compares both.
 */
async function studentRows(userId: string, slug: string): Promise<StudentRows | null> {
  const rows = await db().$queryRaw<[{ page: StudentRows | string } | undefined]>`
    WITH mine AS (SELECT "cohortId" FROM "Enrollment" WHERE "userId" = ${userId})
    SELECT json_build_object(
      'version', md5(concat_ws(chr(31), e.title, e.concept, e.section, e."order", e.difficulty, e.minutes,
                               e.points, e.statement, e.starter, e.hints::text)),
      'draft', (SELECT json_build_object('code', d.code, 'updatedAt', ${epochMs('d."updatedAt"')})
                FROM "Draft" d WHERE d."userId" = ${userId} AND d."exerciseSlug" = e.slug),
      'submissions', COALESCE((
        SELECT json_agg(json_build_object('id', s.id, 'status', s.status, 'verdict', s.verdict, 'score', s.score,
                 'maxScore', s."maxScore", 'createdAt', ${epochMs('s."createdAt"')},
                 'gradedAt', ${epochMs('s."gradedAt"')}) ORDER BY s."createdAt" DESC)
        FROM "Submission" s WHERE s."userId" = ${userId} AND s."exerciseSlug" = e.slug), '[]'),
      'deadlines', COALESCE((
        SELECT json_agg(json_build_object('cohortId', dl."cohortId", 'dueAt', ${epochMs('dl."dueAt"')},
                 'cohort', json_build_object('name', c.name, 'latePolicy', c."latePolicy")))
        FROM "Deadline" dl JOIN "Cohort" c ON c.id = dl."cohortId"
        WHERE dl."exerciseSlug" = e.slug AND dl."cohortId" IN (SELECT "cohortId" FROM mine)), '[]'),
      'extensions', COALESCE((
        SELECT json_agg(json_build_object('cohortId', x."cohortId", 'exerciseSlug', x."exerciseSlug",
                 'dueAt', ${epochMs('x."dueAt"')}, 'extraMinutes', x."extraMinutes", 'note', x.note))
        FROM "Extension" x WHERE x."userId" = ${userId}), '[]'),
      'cohorts', COALESCE((
        SELECT json_agg(json_build_object(
                 'maxAttempts', CASE WHEN al."cohortId" IS NULL THEN c."maxAttempts" ELSE al."maxAttempts" END,
                 'cooldownSeconds', CASE WHEN al."cohortId" IS NULL THEN c."cooldownSeconds"
                                         ELSE al."cooldownSeconds" END))
        FROM "Cohort" c
        LEFT JOIN "AttemptLimit" al ON al."cohortId" = c.id AND al."exerciseSlug" = e.slug
        WHERE c.id IN (SELECT "cohortId" FROM mine)), '[]'),
      'hasFeedback', EXISTS (
        SELECT 1 FROM "Submission" s JOIN "LineComment" lc ON lc."submissionId" = s.id
        WHERE s."userId" = ${userId} AND s."exerciseSlug" = e.slug
      ) OR EXISTS (
        SELECT 1 FROM "Submission" s JOIN "AppliedRubricItem" ar ON ar."submissionId" = s.id
        WHERE s."userId" = ${userId} AND s."exerciseSlug" = e.slug)
    ) AS page
    FROM "Exercise" e WHERE e.slug = ${slug}`;
  const page = rows[0]?.page;
  return page === undefined ? null : parsedJson(page);
}

/** A json column of a raw query: parsed by the driver adapter, or (another adapter) its text. */
export function parsedJson<T>(value: T | string): T {
  return typeof value === "string" ? (JSON.parse(value) as T) : value;
}

/** A timestamp column as epoch milliseconds in JSON (Prisma stores UTC without a time zone). */
export function epochMs(column: string) {
  return Prisma.raw(`(floor(extract(epoch FROM ${column}) * 1000))::bigint`);
}

/**
 * What every student's page shows alike — an exercise's row (statement, starter, hints, metadata)
 * — read once per process and kept under the exercise's content hash, which the student's own read
 * returns: at a lab's start, 300 students opening the same exercise cost one read of it instead of
 * 300, and an exercise re-synced from exercises/ (prisma/seed.ts) is shown anew on the next request.
 */
const globalForShared = globalThis as unknown as {
  sharedExercises?: Map<string, { version: string; value: ReturnType<typeof getExercise> }>;
  sharedCourse?: { at: number; value: Promise<CourseEntry[]> };
};

export function sharedExercise(slug: string, version: string): ReturnType<typeof getExercise> {
  // One entry per existing slug: only a slug whose row exists has a version.
  const entries = (globalForShared.sharedExercises ??= new Map());
  const hit = entries.get(slug);
  if (hit?.version === version) return hit.value;
  const value = getExercise(slug);
  entries.set(slug, { version, value });
  // A failed read (the database away) is not kept: the next request asks again.
  value.catch(() => entries.get(slug)?.value === value && entries.delete(slug));
  return value;
}

/**
 * The course outline (titles, order, metadata; no statement), shared by every request for
 * COURSE_TTL_MS: the course page's one part that is the same for everyone. It changes only when a
 * deployment syncs exercises/; the short life bounds how long a re-sync goes unseen there.
 */
const COURSE_TTL_MS = 15_000;

export function sharedCourse(): Promise<CourseEntry[]> {
  const hit = globalForShared.sharedCourse;
  if (hit && Date.now() - hit.at < COURSE_TTL_MS) return hit.value;
  const value = listCourse();
  globalForShared.sharedCourse = { at: Date.now(), value };
  value.catch(() => globalForShared.sharedCourse?.value === value && delete globalForShared.sharedCourse);
  return value;
}
