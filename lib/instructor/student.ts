import { HttpError } from "../auth/session";
import type { StudentAttempts } from "../contracts/instructor";
import { db } from "../db";
import { submissionView } from "../submissions/view";

/**
 * One student's attempts as their instructor reviews them: each submission's code, latest result
 * (checks, feedback, task timeline) and the history of its gradings, oldest attempt first.
 */
export async function studentAttempts(
  cohortId: string,
  userId: string,
  exerciseSlug?: string,
): Promise<StudentAttempts> {
  const enrollment = await db().enrollment.findUnique({
    where: { cohortId_userId: { cohortId, userId } },
    select: { joinedAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!enrollment) throw new HttpError(404, "This student is not in the cohort.");
  const submissions = await db().submission.findMany({
    where: { userId, ...(exerciseSlug ? { exerciseSlug } : {}) },
    orderBy: { createdAt: "asc" },
    include: {
      results: {
        orderBy: { createdAt: "asc" },
        select: { id: true, regrade: true, verdict: true, score: true, maxScore: true, createdAt: true, report: true },
      },
    },
  });
  const attemptNumber = new Map<string, number>();
  return {
    student: enrollment.user,
    joinedAt: enrollment.joinedAt.toISOString(),
    attempts: submissions.map((s) => {
      const number = (attemptNumber.get(s.exerciseSlug) ?? 0) + 1;
      attemptNumber.set(s.exerciseSlug, number);
      return {
        number,
        ...submissionView(s, s.results.at(-1) ?? null),
        gradings: s.results.map(({ report: _report, createdAt, ...r }) => ({
          ...r,
          createdAt: createdAt.toISOString(),
        })),
      };
    }),
  };
}
