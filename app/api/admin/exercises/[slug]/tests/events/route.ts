import { respond } from "@/app/_server/http";
import { HttpError, requireUser } from "@/lib/auth/session";
import { slugSchema } from "@/lib/contracts/slug";
import { exerciseExists } from "@/lib/courses/exercises";
import { testStream } from "@/lib/exercise-tests/live";

export const dynamic = "force-dynamic";

/** The exercise's latest test, live, as server-sent events (`event: test`): instructors and admins. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    await requireUser("INSTRUCTOR", "ADMIN");
    const slug = slugSchema("Not an exercise slug.").parse((await params).slug);
    if (!(await exerciseExists(slug))) throw new HttpError(404, `Unknown exercise "${slug}".`);
    return new Response(testStream(slug, request.signal), {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      },
    });
  });
}
