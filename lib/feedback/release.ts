import { HttpError } from "../auth/session";
import { db } from "../db";
import { publishCohortChange } from "../lti/publish";

/**
 * Whether staff's feedback on a cohort's exercise reaches its students yet. Without a row it does,
 * as staff write it ("release as you go"); a held row keeps it back ("feedback pending") until
 * staff release it to the whole cohort at once.
 */
export type Release = { held: boolean; releasedAt: Date | null };

export const NOT_HELD: Release = { held: false, releasedAt: null };

export async function releaseOf(cohortId: string, exerciseSlug: string): Promise<Release> {
  const row = await db().feedbackRelease.findUnique({
    where: { cohortId_exerciseSlug: { cohortId, exerciseSlug } },
    select: { held: true, releasedAt: true },
  });
  return row ?? NOT_HELD;
}

/** The releases of these cohorts, keyed "cohortId exerciseSlug". */
export async function releasesOf(cohortIds: string[]): Promise<Map<string, Release>> {
  const rows = await db().feedbackRelease.findMany({ where: { cohortId: { in: cohortIds } } });
  return new Map(rows.map((r) => [`${r.cohortId} ${r.exerciseSlug}`, { held: r.held, releasedAt: r.releasedAt }]));
}

/** Holds the exercise's feedback, or (held false) releases everything held to the cohort now. */
export async function setRelease(cohortId: string, exerciseSlug: string, held: boolean, now = new Date()) {
  if (!(await db().exercise.count({ where: { slug: exerciseSlug } }))) throw new HttpError(404, "No such exercise.");
  const data = held ? { held: true } : { held: false, releasedAt: now };
  const row = await db().feedbackRelease.upsert({
    where: { cohortId_exerciseSlug: { cohortId, exerciseSlug } },
    create: { cohortId, exerciseSlug, ...data },
    update: data,
  });
  publishCohortChange(cohortId); // released (or held again) manual points reach the LMS (issue 26)
  return { held: row.held, releasedAt: row.releasedAt?.toISOString() ?? null };
}
