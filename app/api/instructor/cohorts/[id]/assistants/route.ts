import { readJson, respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { requireCohortAccess } from "@/lib/instructor/access";
import { addAssistant } from "@/lib/instructor/assistants";
import { emailSchema } from "@/lib/instructor/cohorts";

/** Adds a teaching assistant by email: the cohort's instructors only. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    const user = await requireCohortAccess(id);
    const { email } = await readJson(request, emailSchema);
    return Response.json({ assistant: await addAssistant(id, email, user.id) }, { status: 201 });
  });
}
