import type { z } from "zod";
import { readJson, respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { requireUser } from "@/lib/auth/session";
import type { createdReportSchema, ownReportsSchema } from "@/lib/contracts/reports";
import { newReportSchema } from "@/lib/reports/input";
import { createReport, ownReports } from "@/lib/reports/student";

type Ctx = { params: Promise<{ id: string }> };
export const dynamic = "force-dynamic";

/** The caller's reports of a grading problem on their own attempt, newest first. */
export function GET(_: Request, { params }: Ctx) {
  return respond(async () => {
    const user = await requireUser();
    const { id } = await idsOf(params);
    return Response.json({ reports: await ownReports(user, id) } satisfies z.infer<typeof ownReportsSchema>);
  });
}

/** "I think this verdict is wrong": 201; 409 when the attempt is not graded or a report is already open. */
export function POST(request: Request, { params }: Ctx) {
  return respond(async () => {
    const user = await requireUser();
    const { id } = await idsOf(params);
    const input = await readJson(request, newReportSchema);
    const report = await createReport(user, id, input);
    return Response.json({ report } satisfies z.infer<typeof createdReportSchema>, { status: 201 });
  });
}
