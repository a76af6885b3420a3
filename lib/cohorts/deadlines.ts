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
