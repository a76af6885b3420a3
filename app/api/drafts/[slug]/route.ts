import { requireUser, HttpError } from "@/lib/auth/session";
import { draftBodySchema, getDraft, saveDraft } from "@/lib/courses/drafts";
import { exerciseExists } from "@/lib/courses/exercises";
import { readJson, respond } from "@/app/_server/http";

type Ctx = { params: Promise<{ slug: string }> };

async function exerciseOr404(params: Ctx["params"]) {
  const { slug } = await params;
  if (!(await exerciseExists(slug))) throw new HttpError(404, "No such exercise.");
  return slug;
}

/** Drafts are keyed by the signed-in user: there is no way to name someone else's. */
export function GET(_request: Request, { params }: Ctx) {
  return respond(async () => {
    const user = await requireUser();
    const slug = await exerciseOr404(params);
    const draft = await getDraft(user.id, slug);
    return Response.json({ exercise: slug, code: draft?.code ?? null, updatedAt: draft?.updatedAt ?? null });
  });
}

export function PUT(request: Request, { params }: Ctx) {
  return respond(async () => {
    const user = await requireUser();
    const slug = await exerciseOr404(params);
    const { code } = await readJson(request, draftBodySchema);
    const saved = await saveDraft(user.id, slug, code);
    return Response.json({ exercise: slug, updatedAt: saved.updatedAt });
  });
}
