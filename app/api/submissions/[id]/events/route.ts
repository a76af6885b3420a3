import { respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { HttpError, requireUser } from "@/lib/auth/session";
import { statusStream } from "@/lib/submissions/live";
import { findVisibleSubmission } from "@/lib/submissions/read";

export const dynamic = "force-dynamic";

/** Live status as server-sent events (`event: status`), see lib/submissions/live.ts. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const user = await requireUser();
    const { id } = await idsOf(params);
    if (!(await findVisibleSubmission(id, user))) throw new HttpError(404, "No such submission.");
    const read = async () => {
      const view = await findVisibleSubmission(id, user);
      if (!view) return null;
      const { code: _code, ...rest } = view;
      return rest;
    };
    return new Response(statusStream(id, read, request.signal), {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        // no-transform keeps compression from buffering the stream
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      },
    });
  });
}
