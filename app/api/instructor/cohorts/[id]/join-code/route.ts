import { respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { regenerateJoinCode } from "@/lib/instructor/cohorts";
import { idsOf } from "@/app/_server/params";

/** A new join code; the old one stops working at once (already enrolled students stay). */
export function POST(_: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    return Response.json(await regenerateJoinCode(id));
  });
}
