import { db } from "../db";

/** The student's own attempts at one exercise, newest first, without code or report (the list). */
export function attemptsOf(userId: string, exerciseSlug: string) {
  return db().submission.findMany({
    where: { userId, exerciseSlug },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, verdict: true, score: true, maxScore: true, createdAt: true },
    take: 50,
  });
}
export type AttemptSummary = Awaited<ReturnType<typeof attemptsOf>>[number];
