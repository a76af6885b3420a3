/**
 * Extensions as they change a student's due date. Pure: the instructor pages, the student's pages
 * and the tests share one rule, which the gradebook SQL (lib/instructor/queries.ts) mirrors.
 */
export interface ExtensionTerms {
  /** null: every deadline of the cohort. */
  exerciseSlug: string | null;
  /** A new due date... */
  dueAt: Date | null;
  /** ...or a shift of the deadline. */
  extraMinutes: number | null;
}

/** What one extension makes of a deadline (never earlier than the deadline itself). */
export function extendedDue(deadline: Date, extension: Pick<ExtensionTerms, "dueAt" | "extraMinutes">): Date {
  const moved = extension.dueAt ?? new Date(deadline.getTime() + (extension.extraMinutes ?? 0) * 60_000);
  return moved > deadline ? moved : deadline;
}

/**
 * The student's due date for one exercise of one cohort: the latest of the deadline and every
 * extension that applies to it (for this exercise, or for all the cohort's deadlines).
 */
export function studentDue(deadline: Date, slug: string, extensions: ExtensionTerms[]): Date {
  let due = deadline;
  for (const x of extensions) {
    if (x.exerciseSlug !== null && x.exerciseSlug !== slug) continue;
    const moved = extendedDue(deadline, x);
    if (moved > due) due = moved;
  }
  return due;
}
