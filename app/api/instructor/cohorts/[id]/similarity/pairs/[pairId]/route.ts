import { idsOf } from "@/app/_server/params";
import { respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { similarityPair } from "@/lib/similarity/read";

type Ctx = { params: Promise<{ id: string; pairId: string }> };
export const dynamic = "force-dynamic";

/** Both submissions of a pair with their shared fragments, for the side-by-side view. */
export function GET(_request: Request, { params }: Ctx) {
  return respond(async () => {
    const { id, pairId } = await idsOf(params);
    await requireCohortAccess(id);
    return Response.json(await similarityPair(id, pairId));
  });
}
