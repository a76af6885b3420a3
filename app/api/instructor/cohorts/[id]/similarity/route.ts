import { idsOf } from "@/app/_server/params";
import { readJson, respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { similarityOverview } from "@/lib/similarity/read";
import { requestSimilarity, similarityRequestSchema } from "@/lib/similarity/runs";

type Ctx = { params: Promise<{ id: string }> };
export const dynamic = "force-dynamic";

/** Per exercise, the latest similarity scan of the cohort. */
export function GET(_request: Request, { params }: Ctx) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    return Response.json(await similarityOverview(id));
  });
}

/** "Compare now": queues a scan for one exercise (the worker compares; this answers at once). */
export function POST(request: Request, { params }: Ctx) {
  return respond(async () => {
    const { id } = await idsOf(params);
    const user = await requireCohortAccess(id);
    const { exerciseSlug } = await readJson(request, similarityRequestSchema);
    return Response.json(await requestSimilarity(id, exerciseSlug, user.id), { status: 202 });
  });
}
