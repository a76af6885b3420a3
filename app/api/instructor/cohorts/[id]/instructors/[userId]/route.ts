import { respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { removeCoInstructor } from "@/lib/instructor/cohorts";
import { idsOf } from "@/app/_server/params";

export function DELETE(_: Request, { params }: { params: Promise<{ id: string; userId: string }> }) {
  return respond(async () => {
    const { id, userId } = await idsOf(params);
    await requireCohortAccess(id);
    await removeCoInstructor(id, userId);
    return new Response(null, { status: 204 });
  });
}
