import { readJson, respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { cohortDetails, cohortPatchSchema, deleteCohort, updateCohort } from "@/lib/instructor/cohorts";
import { idsOf } from "@/app/_server/params";

type Ctx = { params: Promise<{ id: string }> };
export const dynamic = "force-dynamic";

export function GET(_: Request, { params }: Ctx) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    return Response.json({ cohort: await cohortDetails(id) });
  });
}

export function PATCH(request: Request, { params }: Ctx) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    const patch = await readJson(request, cohortPatchSchema);
    return Response.json({ cohort: await updateCohort(id, patch) });
  });
}

export function DELETE(_: Request, { params }: Ctx) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    await deleteCohort(id);
    return new Response(null, { status: 204 });
  });
}
