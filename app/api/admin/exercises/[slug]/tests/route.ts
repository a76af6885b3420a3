import { respond, readJson } from "@/app/_server/http";
import { HttpError, requireUser } from "@/lib/auth/session";
import { testRequestSchema } from "@/lib/contracts/exercise-tests";
import { slugSchema } from "@/lib/contracts/slug";
import { exerciseExists } from "@/lib/courses/exercises";
import { startExerciseTest } from "@/lib/exercise-tests/start";
import { readTest } from "@/lib/exercise-tests/store";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

const slugOf = async (params: Context["params"]) => slugSchema("Not an exercise slug.").parse((await params).slug);

/** The exercise's latest test through the grader (kept a day), or null: instructors and admins. */
export async function GET(_request: Request, { params }: Context) {
  return respond(async () => {
    await requireUser("INSTRUCTOR", "ADMIN");
    const slug = await slugOf(params);
    if (!(await exerciseExists(slug))) throw new HttpError(404, `Unknown exercise "${slug}".`);
    const test = await readTest(slug).catch(() => {
      throw new HttpError(503, "The test cannot be read right now (the queue cannot be reached).");
    });
    return Response.json({ test });
  });
}

/**
 * Admins only: grade every shipped solution of the exercise through the real sandbox `repeat`
 * (1 or 5) times, in the worker. 202 with the queued test; 409 while one is running.
 */
export async function POST(request: Request, { params }: Context) {
  return respond(async () => {
    const user = await requireUser("ADMIN");
    const slug = await slugOf(params);
    const { repeat } = await readJson(request, testRequestSchema);
    return Response.json(await startExerciseTest(user, slug, repeat), { status: 202 });
  });
}
