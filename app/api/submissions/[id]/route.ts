import { respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { HttpError, requireUser } from "@/lib/auth/session";
import { findVisibleSubmission } from "@/lib/submissions/read";

export const dynamic = "force-dynamic";

/** One submission with its latest result: its owner, their cohort's instructors and admins only. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const user = await requireUser();
    const submission = await findVisibleSubmission((await idsOf(params)).id, user);
    if (!submission) throw new HttpError(404, "No such submission.");
    return Response.json(submission);
  });
}
