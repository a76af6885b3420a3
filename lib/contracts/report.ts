import { z } from "zod";

/**
 * The grading report: what the grader writes (the command line's JSON, the worker's stored result)
 * and the web app stores and shows. Defined here, the one contract both sides import: lib/ and app/
 * directly, the grader through grader/checks/result.ts.
 *
 * What a check's pass rests on: `outside` — what PID 1 and its fixtures observed; `cross-checked` —
 * records from inside the student's interpreter that agree with the outside view; `gate` — the run
 * itself (it ran, its records are the harness's), which earns nothing but lets the others be judged.
 */
export const evidenceKindSchema = z.enum(["outside", "cross-checked", "gate"]);
export type EvidenceKind = z.infer<typeof evidenceKindSchema>;

export const checkResultSchema = z.object({
  id: z.string(),
  passed: z.boolean(),
  weight: z.number(),
  message: z.string(),
  kind: evidenceKindSchema.optional(),
  /** Not judged because a gate failed (the code did not run, or its records were forged). */
  notRun: z.boolean().optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const timelineEntrySchema = z.object({
  task: z.string(),
  op: z.string(),
  start: z.number(),
  end: z.number(),
  cancelled: z.boolean().optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const reportVerdictSchema = z.enum(["passed", "failed", "error"]);

/** The grading report: the command line's JSON, the worker's stored result. */
export const gradeReportSchema = z.object({
  exercise: z.string(),
  verdict: reportVerdictSchema,
  score: z.number(),
  maxScore: z.number(),
  checks: z.array(checkResultSchema),
  elapsedMs: z.number(),
  /**
   * The student's own time on the verdict's path (the longest scenario where they ran side by side,
   * the sum where one came after another): elapsedMs minus this is the grader's overhead.
   */
  workMs: z.number().optional(),
  timeline: z.array(timelineEntrySchema),
  idealTimeline: z.array(timelineEntrySchema).optional(),
  output: z.string().optional(),
  error: z.string().optional(),
  remeasured: z.boolean().optional(),
});
export type GradeReport = z.infer<typeof gradeReportSchema>;

/**
 * Two spellings of one verdict: the report's is lower case ("passed", the command line's contract),
 * the stored one is the database enum's, upper case ("PASSED", the submissions API's). The grader
 * converts once, when it stores a report (storedVerdict).
 */
export const storedVerdictSchema = z.enum(["PASSED", "FAILED", "ERROR"]);
export type StoredVerdict = z.infer<typeof storedVerdictSchema>;
export type ReportVerdict = GradeReport["verdict"];

const STORED: Record<ReportVerdict, StoredVerdict> = { passed: "PASSED", failed: "FAILED", error: "ERROR" };

export const storedVerdict = (verdict: ReportVerdict): StoredVerdict => STORED[verdict];
