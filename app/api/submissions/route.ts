import { z } from "zod";
import { respond } from "@/app/_server/http";
import { requireUser } from "@/lib/auth/session";
import { slugSchema } from "@/lib/contracts/slug";
import { createSubmission } from "@/lib/submissions/create";
import { readNewSubmission } from "@/lib/submissions/input";
import { listOwnSubmissions } from "@/lib/submissions/read";

export const dynamic = "force-dynamic";

/**
 * Submit code for grading: 201 {id, status: "QUEUED"}; the grading itself happens in a worker.
 * 429 (nothing stored) when the queue is full or the cohort's attempt limit or cooldown refuses it.
 */
export async function POST(request: Request) {
  return respond(async () => {
    const user = await requireUser();
    const input = await readNewSubmission(request);
    // A refusal (RetryLater) is a 429 that respond() answers with retryAfterSeconds and its reason.
    return Response.json(await createSubmission(user, input), { status: 201 });
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
