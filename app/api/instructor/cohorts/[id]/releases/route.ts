import { readJson, respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { releaseSchema } from "@/lib/contracts/feedback";
import { setRelease } from "@/lib/feedback/release";
import { requireCohortStaff } from "@/lib/instructor/access";

/** Holds an exercise's manual feedback ({held: true}) or releases it to the cohort now ({held: false}). */
export function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortStaff(id);
    const { exerciseSlug, held } = await readJson(request, releaseSchema);
    return Response.json({ release: await setRelease(id, exerciseSlug, held) });
  });
}
