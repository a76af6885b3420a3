import { HttpError } from "../auth/session";
import type { CohortReport, CohortReportList } from "../contracts/reports";
import { db } from "../db";
import type { Prisma, User } from "../generated/prisma/client";
import { enqueueRegrades } from "../instructor/regrade";
import type { Answer } from "./input";
import { reportViews } from "./view";
import { publishSubmissionChange } from "../lti/publish";

/**
 * The cohort's side of reports: its instructors see the reports of the cohort's students (a
 * student in two cohorts is answered by either) and answer each with a regrade, a score override
 * (kept beside the grader's results, credited by the gradebook) or a decline. An answer can be
 * changed later: the latest one stands.
 */
const ANSWERED_SHOWN = 100;

const include = {
  answeredBy: { select: { name: true } },
  user: { select: { id: true, name: true, email: true } },
  submission: {
    select: {
      userId: true,
      exerciseSlug: true,
      createdAt: true,
      score: true,
      maxScore: true,
      exercise: { select: { title: true, points: true } },
    },
  },
} as const satisfies Prisma.VerdictReportInclude;

type Row = Prisma.VerdictReportGetPayload<{ include: typeof include }>;

const inCohort = (cohortId: string) => ({ user: { enrollments: { some: { cohortId } } } }) as const;

async function cohortViews(rows: Row[]): Promise<CohortReport[]> {
  const [views, numbers] = await Promise.all([
    reportViews(rows),
    Promise.all(
      rows.map((r) =>
        db().submission.count({
          where: {
            userId: r.submission.userId,
            exerciseSlug: r.submission.exerciseSlug,
            createdAt: { lte: r.submission.createdAt },
          },
        }),
      ),
    ),
  ]);
  return rows.map((r, i) => ({
    ...views[i],
    student: r.user,
    exerciseSlug: r.submission.exerciseSlug,
    exerciseTitle: r.submission.exercise.title,
    attemptNumber: numbers[i],
    graderScore: r.submission.score,
    maxScore: r.submission.maxScore,
  }));
}

export async function listCohortReports(cohortId: string): Promise<CohortReportList> {
  const [open, answered] = await Promise.all([
    db().verdictReport.findMany({
      where: { ...inCohort(cohortId), status: "OPEN" },
      include,
      orderBy: { createdAt: "asc" },
    }),
    db().verdictReport.findMany({
      where: { ...inCohort(cohortId), status: { not: "OPEN" } },
      include,
      orderBy: { answeredAt: "desc" },
      take: ANSWERED_SHOWN,
    }),
  ]);
  return { open: open.length, reports: await cohortViews([...open, ...answered]) };
}

async function reportInCohort(cohortId: string, reportId: string): Promise<Row> {
  const row = await db().verdictReport.findFirst({ where: { id: reportId, ...inCohort(cohortId) }, include });
  if (!row) throw new HttpError(404, "No such report in this cohort.");
  return row;
}

export async function answerReport(
  cohortId: string,
  reportId: string,
  by: Pick<User, "id">,
  answer: Answer,
): Promise<CohortReport> {
  const report = await reportInCohort(cohortId, reportId);
  const now = new Date();
  if (answer.action === "override") {
    const max = report.submission.maxScore ?? report.submission.exercise.points;
    if (answer.score > max) throw new HttpError(400, `The score must be between 0 and ${max}, this attempt's maximum.`);
  }
  // Queued before the answer is written: when the queue refuses (503), the report stays as it was.
  if (answer.action === "regrade") await enqueueRegrades([report.submissionId], now);
  const status = ({ regrade: "REGRADED", override: "OVERRIDDEN", decline: "DECLINED" } as const)[answer.action];
  await db().verdictReport.update({
    where: { id: report.id },
    data: {
      status,
      answer: answer.answer || null,
      overrideScore: answer.action === "override" ? answer.score : null,
      answeredById: by.id,
      answeredAt: now,
    },
  });
  if (answer.action === "override") publishSubmissionChange(report.submissionId); // to the LMS (issue 26)
  return (await cohortViews([await reportInCohort(cohortId, reportId)]))[0];
}
