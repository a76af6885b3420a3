import { z } from "zod";

/**
 * Reports of a grading problem ("I think this verdict is wrong"): the student's and the
 * instructors' API answers (server and browser share these; no server imports here).
 */
export const NOTE_MAX = 2000;
export const ANSWER_MAX = 2000;

export const reportStatusSchema = z.enum(["OPEN", "REGRADED", "OVERRIDDEN", "DECLINED"]);
export type ReportStatus = z.infer<typeof reportStatusSchema>;

/** One report as its author sees it on the attempt. */
export const reportViewSchema = z.object({
  id: z.string(),
  submissionId: z.string(),
  status: reportStatusSchema,
  note: z.string(),
  createdAt: z.string(),
  /** The instructor's reason (required for an override or a decline, optional for a regrade). */
  answer: z.string().nullable(),
  /** OVERRIDDEN: the score the instructor gave this attempt, credited in the gradebook. */
  overrideScore: z.number().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
  /** REGRADED: when the new grading was stored (null while it is still waiting for a grader). */
  regradedAt: z.string().nullable(),
});
export type ReportView = z.infer<typeof reportViewSchema>;

/** GET /api/submissions/:id/reports: the caller's reports on their attempt, newest first. */
export const ownReportsSchema = z.object({ reports: z.array(reportViewSchema) });

/** POST /api/submissions/:id/reports: 201. */
export const createdReportSchema = z.object({ report: reportViewSchema });

/** One report as the cohort's instructors list it. */
export const cohortReportSchema = reportViewSchema.extend({
  student: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  exerciseSlug: z.string(),
  exerciseTitle: z.string(),
  /** The attempt's number among the student's attempts at the exercise (1 = first). */
  attemptNumber: z.number().int(),
  /** The grader's latest result of the attempt, beside any override. */
  graderScore: z.number().nullable(),
  maxScore: z.number().nullable(),
});
export type CohortReport = z.infer<typeof cohortReportSchema>;

/** GET /api/instructor/cohorts/:id/reports: open ones first (oldest first), then answered (newest first). */
export const cohortReportListSchema = z.object({ open: z.number().int(), reports: z.array(cohortReportSchema) });
export type CohortReportList = z.infer<typeof cohortReportListSchema>;

/** PUT /api/instructor/cohorts/:id/reports/:reportId: the answered report. */
export const answeredReportSchema = z.object({ report: cohortReportSchema });
