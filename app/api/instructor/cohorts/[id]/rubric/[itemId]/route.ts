import { readJson, respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { editRubricItemSchema } from "@/lib/contracts/feedback";
import { deleteRubricItem, editRubricItem } from "@/lib/feedback/staff";
import { requireCohortStaff } from "@/lib/instructor/access";

type Ctx = { params: Promise<{ id: string; itemId: string }> };

/** Edits an item: every submission it is applied to follows. */
export function PATCH(request: Request, { params }: Ctx) {
  return respond(async () => {
    const { id, itemId } = await idsOf(params);
    await requireCohortStaff(id);
    return Response.json({ item: await editRubricItem(id, itemId, await readJson(request, editRubricItemSchema)) });
  });
}

export function DELETE(_: Request, { params }: Ctx) {
  return respond(async () => {
    const { id, itemId } = await idsOf(params);
    await requireCohortStaff(id);
    await deleteRubricItem(id, itemId);
    return new Response(null, { status: 204 });
  });
}
