import { type CheckResult, type EvidenceKind } from "../../lib/contracts/report";

/** The report's schemas and types live in lib/contracts/report.ts, the contract the web app reads too. */
export {
  checkResultSchema,
  evidenceKindSchema,
  gradeReportSchema,
  timelineEntrySchema,
  reportVerdictSchema as verdictSchema,
  type CheckResult,
  type EvidenceKind,
  type GradeReport,
  type TimelineEntry,
} from "../../lib/contracts/report";

/** One check: passes or fails with the message for that outcome. */
export function check(
  id: string,
  weight: number,
  passed: boolean,
  messages: { pass: string; fail: string },
  kind: EvidenceKind = "outside",
): CheckResult {
  return { id, weight, passed, message: passed ? messages.pass : messages.fail, kind };
}
