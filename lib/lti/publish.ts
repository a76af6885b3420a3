import { db } from "../db";
import { enqueuePublish } from "./publish-queue";
import { ltiScore, ltiScores } from "./score";

/**
 * Assignment and Grade Services, the tool's side: a stored verdict, regrade or override that may
 * change a student's grade calls `gradeChanged`; for each LMS line item the exercise is linked to in
 * the student's LMS courses, the score to send is recomputed (lib/lti/score.ts) and stored as the
 * newest owed, then a job delivers it (grader/lti-publish-job.ts).
 */
interface Target {
  linkId: string;
  cohortId: string;
  sub: string;
}

/** The line items of `exerciseSlug` in courses where the student is enrolled with an LMS identity. */
async function targets(userId: string, exerciseSlug: string): Promise<Target[]> {
  return db().$queryRaw<Target[]>`
    SELECT l.id AS "linkId", c."cohortId", i.sub
    FROM "LtiResourceLink" l
    JOIN "LtiContext" c ON c.id = l."contextId"
    JOIN "LtiPlatform" p ON p.id = c."platformId"
    JOIN "Enrollment" e ON e."cohortId" = c."cohortId" AND e."userId" = ${userId}
    JOIN "LtiIdentity" i ON i."userId" = ${userId} AND i.issuer = p.issuer
    WHERE l."exerciseSlug" = ${exerciseSlug} AND l."lineItemUrl" IS NOT NULL`;
}

export async function gradeChanged(userId: string, exerciseSlug: string, now = new Date()): Promise<number> {
  const found = await targets(userId, exerciseSlug);
  for (const target of found) {
    const score = await ltiScore(target.cohortId, userId, exerciseSlug);
    // Only a newer timestamp replaces the row's score: a late writer never overtakes a newer one.
    const [row] = await db().$queryRaw<{ id: string }[]>`
      INSERT INTO "LtiScorePublish"
        (id, "linkId", "userId", sub, "scoreGiven", "scoreMaximum", timestamp, status, "updatedAt")
      VALUES (${crypto.randomUUID()}, ${target.linkId}, ${userId}, ${target.sub}, ${score.scoreGiven},
        ${score.scoreMaximum}, ${now}, 'PENDING', now())
      ON CONFLICT ("linkId", "userId") DO UPDATE SET sub = EXCLUDED.sub, "scoreGiven" = EXCLUDED."scoreGiven",
        "scoreMaximum" = EXCLUDED."scoreMaximum", timestamp = EXCLUDED.timestamp, status = 'PENDING',
        "lastError" = NULL, "updatedAt" = now()
      WHERE "LtiScorePublish".timestamp < EXCLUDED.timestamp
      RETURNING id`;
    if (row) await enqueuePublish(row.id, now);
  }
  return found.length;
}

/**
 * The hook the grading paths call, in one line, without waiting: a failure here is logged, never
 * the verdict's.
 */
export function publishGradeChange(userId: string, exerciseSlug: string): void {
  gradeChanged(userId, exerciseSlug).catch((error: Error) =>
    console.warn(`[lti] score of ${userId} on ${exerciseSlug} not queued for the LMS: ${error.message}`),
  );
}

/** The cohort's scores the LMS has not taken (failed or still pending), for the instructor. */
export function unsentScores(cohortId: string) {
  return db().ltiScorePublish.findMany({
    where: { status: { not: "SENT" }, link: { context: { cohortId } } },
    orderBy: { updatedAt: "desc" },
    take: 200,
    include: { user: { select: { name: true, email: true } }, link: { select: { exerciseSlug: true } } },
  });
}

/** `publishGradeChange` for the student and exercise of a submission (a regrade, an override). */
export function publishSubmissionChange(submissionId: string): void {
  db()
    .submission.findUnique({ where: { id: submissionId }, select: { userId: true, exerciseSlug: true } })
    .then((s) => s && gradeChanged(s.userId, s.exerciseSlug))
    .catch((error: Error) => console.warn(`[lti] score of submission ${submissionId} not queued: ${error.message}`));
}

/**
 * A change that may move every linked student's grade in a cohort (a deadline, an extension, the
 * late policy): each linked (student, exercise) with attempts gets its score recomputed and, when
 * it differs from the one owed, queued. Called without waiting, like publishGradeChange.
 */
export function publishCohortChange(cohortId: string): void {
  cohortChanged(cohortId).catch((error: Error) =>
    console.warn(`[lti] scores of cohort ${cohortId} not queued for the LMS: ${error.message}`),
  );
}

export async function cohortChanged(cohortId: string, now = new Date()): Promise<number> {
  const pairs = await db().$queryRaw<{ userId: string; exerciseSlug: string }[]>`
    SELECT DISTINCT p."userId", p."exerciseSlug"
    FROM "LtiContext" c
    JOIN "LtiResourceLink" l ON l."contextId" = c.id AND l."lineItemUrl" IS NOT NULL
    JOIN "Enrollment" e ON e."cohortId" = c."cohortId"
    JOIN "ExerciseProgress" p ON p."userId" = e."userId" AND p."exerciseSlug" = l."exerciseSlug"
    WHERE c."cohortId" = ${cohortId}`;
  if (!pairs.length) return 0;
  const scores = await ltiScores(cohortId, pairs);
  const owed = await db().ltiScorePublish.findMany({
    where: { link: { context: { cohortId } } },
    select: { userId: true, scoreGiven: true, link: { select: { exerciseSlug: true } } },
  });
  const current = new Map(owed.map((o) => [`${o.userId}\u0000${o.link.exerciseSlug}`, o.scoreGiven]));
  let changed = 0;
  for (const pair of pairs) {
    const k = `${pair.userId}\u0000${pair.exerciseSlug}`;
    if (current.get(k) === scores.get(k)?.scoreGiven) continue;
    changed += await gradeChanged(pair.userId, pair.exerciseSlug, now);
  }
  return changed;
}
