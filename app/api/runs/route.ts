import { z } from "zod";
import { respond } from "@/app/_server/http";
import { HttpError, requireUser } from "@/lib/auth/session";
import { slugSchema } from "@/lib/contracts/slug";
import { startRun } from "@/lib/runs/create";
import { readRun } from "@/lib/runs/store";
import { readNewSubmission } from "@/lib/submissions/input";

export const dynamic = "force-dynamic";

/**
 * Run the code as a script in the sandbox, without grading it: 202 with the queued run. The same
 * body and limits as a submission; 429 with retryAfterSeconds past the per-minute limit.
 */
export async function POST(request: Request) {
  return respond(async () => {
    const user = await requireUser();
    const input = await readNewSubmission(request);
    // Past the limit, TooManyRuns is a 429 that respond() answers with retryAfterSeconds.
    return Response.json(await startRun(user, input), { status: 202 });
  });
}

const query = z.object({ exercise: slugSchema('"exercise" must be an exercise slug.') });

/** The caller's latest run of ?exercise=<slug> (kept until the next run), or null. */
export async function GET(request: Request) {
  return respond(async () => {
    const user = await requireUser();
    const { exercise } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
    const run = await readRun(user.id, exercise).catch((error) => {
      console.warn(`cannot read the latest run: ${(error as Error).message}`);
      throw new HttpError(
        503,
        "Your last run cannot be read for a moment (the queue cannot be reached). Try again shortly.",
      );
    });
    return Response.json({ run });
  });
}
