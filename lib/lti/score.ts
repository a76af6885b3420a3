import { db } from "../db";
import { finalGrade } from "../grades/final";
import { manualPoints } from "../grades/manual";
import { creditedScore } from "../instructor/grades";
import { extendedDueDates } from "../instructor/extensions";
import { cellRows } from "../instructor/queries";
import { applyOverrides } from "../reports/overrides";

/**
 * The one place that decides which score goes back to the LMS for a student's exercise: the grade
 * the cohort's gradebook (the grades CSV, lib/instructor/grades.ts) credits — the best score, or
 * under NO_CREDIT the best reached by the student's own due date, with instructor overrides
 * applied — plus the manual points of released feedback (issue 27), as lib/grades/final.ts
 * defines the final grade. A change to how a grade is computed belongs there and reaches the LMS
 * through here.
 */
export interface LtiScore {
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: "Initialized" | "Completed";
  gradingProgress: "FullyGraded";
}

const key = (userId: string, slug: string) => `${userId}\u0000${slug}`;

/** The scores of several (student, exercise) pairs of one cohort, read once. */
export async function ltiScores(
  cohortId: string,
  pairs: { userId: string; exerciseSlug: string }[],
): Promise<Map<string, LtiScore>> {
  const slugs = [...new Set(pairs.map((p) => p.exerciseSlug))];
  const [cohort, exercises, cells] = await Promise.all([
    db().cohort.findUniqueOrThrow({
      where: { id: cohortId },
      select: { latePolicy: true, deadlines: { where: { exerciseSlug: { in: slugs } } } },
    }),
    db().exercise.findMany({ where: { slug: { in: slugs } }, select: { slug: true, points: true } }),
    cellRows(cohortId),
  ]);
  const manual = await manualPoints(cohortId, { releasedOnly: true });
  const due = new Map(cohort.deadlines.map((d) => [d.exerciseSlug, d.dueAt]));
  const extended = due.size ? await extendedDueDates(cohortId) : new Map<string, Map<string, Date>>();
  const dueFor = (user: string, slug: string) => extended.get(user)?.get(slug) ?? due.get(slug);
  const wanted = new Set(pairs.map((p) => key(p.userId, p.exerciseSlug)));
  const mine = cells.filter((c) => wanted.has(key(c.userId, c.exerciseSlug)));
  const { cells: credited } = await applyOverrides(cohortId, mine, dueFor);
  const byPair = new Map(credited.map((c) => [key(c.userId, c.exerciseSlug), c]));
  const points = new Map(exercises.map((e) => [e.slug, e.points]));
  const out = new Map<string, LtiScore>();
  for (const { userId, exerciseSlug } of pairs) {
    const cell = byPair.get(key(userId, exerciseSlug));
    const maxPoints = points.get(exerciseSlug) ?? 0;
    out.set(key(userId, exerciseSlug), {
      scoreGiven: finalGrade({
        automatic: creditedScore(cell, dueFor(userId, exerciseSlug), cohort.latePolicy),
        manual: manual.get(`${userId} ${exerciseSlug}`) ?? 0,
        maxPoints,
      }),
      scoreMaximum: maxPoints,
      activityProgress: cell ? "Completed" : "Initialized",
      gradingProgress: "FullyGraded",
    });
  }
  return out;
}

export async function ltiScore(cohortId: string, userId: string, exerciseSlug: string): Promise<LtiScore> {
  return (await ltiScores(cohortId, [{ userId, exerciseSlug }])).get(key(userId, exerciseSlug))!;
}
