import { respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { requireUser } from "@/lib/auth/session";
import { markFeedbackRead } from "@/lib/feedback/student";

/** The student read the feedback on their own attempt: its "new feedback" mark goes. */
export function POST(_: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    const user = await requireUser();
    await markFeedbackRead(user.id, id);
    return new Response(null, { status: 204 });
  });
}
