import { respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { HttpError, requireUser } from "@/lib/auth/session";
import { statusStream } from "@/lib/submissions/live";
import { findVisibleStatus } from "@/lib/submissions/read";

export const dynamic = "force-dynamic";

/** Live status as server-sent events (`event: status`), see lib/submissions/live.ts. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const user = await requireUser();
    const { id } = await idsOf(params);
    const first = await findVisibleStatus(id, user);
    if (!first) throw new HttpError(404, "No such submission.");
    return new Response(
      statusStream(id, () => findVisibleStatus(id, user), request.signal, first),
      {
        headers: {
          "Content-Type": "text/event-stream; charset=utf-8",
          // no-transform keeps compression from buffering the stream
          "Cache-Control": "no-cache, no-transform",
          Connection: "keep-alive",
          "X-Accel-Buffering": "no",
        },
      },
    );
  });
}
