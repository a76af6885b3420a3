import type { z } from "zod";
import { respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import type { staffFeedbackSchema } from "@/lib/contracts/feedback";
import { staffFeedback } from "@/lib/feedback/staff";
import { requireCohortStaff } from "@/lib/instructor/access";

export const dynamic = "force-dynamic";

/** A submission as its reviewer sees it: code, comments, the exercise's rubric, the grade. */
export function GET(_: Request, { params }: { params: Promise<{ id: string; submissionId: string }> }) {
  return respond(async () => {
    const { id, submissionId } = await idsOf(params);
    const { user } = await requireCohortStaff(id);
    return Response.json(
      (await staffFeedback(id, submissionId, user.id)) satisfies z.infer<typeof staffFeedbackSchema>,
    );
  });
}
