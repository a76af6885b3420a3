import { respond } from "@/app/_server/http";
import { requireCohortStaff } from "@/lib/instructor/access";
import { loadDashboard } from "@/lib/instructor/dashboard";
import { idsOf } from "@/app/_server/params";

export const dynamic = "force-dynamic";

export function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    // The cohort's teaching assistants see the dashboard too.
    await requireCohortStaff(id);
    return Response.json(await loadDashboard(id));
  });
}
