import { db } from "../db";
import type { LatePolicy } from "../generated/prisma/client";
import type { ExerciseProgress } from "../courses/progress";

export interface StudentDeadline {
  dueAt: Date;
  cohortName: string;
  latePolicy: LatePolicy;
}

/** Per exercise, the earliest deadline among the student's cohorts. */
export async function deadlinesFor(userId: string): Promise<Map<string, StudentDeadline>> {
  const rows = await db().deadline.findMany({
    where: { cohort: { enrollments: { some: { userId } } } },
    select: { exerciseSlug: true, dueAt: true, cohort: { select: { name: true, latePolicy: true } } },
    orderBy: { dueAt: "asc" },
  });
  const bySlug = new Map<string, StudentDeadline>();
  for (const row of rows)
    if (!bySlug.has(row.exerciseSlug))
      bySlug.set(row.exerciseSlug, { dueAt: row.dueAt, cohortName: row.cohort.name, latePolicy: row.cohort.latePolicy });
  return bySlug;
}

/** Late = passed after the deadline; overdue = deadline gone and not passed yet. */
export function deadlineState(deadline: StudentDeadline | undefined, progress: ExerciseProgress, now = new Date()) {
  if (!deadline) return "none" as const;
  if (progress.passedAt) return progress.passedAt > deadline.dueAt ? ("late" as const) : ("on-time" as const);
  return now > deadline.dueAt ? ("overdue" as const) : ("open" as const);
}
