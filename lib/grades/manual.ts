import { db } from "../db";
import { releasesOf } from "../feedback/release";

/**
 * Each student's manual points per exercise in one cohort: the rubric items applied to their
 * reviewed attempt, the latest one with items of this cohort applied (staff grade the attempt they
 * read). Stored apart from the grader's results, so a regrade never touches them. `releasedOnly`
 * leaves out exercises whose feedback is held (what the student, and an LMS, may see).
 * Keyed "userId exerciseSlug".
 */
export async function manualPoints(cohortId: string, opts: { releasedOnly?: boolean } = {}) {
  const [applied, releases] = await Promise.all([
    db().appliedRubricItem.findMany({
      where: { item: { cohortId }, submission: { user: { enrollments: { some: { cohortId } } } } },
      select: {
        submissionId: true,
        item: { select: { points: true } },
        submission: { select: { userId: true, exerciseSlug: true, createdAt: true } },
      },
    }),
    opts.releasedOnly ? releasesOf([cohortId]) : new Map(),
  ]);
  const latest = new Map<string, { at: number; submissionId: string; points: number }>();
  for (const a of applied) {
    const { userId, exerciseSlug, createdAt } = a.submission;
    if (opts.releasedOnly && releases.get(`${cohortId} ${exerciseSlug}`)?.held) continue;
    const key = `${userId} ${exerciseSlug}`;
    const seen = latest.get(key);
    if (!seen || createdAt.getTime() > seen.at)
      latest.set(key, { at: createdAt.getTime(), submissionId: a.submissionId, points: a.item.points });
    else if (seen.submissionId === a.submissionId) seen.points += a.item.points;
  }
  return new Map([...latest].map(([key, v]) => [key, v.points]));
}
