import type { CellRow, DayRow, FailedCheckRow } from "./queries";

/** Pure folds over the dashboard's query rows: medians, stuck students, per-exercise figures. */

export function median(values: number[]): number | null {
  if (!values.length) return null;
  // A typed array sorts numbers natively, without calling a comparator per comparison.
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Several failed attempts, no pass, and recent activity: someone to talk to today. */
export const STUCK = { minFailedAttempts: 3, recentMs: 48 * 3600_000 } as const;

export function isStuck(cell: Pick<CellRow, "failedAttempts" | "passedAt" | "lastAt">, now: Date): boolean {
  return (
    cell.passedAt === null &&
    cell.failedAttempts >= STUCK.minFailedAttempts &&
    now.getTime() - cell.lastAt.getTime() <= STUCK.recentMs
  );
}

/** Late: the credited best score was first reached only after the deadline. */
export function isLate(cell: Pick<CellRow, "bestScore" | "onTimeScore">, dueAt: Date | undefined): boolean {
  if (!dueAt || cell.bestScore === null) return false;
  return cell.onTimeScore === null || cell.bestScore > cell.onTimeScore;
}

export interface ExerciseStats {
  slug: string;
  attempted: number;
  passed: number;
  /** Share of the cohort's students who passed (0..1). */
  passRate: number;
  medianAttemptsToPass: number | null;
  medianMsToPass: number | null;
  mostFailed: { checkId: string; students: number; share: number; message: string }[];
}

export const TOP_CHECKS = 5;

/** Per exercise, the checks failed by the most students (ties by id), most first. */
export function topFailed<T extends Pick<FailedCheckRow, "exerciseSlug" | "checkId" | "students">>(
  rows: T[],
  slug: string,
  top = TOP_CHECKS,
): T[] {
  return rows
    .filter((f) => f.exerciseSlug === slug)
    .sort((a, b) => b.students - a.students || a.checkId.localeCompare(b.checkId))
    .slice(0, top);
}

export function exerciseStats(
  slugs: string[],
  studentCount: number,
  cells: CellRow[],
  failedChecks: (Pick<FailedCheckRow, "exerciseSlug" | "checkId" | "students"> & { message: string })[],
): ExerciseStats[] {
  const bySlug = new Map<string, CellRow[]>(slugs.map((slug) => [slug, []]));
  for (const c of cells) bySlug.get(c.exerciseSlug)?.push(c);
  return slugs.map((slug) => {
    const mine = bySlug.get(slug)!;
    const passers = mine.filter((c) => c.passedAt !== null);
    const attempted = mine.length;
    return {
      slug,
      attempted,
      passed: passers.length,
      passRate: studentCount ? passers.length / studentCount : 0,
      medianAttemptsToPass: median(passers.map((c) => c.attemptsToPass ?? c.attempts)),
      medianMsToPass: median(passers.map((c) => c.passedAt!.getTime() - c.firstAt.getTime())),
      mostFailed: topFailed(failedChecks, slug).map((f) => ({
        checkId: f.checkId,
        students: f.students,
        share: attempted ? f.students / attempted : 0,
        message: f.message,
      })),
    };
  });
}

/** Submissions and first passes per day, every day from the first to the last with activity. */
export function activitySeries(
  days: DayRow[],
  cells: CellRow[],
): { day: string; submissions: number; passes: number }[] {
  // Keyed by the UTC day's number, formatted once per day: a date string per cell cost more than the fold.
  const passDays = new Map<number, number>();
  for (const c of cells) {
    if (!c.passedAt) continue;
    const day = Math.floor(c.passedAt.getTime() / 86_400_000);
    passDays.set(day, (passDays.get(day) ?? 0) + 1);
  }
  const passes = new Map([...passDays].map(([day, n]) => [new Date(day * 86_400_000).toISOString().slice(0, 10), n]));
  const submissions = new Map(days.map((d) => [d.day, d.submissions]));
  const all = [...new Set([...submissions.keys(), ...passes.keys()])].sort();
  if (!all.length) return [];
  const out = [];
  for (let t = Date.parse(`${all[0]}T00:00:00Z`); t <= Date.parse(`${all.at(-1)}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, submissions: submissions.get(day) ?? 0, passes: passes.get(day) ?? 0 });
  }
  return out;
}
