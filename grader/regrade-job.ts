import type { Job } from "bullmq";
import { TERMINAL } from "../lib/contracts/submissions";
import { db } from "../lib/db";
import type { RegradeJob } from "../lib/instructor/regrade";
import { publishChange } from "../lib/queue/status-channel";
import { publishSubmissionChange } from "../lib/lti/publish";
import { briefMessage, retryInfrastructureFaults } from "../lib/queue/faults";
import { faultReport, outcomeOf, resultData } from "./submissions/grading";
import type { GradeReport } from "./checks/result";
import { grade } from "./grade";
import { retryOnQueue, STORE_RETRY_MS } from "./retry";
import type { SandboxPool } from "./sandbox/pool";

/**
 * The worker's side of a regrade (requested through lib/instructor/regrade.ts): grade the stored
 * code again and add a GradingResult with regrade = true. The submission's copied outcome follows
 * the new grading, unless the grader itself failed: a broken sandbox must not take a student's grade away.
 */
export async function processRegrade(
  job: Job<RegradeJob>,
  pool?: SandboxPool,
  log: (message: string) => void = () => {},
): Promise<{ skipped?: string; verdict?: string }> {
  const { submissionId, since } = job.data;
  const sinceDate = new Date(since);
  const submission = await db().submission.findUnique({
    where: { id: submissionId },
    select: { exerciseSlug: true, code: true },
  });
  if (!submission) return { skipped: "missing" };
  if (await regradedSince(submissionId, sinceDate)) return { skipped: "done" };
  log(`regrading ${submissionId} (${submission.exerciseSlug}) attempt ${job.attemptsMade + 1}`);
  const started = Date.now();
  let report: GradeReport;
  let graderFault = false;
  try {
    report = await grade(submission.exerciseSlug, submission.code, { pool });
  } catch (error) {
    if (retryOnQueue(error, job)) throw error;
    report = faultReport(
      submission.exerciseSlug,
      `The grader could not regrade this submission: ${(error as Error).message}`,
    );
    graderFault = true;
  }
  // Like a first grading: a finished regrade waits out a database restart instead of being lost.
  const stored = await retryInfrastructureFaults(
    () => storeRegrade(submissionId, sinceDate, report, graderFault),
    STORE_RETRY_MS,
    (error, waitMs) =>
      log(`cannot store the regrade of ${submissionId} yet, retrying in ${waitMs} ms: ${briefMessage(error)}`),
  );
  if (stored) await publishChange(submissionId);
  if (stored && !graderFault) publishSubmissionChange(submissionId); // to the LMS gradebook (issue 26)
  log(
    `regraded ${submissionId} ${report.verdict} ${report.score}/${report.maxScore} in ${Date.now() - started} ms` +
      (stored ? "" : " (already stored by another attempt)"),
  );
  return { verdict: report.verdict };
}

function regradedSince(submissionId: string, since: Date) {
  return db().gradingResult.findFirst({
    where: { submissionId, regrade: true, createdAt: { gte: since } },
    select: { id: true },
  });
}

/** One regrade row per request, even when a job runs twice (row lock, then re-check). */
export async function storeRegrade(
  submissionId: string,
  since: Date,
  report: GradeReport,
  graderFault: boolean,
): Promise<boolean> {
  const outcome = outcomeOf(report);
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Submission" WHERE id = ${submissionId} FOR UPDATE`;
    if (
      await tx.gradingResult.findFirst({
        where: { submissionId, regrade: true, createdAt: { gte: since } },
        select: { id: true },
      })
    )
      return false;
    await tx.gradingResult.create({ data: { submissionId, regrade: true, ...resultData(report) } });
    if (!graderFault)
      await tx.submission.updateMany({
        where: { id: submissionId, status: { in: TERMINAL } },
        data: outcome,
      });
    return true;
  });
}
