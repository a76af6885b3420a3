import { readJson, respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { editCommentSchema } from "@/lib/contracts/feedback";
import { deleteComment, editComment } from "@/lib/feedback/staff";
import { requireCohortStaff } from "@/lib/instructor/access";

type Ctx = { params: Promise<{ id: string; commentId: string }> };

/** A comment's author edits it; anyone else of the staff gets a 403. */
export function PATCH(request: Request, { params }: Ctx) {
  return respond(async () => {
    const { id, commentId } = await idsOf(params);
    const { user } = await requireCohortStaff(id);
    await editComment(id, commentId, user.id, await readJson(request, editCommentSchema));
    return new Response(null, { status: 204 });
  });
}

export function DELETE(_: Request, { params }: Ctx) {
  return respond(async () => {
    const { id, commentId } = await idsOf(params);
    const { user } = await requireCohortStaff(id);
    await deleteComment(id, commentId, user.id);
    return new Response(null, { status: 204 });
  });
}
