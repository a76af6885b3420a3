import type { ReportView } from "../contracts/reports";
import { db } from "../db";
import type { VerdictReport } from "../generated/prisma/client";

export type ReportRow = VerdictReport & { answeredBy: { name: string } | null };
export const reportInclude = { answeredBy: { select: { name: true } } } as const;

/** `regradedAt`: the first regrade stored after the answer, if the report was answered by a regrade. */
export function reportView(row: ReportRow, regradedAt: Date | null = null): ReportView {
  return {
    id: row.id,
    submissionId: row.submissionId,
    status: row.status,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    answer: row.answer,
    overrideScore: row.status === "OVERRIDDEN" ? row.overrideScore : null,
    answeredBy: row.answeredBy?.name ?? null,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    regradedAt: row.status === "REGRADED" ? (regradedAt?.toISOString() ?? null) : null,
  };
}

/** Each row's view, with when its regrade (if it asked for one) was stored. */
export async function reportViews(rows: ReportRow[]): Promise<ReportView[]> {
  const regraded = rows.filter((r) => r.status === "REGRADED" && r.answeredAt);
  const gradings = regraded.length
    ? await db().gradingResult.findMany({
        where: { regrade: true, submissionId: { in: [...new Set(regraded.map((r) => r.submissionId))] } },
        select: { submissionId: true, createdAt: true },
        orderBy: { createdAt: "asc" },
      })
    : [];
  return rows.map((r) =>
    reportView(
      r,
      r.status === "REGRADED" && r.answeredAt
        ? (gradings.find((g) => g.submissionId === r.submissionId && g.createdAt >= r.answeredAt!)?.createdAt ?? null)
        : null,
    ),
  );
}
