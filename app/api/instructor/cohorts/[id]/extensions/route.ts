import { readJson, respond } from "@/app/_server/http";
import { idsOf } from "@/app/_server/params";
import type { z } from "zod";
import type { extensionListSchema } from "@/lib/contracts/extensions";
import { requireCohortAccess } from "@/lib/instructor/access";
import { grantExtensions, grantSchema, listExtensions } from "@/lib/instructor/extensions";

type Body = z.infer<typeof extensionListSchema>;

/** Every extension granted in the cohort, newest first. */
export function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    await requireCohortAccess(id);
    return Response.json({ extensions: await listExtensions(id) } satisfies Body);
  });
}

/** Grants one or several students a later due date (one exercise, or exerciseSlug null: all). */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const { id } = await idsOf(params);
    const user = await requireCohortAccess(id);
    const grant = await readJson(request, grantSchema);
    return Response.json({ extensions: await grantExtensions(id, user.id, grant) } satisfies Body, { status: 201 });
  });
}
