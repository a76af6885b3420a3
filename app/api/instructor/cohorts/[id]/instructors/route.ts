import { readJson, respond } from "@/app/_server/http";
import { requireCohortAccess } from "@/lib/instructor/access";
import { addCoInstructor, emailSchema } from "@/lib/instructor/cohorts";
import { idsOf } from "@/app/_server/params";

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    const { email } = await readJson(request, emailSchema);
    return Response.json({ instructor: await addCoInstructor(id, email) }, { status: 201 });
  });
}
