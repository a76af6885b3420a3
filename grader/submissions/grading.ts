import { randomUUID } from "node:crypto";
import { storedVerdict, type GradeReport } from "../../lib/contracts/report";
import { isFinal } from "../../lib/contracts/submissions";
import { db } from "../../lib/db";
import type { Submission } from "../../lib/generated/prisma/client";
import { lockOwnerOf } from "../../lib/submissions/user-lock";
import { publishGradeChange } from "../../lib/lti/publish";

/**
 * The worker's side of a submission's life, written so that any number of workers, crashes and
 * repeated jobs still leave exactly one stored result per submission.
 */
export type Claim =
  | { kind: "claimed"; submission: Submission }
  /** Already graded (a repeated or recovered job): nothing to do. */
  | { kind: "done" }
  | { kind: "missing" }
  /** The student has another submission grading: one at a time per student. */
  | { kind: "busy" };

/**
 * What a worker needs to start grading while its claim is still being made (the claim's round trips
 * then run beside the sandbox, off the student's clock): the code, and whether the claim is likely to
 * refuse it. Read without the student's lock, so it only decides whether to start: the claim decides
 * whether the grading counts. Null when there is no such submission.
 */
export async function gradingInput(id: string) {
  const rows = await db().$queryRaw<(Pick<Submission, "exerciseSlug" | "code" | "status"> & { ownerBusy: boolean })[]>`
    SELECT s."exerciseSlug", s.code, s.status::text AS status, EXISTS (
      SELECT 1 FROM "Submission" o WHERE o."userId" = s."userId" AND o.status = 'RUNNING' AND o.id <> s.id
    ) AS "ownerBusy"
    FROM "Submission" s WHERE s.id = ${id}`;
  return rows[0] ?? null;
}

export async function claimSubmission(id: string, now = new Date()): Promise<Claim> {
  return db().$transaction(async (tx) => {
    const owner = await lockOwnerOf(tx, id);
    if (owner === null) return { kind: "missing" } as const;
    // One read after the lock: this submission and any other of the student's that is grading.
    const rows = await tx.submission.findMany({
      where: { userId: owner, OR: [{ id }, { status: "RUNNING" }] },
      select: { id: true, status: true, createdAt: true },
    });
    const submission = rows.find((r) => r.id === id)!;
    if (isFinal(submission.status)) return { kind: "done" } as const;
    if (rows.some((r) => r.id !== id)) return { kind: "busy" } as const;
    // A RUNNING row here is this submission's own stalled attempt, taken over.
    const claimed = await tx.submission.update({
      where: { id },
      data: { status: "RUNNING", startedAt: now, queueMs: now.getTime() - submission.createdAt.getTime() },
    });
    return { kind: "claimed", submission: claimed } as const;
  });
}

/** Hands a claimed submission back to the queue (an infrastructure fault: the job will retry). */
export async function releaseClaim(id: string): Promise<void> {
  await db().submission.updateMany({ where: { id, status: "RUNNING" }, data: { status: "QUEUED" } });
}

/** What a grading's report makes of its submission: status and the copied outcome. */
export function outcomeOf(report: GradeReport) {
  const verdict = storedVerdict(report.verdict);
  return {
    status: verdict === "ERROR" ? ("ERROR" as const) : ("GRADED" as const),
    verdict,
    score: report.score,
    maxScore: report.maxScore,
    errorMessage: report.error ?? null,
  };
}

/**
 * The GradingResult row a report makes (the first grading and every regrade alike). The ids of its
 * failed checks are copied out of the JSON so that the dashboard counts them without parsing
 * reports; "failed" is passed === false, as the migration's backfill of older rows read it. A check
 * not run because a gate failed is no failure of its own: the gate that failed is the one counted.
 */
export function resultData(report: GradeReport) {
  return {
    verdict: storedVerdict(report.verdict),
    score: report.score,
    maxScore: report.maxScore,
    report,
    failedChecks: report.checks.filter((c) => !c.passed && !c.notRun).map((c) => c.id),
  };
}

/**
 * Stores the grading's result and final status in one statement, only while the submission is still
 * unfinished: a second attempt (stalled-job recovery, a duplicate job) stores nothing. One statement
 * is atomic as a transaction is, in one round trip instead of four: this is on every verdict's path.
 * Returns the submission as this call stored it (without its code), or null when it stored nothing.
 */
export async function storeResult(
  id: string,
  report: GradeReport,
  runMs: number | null,
  now = new Date(),
): Promise<Omit<Submission, "code"> | null> {
  const outcome = outcomeOf(report);
  const result = resultData(report);
  // As Prisma writes a DateTime: UTC wall time (an ISO string's "Z" is dropped by ::timestamp).
  const stamp = now.toISOString();
  const rows = await db().$queryRaw<Submission[]>`
    WITH finished AS (
      UPDATE "Submission" SET status = ${outcome.status}::"SubmissionStatus", verdict = ${outcome.verdict}::"Verdict",
        score = ${outcome.score}::float8, "maxScore" = ${outcome.maxScore}::float8,
        "errorMessage" = ${outcome.errorMessage}::text, "gradedAt" = ${stamp}::timestamp(3), "runMs" = ${runMs}::int
      WHERE id = ${id} AND status IN ('QUEUED', 'RUNNING')
      RETURNING *
    ), stored AS (
      INSERT INTO "GradingResult" (id, "submissionId", verdict, score, "maxScore", report, "failedChecks", "createdAt")
      SELECT ${randomUUID()}, finished.id, ${result.verdict}::"Verdict", ${result.score}::float8,
        ${result.maxScore}::float8, ${JSON.stringify(result.report)}::jsonb, ${result.failedChecks}::text[],
        ${stamp}::timestamp(3)
      FROM finished
      RETURNING id
    )
    SELECT finished.* FROM finished, stored`;
  if (!rows.length) return null;
  publishGradeChange(rows[0].userId, rows[0].exerciseSlug); // to the LMS gradebook, if linked (issue 26)
  const { code: _code, ...submission } = rows[0];
  return submission;
}

/** The report stored when grading itself could not happen: the student sees why, and may resubmit. */
export function faultReport(exercise: string, message: string): GradeReport {
  return { exercise, verdict: "error", score: 0, maxScore: 0, checks: [], elapsedMs: 0, timeline: [], error: message };
}
