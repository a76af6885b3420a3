import { z } from "zod";
import { respond } from "@/app/_server/http";
import { requireUser } from "@/lib/auth/session";
import { slugSchema } from "@/lib/contracts/slug";
import { runStream } from "@/lib/runs/live";

export const dynamic = "force-dynamic";

const query = z.object({ exercise: slugSchema('"exercise" must be an exercise slug.') });

/** The caller's latest run of ?exercise=<slug>, live, as server-sent events (`event: run`), see lib/runs/live.ts. */
export async function GET(request: Request) {
  return respond(async () => {
    const user = await requireUser();
    const { exercise } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
    return new Response(runStream(user.id, exercise, request.signal), {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      },
    });
  });
}
