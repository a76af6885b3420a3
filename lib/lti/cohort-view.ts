import { db } from "../db";
import { unsentScores } from "./publish";

/** What the cohort's LTI page shows its staff: the LMS course, its links, the scores the LMS has not taken. */
export async function ltiCohortView(cohortId: string) {
  const context = await db().ltiContext.findUnique({
    where: { cohortId },
    include: {
      platform: { select: { issuer: true, name: true } },
      cohort: { select: { name: true, latePolicy: true } },
      links: { orderBy: { createdAt: "asc" }, include: { exercise: { select: { title: true } } } },
    },
  });
  if (!context) return null;
  return { context, unsent: await unsentScores(cohortId) };
}

/** The sentence the UI states about which score the LMS receives (lib/lti/score.ts decides it). */
export function scorePolicyText(latePolicy: "MARK_LATE" | "NO_CREDIT"): string {
  return latePolicy === "NO_CREDIT"
    ? "The LMS receives each student's best score reached by their due date (late attempts earn nothing), " +
        "with your score overrides and the released rubric points applied — the grades CSV's final grade."
    : "The LMS receives each student's best score, late attempts included (the grades CSV marks them late), " +
        "with your score overrides and the released rubric points applied — the grades CSV's final grade.";
}
