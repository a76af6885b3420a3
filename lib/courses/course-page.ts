import { foldDeadlines, type DeadlineRow, type ExtensionRow } from "../cohorts/deadlines";
import { db } from "../db";
import { unreadFeedbackSlugs } from "../feedback/student";
import type { LatePolicy } from "../generated/prisma/client";
import { epochMs, parsedJson, type AttemptRow } from "./exercise-page";
import { summarize } from "./progress";

/**
 * One student's part of the course page: progress per exercise, own due dates (extensions
 * applied), cohorts, and the exercises with feedback they have not read. The rules are
 * progressFor's, deadlinesFor's, cohortsOf's and unreadFeedbackSlugs' (the last is read only when
 * some staff feedback exists); test/student/exercise-page.test.ts compares them.
 */
export async function coursePageData(userId: string) {
  const own = await studentCourseRows(userId);
  const progress = summarize(
    own.submissions.map((s) => ({
      ...s,
      createdAt: new Date(s.createdAt),
      gradedAt: s.gradedAt === null ? null : new Date(s.gradedAt),
    })),
  );
  const deadlines = foldDeadlines(
    own.deadlines.map((d) => ({ ...d, dueAt: new Date(d.dueAt) })),
    own.extensions.map((x) => ({ ...x, dueAt: x.dueAt === null ? null : new Date(x.dueAt) })),
  );
  const newFeedback = own.hasFeedback ? await unreadFeedbackSlugs(userId) : new Set<string>();
  return { progress, deadlines, cohorts: own.cohorts, newFeedback };
}

interface StudentCourseRows {
  /** Every attempt at every exercise (times in epoch ms). */
  submissions: (AttemptRow & { exerciseSlug: string })[];
  deadlines: (Omit<DeadlineRow, "dueAt"> & { dueAt: number })[];
  extensions: (Omit<ExtensionRow, "dueAt"> & { dueAt: number | null })[];
  /** The student's cohorts by name, as cohortsOf lists them. */
  cohorts: { id: string; name: string; latePolicy: LatePolicy }[];
  hasFeedback: boolean;
}

/** The student's rows for the course page in one statement (it was eight queries side by side). */
async function studentCourseRows(userId: string): Promise<StudentCourseRows> {
  const [row] = await db().$queryRaw<[{ page: StudentCourseRows | string }]>`
    WITH mine AS (SELECT "cohortId" FROM "Enrollment" WHERE "userId" = ${userId})
    SELECT json_build_object(
      'submissions', COALESCE((
        SELECT json_agg(json_build_object('exerciseSlug', s."exerciseSlug", 'status', s.status,
                 'verdict', s.verdict, 'score', s.score, 'maxScore', s."maxScore",
                 'createdAt', ${epochMs('s."createdAt"')}, 'gradedAt', ${epochMs('s."gradedAt"')}))
        FROM "Submission" s WHERE s."userId" = ${userId}), '[]'),
      'deadlines', COALESCE((
        SELECT json_agg(json_build_object('cohortId', dl."cohortId", 'exerciseSlug', dl."exerciseSlug",
                 'dueAt', ${epochMs('dl."dueAt"')},
                 'cohort', json_build_object('name', c.name, 'latePolicy', c."latePolicy")))
        FROM "Deadline" dl JOIN "Cohort" c ON c.id = dl."cohortId"
        WHERE dl."cohortId" IN (SELECT "cohortId" FROM mine)), '[]'),
      'extensions', COALESCE((
        SELECT json_agg(json_build_object('cohortId', x."cohortId", 'exerciseSlug', x."exerciseSlug",
                 'dueAt', ${epochMs('x."dueAt"')}, 'extraMinutes', x."extraMinutes", 'note', x.note))
        FROM "Extension" x WHERE x."userId" = ${userId}), '[]'),
      'cohorts', COALESCE((
        SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'latePolicy', c."latePolicy")
                        ORDER BY c.name)
        FROM "Cohort" c WHERE c.id IN (SELECT "cohortId" FROM mine)), '[]'),
      'hasFeedback', EXISTS (
        SELECT 1 FROM "Submission" s JOIN "LineComment" lc ON lc."submissionId" = s.id WHERE s."userId" = ${userId}
      ) OR EXISTS (
        SELECT 1 FROM "Submission" s JOIN "AppliedRubricItem" ar ON ar."submissionId" = s.id
        WHERE s."userId" = ${userId})
    ) AS page`;
  return parsedJson(row.page);
}
