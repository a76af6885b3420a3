import { db } from "../db";
import { creditedScore } from "../instructor/grades";
import { extendedDueDates } from "../instructor/extensions";
import { cellRows } from "../instructor/queries";
import { applyOverrides } from "../reports/overrides";

/**
 * The one place that decides which score goes back to the LMS for a student's exercise: the grade
 * the cohort's gradebook (the grades CSV, lib/instructor/grades.ts) credits — the best score, or
 * under NO_CREDIT the best reached by the student's own due date, with instructor overrides
 * applied. A change to how a grade is computed belongs there and reaches the LMS through here.
 */
export interface LtiScore {
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: "Initialized" | "Completed";
  gradingProgress: "FullyGraded";
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function ltiScore(cohortId: string, userId: string, exerciseSlug: string): Promise<LtiScore> {
  const [cohort, exercise, cells] = await Promise.all([
    db().cohort.findUniqueOrThrow({
      where: { id: cohortId },
      select: { latePolicy: true, deadlines: { where: { exerciseSlug } } },
    }),
    db().exercise.findUniqueOrThrow({ where: { slug: exerciseSlug }, select: { points: true } }),
    cellRows(cohortId),
  ]);
  const deadline = cohort.deadlines[0]?.dueAt;
  const extended = deadline ? await extendedDueDates(cohortId) : new Map<string, Map<string, Date>>();
  const dueFor = (user: string, slug: string) =>
    extended.get(user)?.get(slug) ?? (slug === exerciseSlug ? deadline : undefined);
  const mine = cells.filter((c) => c.userId === userId && c.exerciseSlug === exerciseSlug);
  const { cells: credited } = await applyOverrides(cohortId, mine, dueFor);
  const cell = credited[0];
  return {
    scoreGiven: round(creditedScore(cell, dueFor(userId, exerciseSlug), cohort.latePolicy)),
    scoreMaximum: exercise.points,
    activityProgress: cell ? "Completed" : "Initialized",
    gradingProgress: "FullyGraded",
  };
}
