import { z } from "zod";
import type { GradeReport } from "../../grader/checks/result";

/**
 * The grading report: what the grader writes (the command line's JSON, the worker's stored result)
 * and the web app stores and shows. lib/ and app/ take it from here, never from grader/.
 *
 * The schemas are still defined in grader/checks/result.ts beside the checks' `check()` helper,
 * because that folder is being rewritten at the same time (issue 28); once it is free, their
 * definitions move into this file and result.ts re-exports them. No importer changes then.
 */
export {
  checkResultSchema,
  evidenceKindSchema,
  gradeReportSchema,
  timelineEntrySchema,
  verdictSchema as reportVerdictSchema,
  type CheckResult,
  type EvidenceKind,
  type GradeReport,
  type TimelineEntry,
} from "../../grader/checks/result";

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
