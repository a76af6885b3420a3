import { readJson, respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { cohortDetails, cohortPatchSchema, deleteCohort, updateCohort } from "@/lib/instructor/cohorts";
import { publishCohortChange } from "@/lib/lti/publish";
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
    const cohort = await updateCohort(id, patch);
    if (patch.latePolicy) publishCohortChange(id); // the LMS's scores follow the late policy (issue 26)
    return Response.json({ cohort });
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
