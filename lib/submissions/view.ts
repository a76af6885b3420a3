import { gradeReportSchema, type GradeReport } from "../contracts/report";
import type { StatusView, SubmissionSummary, SubmissionView } from "../contracts/submissions";
import type { GradingResult, Submission } from "../generated/prisma/client";

/**
 * A submission as the API shows it (lib/contracts/submissions): GET /api/submissions/:id, and each SSE `status` event
 * (without code).
 */
export function submissionView(submission: Submission, latest: Pick<GradingResult, "report"> | null): SubmissionView {
  return { ...statusView(submission, latest), code: submission.code };
}

/** A live status event's state: the view without the code. */
export function statusView(
  submission: Omit<Submission, "code">,
  latest: Pick<GradingResult, "report"> | null,
): StatusView {
  return {
    ...submissionSummary(submission),
    errorMessage: submission.errorMessage,
    result: latest ? reportOf(latest.report) : null,
  };
}

/** The list entry: no code, no report. */
export function submissionSummary(submission: Omit<Submission, "code">): SubmissionSummary {
  return {
    id: submission.id,
    exercise: submission.exerciseSlug,
    status: submission.status,
    verdict: submission.verdict,
    score: submission.score,
    maxScore: submission.maxScore,
    createdAt: submission.createdAt.toISOString(),
    gradedAt: submission.gradedAt?.toISOString() ?? null,
    queueMs: submission.queueMs,
    runMs: submission.runMs,
  };
}

/** Stored reports were validated when written; a report that no longer parses is still shown as stored. */
function reportOf(json: unknown): GradeReport {
  const parsed = gradeReportSchema.safeParse(json);
  return parsed.success ? parsed.data : (json as GradeReport);
}
