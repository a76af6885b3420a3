import type { z } from "zod";
import { readJson, respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import { newRubricItemSchema, type rubricListSchema } from "@/lib/contracts/feedback";
import { slugSchema } from "@/lib/contracts/slug";
import { createRubricItem, rubricItems } from "@/lib/feedback/staff";
import { requireCohortStaff } from "@/lib/instructor/access";

export const dynamic = "force-dynamic";

/** The cohort's rubric items of one exercise (?exercise=slug). */
export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortStaff(id);
    const slug = slugSchema("not an exercise slug").parse(new URL(request.url).searchParams.get("exercise"));
    return Response.json({ items: await rubricItems(id, slug) } satisfies z.infer<typeof rubricListSchema>);
  });
}

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortStaff(id);
    const input = await readJson(request, newRubricItemSchema);
    return Response.json({ item: await createRubricItem(id, input) }, { status: 201 });
  });
}
