import { respond } from "@/app/_server/http";
import { HttpError, requireUser } from "@/lib/auth/session";
import { queueHealth } from "@/lib/queue/grading-queue";

export const dynamic = "force-dynamic";

/** Queue health for admins: waiting / active / failed / delayed counts and the oldest waiting job's age. */
export async function GET() {
  return respond(async () => {
    await requireUser("ADMIN");
    try {
      return Response.json(await queueHealth());
    } catch (error) {
      throw new HttpError(503, `The queue cannot be read right now: ${(error as Error).message}`);
    }
  });
}
