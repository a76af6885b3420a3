import { db } from "../db";

export interface Compared {
  id: string;
  userId: string;
  code: string;
}

/**
 * What a run compares: each enrolled student's latest graded submission of the exercise (one per
 * student, so a student's own attempts never match each other). Queued or errored ones are left out.
 */
export function latestGraded(cohortId: string, exerciseSlug: string): Promise<Compared[]> {
  return db().$queryRaw<Compared[]>`
    SELECT DISTINCT ON (s."userId") s.id, s."userId", s.code
    FROM "Submission" s
    JOIN "Enrollment" e ON e."userId" = s."userId" AND e."cohortId" = ${cohortId}
    WHERE s."exerciseSlug" = ${exerciseSlug} AND s.status = 'GRADED'
    ORDER BY s."userId", s."createdAt" DESC`;
}

/** Per exercise, how many students of the cohort have a graded submission (what a run would compare). */
export async function submittersByExercise(cohortId: string): Promise<Map<string, number>> {
  const rows = await db().$queryRaw<{ slug: string; n: number }[]>`
    SELECT s."exerciseSlug" AS slug, count(DISTINCT s."userId")::int AS n
    FROM "Submission" s
    JOIN "Enrollment" e ON e."userId" = s."userId" AND e."cohortId" = ${cohortId}
    WHERE s.status = 'GRADED'
    GROUP BY s."exerciseSlug"`;
  return new Map(rows.map((r) => [r.slug, r.n]));
}
