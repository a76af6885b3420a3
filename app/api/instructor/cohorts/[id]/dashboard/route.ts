import { respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { loadDashboard } from "@/lib/instructor/dashboard";
import { idsOf } from "@/app/_server/params";

export const dynamic = "force-dynamic";

export function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    return Response.json(await loadDashboard(id));
  });
}
