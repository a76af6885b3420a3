import { idsOf } from "@/app/_server/params";
import { respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { similarityScan } from "@/lib/similarity/read";

type Ctx = { params: Promise<{ id: string; runId: string }> };
export const dynamic = "force-dynamic";

/** One similarity scan (polled while it is queued or running) and its pairs, most similar first. */
export function GET(_request: Request, { params }: Ctx) {
  return respond(async () => {
    const { id, runId } = await idsOf(params);
    await requireCohortAccess(id);
    return Response.json(await similarityScan(id, runId));
  });
}
