import { respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { applyRubricItem, unapplyRubricItem } from "@/lib/feedback/staff";
import { requireCohortStaff } from "@/lib/instructor/access";

type Ctx = { params: Promise<{ id: string; submissionId: string; itemId: string }> };

/** Applies a rubric item to the submission (one click); applying it twice changes nothing. */
export function PUT(_: Request, { params }: Ctx) {
  return respond(async () => {
    const { id, submissionId, itemId } = await idsOf(params);
    const { user } = await requireCohortStaff(id);
    await applyRubricItem(id, submissionId, itemId, user.id);
    return new Response(null, { status: 204 });
  });
}

export function DELETE(_: Request, { params }: Ctx) {
  return respond(async () => {
    const { id, submissionId, itemId } = await idsOf(params);
    await requireCohortStaff(id);
    await unapplyRubricItem(id, submissionId, itemId);
    return new Response(null, { status: 204 });
  });
}
