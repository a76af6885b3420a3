import { z } from "zod";
import { gradeReportSchema, storedVerdictSchema } from "./report";

/**
 * The submissions API's responses (the contract): the server builds them with these types, the
 * browser parses them with these schemas. No server imports here: client components read it.
 */
export const statusSchema = z.enum(["QUEUED", "RUNNING", "GRADED", "ERROR"]);
export type Status = z.infer<typeof statusSchema>;
export const TERMINAL: Status[] = ["GRADED", "ERROR"];
export const isFinal = (status: Status) => TERMINAL.includes(status);

/** POST /api/submissions: 201. */
export const createdSubmissionSchema = z.object({ id: z.string(), status: z.literal("QUEUED") });
export type CreatedSubmission = z.infer<typeof createdSubmissionSchema>;

/** A list entry (GET /api/submissions): no code, no report. */
export const submissionSummarySchema = z.object({
  id: z.string(),
  exercise: z.string(),
  status: statusSchema,
  verdict: storedVerdictSchema.nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  createdAt: z.string(),
  gradedAt: z.string().nullable(),
  queueMs: z.number().nullable(),
  runMs: z.number().nullable(),
});
export type SubmissionSummary = z.infer<typeof submissionSummarySchema>;

export const submissionListSchema = z.object({ submissions: z.array(submissionSummarySchema) });

/**
 * One submission with its latest result: GET /api/submissions/:id, and each SSE `status` event
 * (which leaves out `code`). `errorMessage` is why the grader could not grade it (status ERROR).
 */
export const submissionViewSchema = submissionSummarySchema.extend({
  code: z.string().optional(),
  errorMessage: z.string().nullable(),
  result: gradeReportSchema.nullable(),
});
export type SubmissionView = z.infer<typeof submissionViewSchema>;

/** An SSE `status` event's state: the view without the code. */
export const statusViewSchema = submissionViewSchema.omit({ code: true });
export type StatusView = z.infer<typeof statusViewSchema>;
