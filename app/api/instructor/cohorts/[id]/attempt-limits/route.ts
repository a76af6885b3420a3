import { readJson, respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import type { AttemptLimits } from "@/lib/contracts/limits";
import { requireCohortAccess } from "@/lib/instructor/access";
import { attemptLimits, attemptLimitsInputSchema, setAttemptLimits } from "@/lib/instructor/limits";

export function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    return Response.json((await attemptLimits(id)) satisfies AttemptLimits);
  });
}

/** Sets the cohort's limit and cooldown, and replaces the list of exercises with their own. */
export function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    const input = await readJson(request, attemptLimitsInputSchema);
    return Response.json((await setAttemptLimits(id, input)) satisfies AttemptLimits);
  });
}
