import { respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { requireCohortAccess } from "@/lib/instructor/access";
import { revokeExtension } from "@/lib/instructor/extensions";

/** Revokes an extension: the student's due date is the cohort's again. */
export function DELETE(_: Request, { params }: { params: Promise<{ id: string; extensionId: string }> }) {
  return respond(async () => {
    const { id, extensionId } = await idsOf(params);
    await requireCohortAccess(id);
    await revokeExtension(id, extensionId);
    return new Response(null, { status: 204 });
  });
}
