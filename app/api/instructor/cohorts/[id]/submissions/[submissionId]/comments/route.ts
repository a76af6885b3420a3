import { readJson, respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { newCommentSchema } from "@/lib/contracts/feedback";
import { addComment } from "@/lib/feedback/staff";
import { requireCohortStaff } from "@/lib/instructor/access";

/** A line comment on a submission: instructors and TAs of the cohort. */
export function POST(request: Request, { params }: { params: Promise<{ id: string; submissionId: string }> }) {
  return respond(async () => {
    const { id, submissionId } = await idsOf(params);
    const { user } = await requireCohortStaff(id);
    const input = await readJson(request, newCommentSchema);
    return Response.json({ comment: await addComment(id, submissionId, user.id, input) }, { status: 201 });
  });
}
