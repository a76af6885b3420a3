import { readJson, respond } from "@/app/_server/http";
import { requireInstructor } from "@/lib/instructor/access";
import { cohortInputSchema, cohortsTaughtBy, createCohort } from "@/lib/instructor/cohorts";

export const dynamic = "force-dynamic";

export function GET() {
  return respond(async () => {
    const user = await requireInstructor();
    return Response.json({ cohorts: await cohortsTaughtBy(user) });
  });
}

export function POST(request: Request) {
  return respond(async () => {
    const user = await requireInstructor();
    const input = await readJson(request, cohortInputSchema);
    return Response.json({ cohort: await createCohort(user.id, input) }, { status: 201 });
  });
}
