import { gradeReportSchema } from "../contracts/report";
import { db } from "../db";

/** The gate a grading fails when the runner refused a call or the records disagreed with PID 1. */
const INTEGRITY = "harness.integrity";

/**
 * The cohort's attempts the grader flagged for tampering (issue 25): each grading whose
 * `harness.integrity` gate failed, newest first, with what was refused or did not match and the
 * student's line, as the check's message says it. A person reads these: a determined attempt is
 * not only a zero.
 */
export async function integrityFlags(cohortId: string, take = 20) {
  const rows = await db().gradingResult.findMany({
    where: { failedChecks: { has: INTEGRITY }, submission: { user: { enrollments: { some: { cohortId } } } } },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      createdAt: true,
      report: true,
      submission: {
        select: { id: true, exerciseSlug: true, user: { select: { id: true, name: true, email: true } } },
      },
    },
  });
  return rows.map((r) => {
    const report = gradeReportSchema.safeParse(r.report);
    const check = report.success ? report.data.checks.find((c) => c.id === INTEGRITY) : undefined;
    return {
      submissionId: r.submission.id,
      exerciseSlug: r.submission.exerciseSlug,
      student: r.submission.user,
      at: r.createdAt,
      message: check?.message ?? "The grader's records of this attempt did not match what it saw from outside.",
    };
  });
}
export type IntegrityFlag = Awaited<ReturnType<typeof integrityFlags>>[number];
