import type { Joined } from "@/lib/contracts/accounts";
import { requireUser, HttpError } from "@/lib/auth/session";
import { joinCohort, joinCodeSchema, UnknownJoinCode } from "@/lib/cohorts/join";
import { readJson, respond } from "@/app/_server/http";

export function POST(request: Request) {
  return respond(async () => {
    const user = await requireUser();
    const { code } = await readJson(request, joinCodeSchema);
    const cohort = await joinCohort(user.id, code).catch((error) => {
      throw error instanceof UnknownJoinCode ? new HttpError(404, error.message) : error;
    });
    return Response.json({ cohort } satisfies Joined);
  });
}
