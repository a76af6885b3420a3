import type { z } from "zod";
import { respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import type { cohortReportListSchema } from "@/lib/contracts/reports";
import { requireCohortStaff } from "@/lib/instructor/access";
import { listCohortReports } from "@/lib/reports/cohort";

export const dynamic = "force-dynamic";

/** The cohort's students' reports of a grading problem: open ones first, then the answered. */
export function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortStaff(id);
    return Response.json((await listCohortReports(id)) satisfies z.infer<typeof cohortReportListSchema>);
  });
}
