import { respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { cohortGrades } from "@/lib/instructor/grades";
import { idsOf } from "@/app/_server/params";

export const dynamic = "force-dynamic";

/** The gradebook as a CSV download. */
export function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    const { filename, csv } = await cohortGrades(id);
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
      },
    });
  });
}
