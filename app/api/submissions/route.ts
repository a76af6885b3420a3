import { z } from "zod";
import { respond } from "@/app/_server/http";
import { requireUser } from "@/lib/auth/session";
import { slugSchema } from "@/lib/contracts/slug";
import { createSubmission, TooManySubmissions } from "@/lib/submissions/create";
import { readNewSubmission } from "@/lib/submissions/input";
import { listOwnSubmissions } from "@/lib/submissions/read";

export const dynamic = "force-dynamic";

/** Submit code for grading: 201 {id, status: "QUEUED"}; the grading itself happens in a worker. */
export async function POST(request: Request) {
  return respond(async () => {
    const user = await requireUser();
    const input = await readNewSubmission(request);
    try {
      return Response.json(await createSubmission(user, input), { status: 201 });
    } catch (error) {
      if (!(error instanceof TooManySubmissions)) throw error;
      return Response.json(
        { error: error.message, retryAfterSeconds: error.retryAfterSeconds },
        { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
      );
    }
  });
}

const listQuery = z.object({
  exercise: slugSchema('"exercise" must be an exercise slug.').optional(),
});

/** The caller's own submissions, newest first (?exercise=<slug> for one exercise). */
export async function GET(request: Request) {
  return respond(async () => {
    const user = await requireUser();
    const { exercise } = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json({ submissions: await listOwnSubmissions(user.id, exercise) });
  });
}
