import { readJson, respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { cohortDetails, deadlinesSchema, setDeadlines } from "@/lib/instructor/cohorts";
import { idsOf } from "@/app/_server/params";

/** Sets deadlines per exercise; `dueAt: null` removes one. */
export function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    const { deadlines } = await readJson(request, deadlinesSchema);
    await setDeadlines(id, deadlines);
    return Response.json({ deadlines: (await cohortDetails(id)).deadlines });
  });
}
