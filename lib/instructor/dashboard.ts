import { db } from "../db";
import { extendedDueDates } from "./extensions";
import { dashboardSummaries, type CellRow } from "./queries";
import { activitySeries, exerciseStats, isLate, isStuck, topFailed } from "./stats";

/**
 * Everything the cohort dashboard shows, in one plain object the page (and the bench) can load:
 * the summaries of the cohort's attempts in one statement plus the cohort's small lists, folded
 * in memory.
 */
export async function loadDashboard(cohortId: string, now = new Date()) {
  const [cohort, exercises, enrolled, { cells, days, failedChecks }, extended] = await Promise.all([
    db().cohort.findUniqueOrThrow({
      where: { id: cohortId },
      select: {
        id: true,
        name: true,
        joinCode: true,
        startsAt: true,
        endsAt: true,
        latePolicy: true,
        deadlines: { select: { exerciseSlug: true, dueAt: true } },
      },
    }),
    db().exercise.findMany({
      orderBy: { order: "asc" },
      select: { slug: true, title: true, order: true, points: true },
    }),
    // The enrolled students in one query (a nested select of Enrollment.user takes two).
    db().user.findMany({
      where: { enrollments: { some: { cohortId } } },
      select: { id: true, name: true, email: true },
    }),
    dashboardSummaries(cohortId),
    extendedDueDates(cohortId),
  ]);
  const shown = exercises.flatMap((e) => topFailed(failedChecks, e.slug));
  const due = new Map(cohort.deadlines.map((d) => [d.exerciseSlug, d.dueAt]));
  // Each student's cells in course order (a slot per exercise, no sort): their matrix objects then
  // share one shape (keys added in one order), which V8 builds several times faster than 500
  // objects of keys in random orders.
  const rank = new Map(exercises.map((e, i) => [e.slug, i]));
  const byStudent = new Map<string, (CellRow | undefined)[]>();
  for (const c of cells) {
    let mine = byStudent.get(c.userId);
    if (!mine) byStudent.set(c.userId, (mine = new Array<CellRow | undefined>(exercises.length).fill(undefined)));
    const slot = rank.get(c.exerciseSlug);
    if (slot === undefined) mine.push(c);
    else mine[slot] = c;
  }
  const byName = new Intl.Collator();

  const students = enrolled
    .map((user) => {
      const mine = byStudent.get(user.id) ?? [];
      let passed = 0;
      let points = 0;
      let lastActivity: Date | null = null;
      const stuckOn: { slug: string; failedAttempts: number; lastAt: Date }[] = [];
      const cellsOf: Record<string, DashboardCellData> = {};
      for (const c of mine) {
        if (!c) continue;
        if (c.passedAt) passed++;
        points += c.bestScore ?? 0;
        if (!lastActivity || c.lastAt > lastActivity) lastActivity = c.lastAt;
        if (isStuck(c, now)) stuckOn.push({ slug: c.exerciseSlug, failedAttempts: c.failedAttempts, lastAt: c.lastAt });
        cellsOf[c.exerciseSlug] = {
          attempts: c.attempts,
          failedAttempts: c.failedAttempts,
          bestScore: c.bestScore,
          maxScore: c.maxScore,
          passed: c.passedAt !== null,
          late: isLate(c, due.get(c.exerciseSlug)),
          lastAt: c.lastAt,
        };
      }
      return {
        ...user,
        passed,
        points,
        lastActivity,
        stuckOn,
        /** The exercises an extension gave this student a later due date on. */
        extendedDue: Object.fromEntries(extended.get(user.id) ?? []) as Record<string, Date>,
        cells: cellsOf,
      };
    })
    .sort((a, b) => byName.compare(a.name, b.name));

  return {
    cohort: {
      id: cohort.id,
      name: cohort.name,
      joinCode: cohort.joinCode,
      startsAt: cohort.startsAt,
      endsAt: cohort.endsAt,
      latePolicy: cohort.latePolicy,
    },
    exercises: exercises.map((e) => ({ ...e, dueAt: due.get(e.slug) ?? null })),
    students,
    stats: exerciseStats(
      exercises.map((e) => e.slug),
      students.length,
      cells,
      shown,
    ),
    activity: activitySeries(days, cells),
    stuck: students
      .filter((s) => s.stuckOn.length)
      .sort(
        (a, b) =>
          b.stuckOn.length - a.stuckOn.length || (b.lastActivity?.getTime() ?? 0) - (a.lastActivity?.getTime() ?? 0),
      )
      .map((s) => ({ id: s.id, name: s.name, email: s.email, stuckOn: s.stuckOn })),
    generatedAt: now,
  };
}
/** One matrix cell: a student's attempts at one exercise. */
interface DashboardCellData {
  attempts: number;
  failedAttempts: number;
  bestScore: number | null;
  maxScore: number | null;
  passed: boolean;
  late: boolean;
  lastAt: Date;
}
export type Dashboard = Awaited<ReturnType<typeof loadDashboard>>;
export type DashboardStudent = Dashboard["students"][number];
export type DashboardCell = DashboardStudent["cells"][string];
