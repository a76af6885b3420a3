import { formatScore } from "@/app/_components/format";
import type { CohortReport } from "@/lib/contracts/reports";

const STATUS = {
  OPEN: ["accent", "Open"],
  REGRADED: ["ok", "Regraded"],
  OVERRIDDEN: ["ok", "Score overridden"],
  DECLINED: ["warn", "Declined"],
} as const;

export function ReportStatus({ report }: { report: CohortReport }) {
  const [tone, text] = STATUS[report.status];
  return (
    <span className={`badge ${tone}`} data-testid="report-status">
      {text}
      {report.status === "OVERRIDDEN" && report.overrideScore !== null && ` to ${formatScore(report.overrideScore)}`}
    </span>
  );
}
