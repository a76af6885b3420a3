import { respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { HttpError } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { requireCohortAccess } from "@/lib/instructor/access";
import { syncRoster } from "@/lib/lti/roster";
import { ServiceError } from "@/lib/lti/token";

export const dynamic = "force-dynamic";

/** Syncs the cohort's roster from its LMS course now (NRPS); the cohort's staff only. */
export function POST(_: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    const context = await db().ltiContext.findUnique({ where: { cohortId: id }, select: { id: true } });
    if (!context) throw new HttpError(404, "This cohort is not linked to an LMS course.");
    try {
      return Response.json(await syncRoster(context.id));
    } catch (error) {
      if (error instanceof ServiceError) throw new HttpError(502, `The LMS did not give the roster: ${error.message}`);
      throw new HttpError(502, (error as Error).message);
    }
  });
}
