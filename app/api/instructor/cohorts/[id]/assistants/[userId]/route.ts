import { respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { requireCohortAccess } from "@/lib/instructor/access";
import { removeAssistant } from "@/lib/instructor/assistants";

export function DELETE(_: Request, { params }: { params: Promise<{ id: string; userId: string }> }) {
  return respond(async () => {
    const { id, userId } = await idsOf(params);
    await requireCohortAccess(id);
    await removeAssistant(id, userId);
    return new Response(null, { status: 204 });
  });
}
