import { readJson, respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { regradeProgress, regradeProgressSchema, regradeRequestSchema, requestRegrade } from "@/lib/instructor/regrade";
import { idsOf } from "@/app/_server/params";

type Ctx = { params: Promise<{ id: string }> };
export const dynamic = "force-dynamic";

/** Regrades the latest submission of each student for `exerciseSlug`; answers what to poll. */
export function POST(request: Request, { params }: Ctx) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    const { exerciseSlug } = await readJson(request, regradeRequestSchema);
    return Response.json(await requestRegrade(id, exerciseSlug), { status: 202 });
  });
}

/** Progress of the regrade requested at `since`: ?exerciseSlug=…&since=ISO. */
export function GET(request: Request, { params }: Ctx) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const { exerciseSlug, since } = regradeProgressSchema.parse(query);
    return Response.json(await regradeProgress(id, exerciseSlug, since));
  });
}
