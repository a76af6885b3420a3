import { db } from "../db";
import { exercisePageData } from "../courses/exercise-page";

/**
 * The exercise page of one student of a cohort, as that student sees it, for an instructor who
 * may open the cohort (checked by the caller). Null when the student is not in this cohort or the
 * exercise does not exist: the page answers 404 either way. Reads only.
 */
export async function studentExerciseView(cohortId: string, userId: string, slug: string) {
  const enrollment = await db().enrollment.findUnique({
    where: { cohortId_userId: { cohortId, userId } },
    select: { user: { select: { id: true, name: true, email: true } }, cohort: { select: { name: true } } },
  });
  if (!enrollment) return null;
  const data = await exercisePageData(userId, slug);
  if (!data) return null;
  return { student: enrollment.user, cohortName: enrollment.cohort.name, data };
}
