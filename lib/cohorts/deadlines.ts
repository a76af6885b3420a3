import { db } from "../db";
import type { LatePolicy } from "../generated/prisma/client";
import { studentDue } from "../courses/extensions";
import type { ExerciseProgress } from "../courses/progress";

export interface StudentDeadline {
  /** The student's own due date: the cohort's deadline, or later with an extension. */
  dueAt: Date;
  cohortName: string;
  latePolicy: LatePolicy;
  /** When an extension moved it: the cohort's deadline and the instructor's note. */
  extension?: { deadline: Date; note: string };
}

/** A cohort's deadline for one exercise, as deadlinesFor reads it. */
export interface DeadlineRow {
  cohortId: string;
  exerciseSlug: string;
  dueAt: Date;
  cohort: { name: string; latePolicy: LatePolicy };
}

/** One of the student's extensions, as deadlinesFor reads it. */
export interface ExtensionRow {
  cohortId: string;
  exerciseSlug: string | null;
  dueAt: Date | null;
  extraMinutes: number | null;
  note: string;
}

/** Per exercise, the earliest of the student's due dates among their cohorts (extensions applied). */
export async function deadlinesFor(userId: string): Promise<Map<string, StudentDeadline>> {
  const [rows, extensions] = await Promise.all([
    db().deadline.findMany({
      where: { cohort: { enrollments: { some: { userId } } } },
      select: { cohortId: true, exerciseSlug: true, dueAt: true, cohort: { select: { name: true, latePolicy: true } } },
    }),
    db().extension.findMany({
      where: { userId },
      select: { cohortId: true, exerciseSlug: true, dueAt: true, extraMinutes: true, note: true },
    }),
  ]);
  return foldDeadlines(rows, extensions);
}

/**
 * Pure: the student's deadlines (their cohorts' rows) and extensions folded into one due date per
 * exercise. Shared by deadlinesFor and the exercise page's single read (lib/courses/exercise-page.ts).
 */
export function foldDeadlines(rows: DeadlineRow[], extensions: ExtensionRow[]): Map<string, StudentDeadline> {
  const bySlug = new Map<string, StudentDeadline>();
  for (const row of rows) {
    const mine = extensions.filter(
      (x) => x.cohortId === row.cohortId && (x.exerciseSlug === null || x.exerciseSlug === row.exerciseSlug),
    );
    const dueAt = studentDue(row.dueAt, row.exerciseSlug, mine);
    const current = bySlug.get(row.exerciseSlug);
    if (current && current.dueAt <= dueAt) continue;
    const note =
      mine.find((x) => studentDue(row.dueAt, row.exerciseSlug, [x]).getTime() === dueAt.getTime())?.note ?? "";
    bySlug.set(row.exerciseSlug, {
      dueAt,
      cohortName: row.cohort.name,
      latePolicy: row.cohort.latePolicy,
      ...(dueAt > row.dueAt ? { extension: { deadline: row.dueAt, note } } : {}),
    });
  }
  return bySlug;
}

/** Late = passed after the deadline; overdue = deadline gone and not passed yet. */
export function deadlineState(deadline: StudentDeadline | undefined, progress: ExerciseProgress, now = new Date()) {
  if (!deadline) return "none" as const;
  if (progress.passedAt) return progress.passedAt > deadline.dueAt ? ("late" as const) : ("on-time" as const);
  return now > deadline.dueAt ? ("overdue" as const) : ("open" as const);
}
