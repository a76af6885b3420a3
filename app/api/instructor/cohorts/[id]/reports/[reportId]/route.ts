import type { z } from "zod";
import { readJson, respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import type { answeredReportSchema } from "@/lib/contracts/reports";
import { requireCohortStaff } from "@/lib/instructor/access";
import { answerReport } from "@/lib/reports/cohort";
import { answerSchema } from "@/lib/reports/input";

/** Answers a report (or changes the answer): regrade, override the attempt's score, or decline. */
export function PUT(request: Request, { params }: { params: Promise<{ id: string; reportId: string }> }) {
  return respond(async () => {
    const { id, reportId } = await idsOf(params);
    // Answering grading-problem reports is part of a TA's work.
    const { user } = await requireCohortStaff(id);
    const answer = await readJson(request, answerSchema);
    const report = await answerReport(id, reportId, user, answer);
    return Response.json({ report } satisfies z.infer<typeof answeredReportSchema>);
  });
}
