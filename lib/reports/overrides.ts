import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { CellRow } from "../instructor/queries";

/**
 * Score overrides in the gradebook. An instructor's override of one attempt counts as that
 * attempt's score when the credited (best, on-time) scores are folded; the grader's results stay
 * as they were, and the CSV names each override beside the grader's score.
 */
export interface Override {
  userId: string;
  exerciseSlug: string;
  submissionId: string;
  attemptNumber: number;
  graderScore: number | null;
  maxScore: number | null;
  overrideScore: number;
}

interface Attempt {
  userId: string;
  exerciseSlug: string;
  id: string;
  createdAt: Date;
  score: number | null;
  maxScore: number | null;
  number: number;
}

/** The latest override of each overridden attempt of the cohort's students. */
async function overriddenAttempts(cohortId: string) {
  const reports = await db().verdictReport.findMany({
    where: { status: "OVERRIDDEN", overrideScore: { not: null }, user: { enrollments: { some: { cohortId } } } },
    orderBy: { answeredAt: "asc" },
    select: { submissionId: true, overrideScore: true },
  });
  return new Map(reports.map((r) => [r.submissionId, r.overrideScore!]));
}

/** Every graded attempt of the (student, exercise) pairs that have an override, numbered per pair. */
async function attemptsOf(submissionIds: string[]): Promise<Attempt[]> {
  if (!submissionIds.length) return [];
  // Numbered over every attempt (as the instructor's attempt list numbers them), then only the graded kept.
  return db().$queryRaw<Attempt[]>`
    WITH pairs AS (
      SELECT DISTINCT "userId", "exerciseSlug" FROM "Submission" WHERE id IN (${Prisma.join(submissionIds)})
    ), numbered AS (
      SELECT s."userId", s."exerciseSlug", s.id, s."createdAt", s.score, s."maxScore", s.status,
        (row_number() OVER (PARTITION BY s."userId", s."exerciseSlug" ORDER BY s."createdAt"))::int AS number
      FROM "Submission" s JOIN pairs p ON p."userId" = s."userId" AND p."exerciseSlug" = s."exerciseSlug"
    )
    SELECT "userId", "exerciseSlug", id, "createdAt", score, "maxScore", number FROM numbered WHERE status = 'GRADED'`;
}

/**
 * The cells with overrides applied (best and on-time scores recomputed with each overridden
 * attempt at its override; `dueFor` is the student's own due date of the exercise), and the
 * overrides themselves for the CSV.
 */
export async function applyOverrides(
  cohortId: string,
  cells: CellRow[],
  dueFor: (userId: string, exerciseSlug: string) => Date | undefined,
): Promise<{ cells: CellRow[]; overrides: Override[] }> {
  const overridden = await overriddenAttempts(cohortId);
  if (!overridden.size) return { cells, overrides: [] };
  const attempts = await attemptsOf([...overridden.keys()]);
  const key = (userId: string, slug: string) => `${userId}\u0000${slug}`;
  const byPair = new Map<string, Attempt[]>();
  for (const a of attempts)
    byPair.set(key(a.userId, a.exerciseSlug), [...(byPair.get(key(a.userId, a.exerciseSlug)) ?? []), a]);
  const credited = cells.map((cell) => {
    const mine = byPair.get(key(cell.userId, cell.exerciseSlug));
    if (!mine) return cell;
    const due = dueFor(cell.userId, cell.exerciseSlug);
    const scoreOf = (a: Attempt) => overridden.get(a.id) ?? a.score;
    const best = (list: Attempt[]) => {
      const scores = list.map(scoreOf).filter((s): s is number => s !== null);
      return scores.length ? Math.max(...scores) : null;
    };
    return { ...cell, bestScore: best(mine), onTimeScore: best(mine.filter((a) => !due || a.createdAt <= due)) };
  });
  const overrides = attempts
    .filter((a) => overridden.has(a.id))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((a) => ({
      userId: a.userId,
      exerciseSlug: a.exerciseSlug,
      submissionId: a.id,
      attemptNumber: a.number,
      graderScore: a.score,
      maxScore: a.maxScore,
      overrideScore: overridden.get(a.id)!,
    }));
  return { cells: credited, overrides };
}

const score = (n: number | null) => (n === null ? "—" : String(Math.round(n * 100) / 100));

/** "create-tasks #2: 8/10 (grader 5/10)". */
export function overrideNote(o: Override): string {
  const max = score(o.maxScore);
  const grader = `grader ${score(o.graderScore)}/${max}`;
  return `${o.exerciseSlug} #${o.attemptNumber}: ${score(o.overrideScore)}/${max} (${grader})`;
}
