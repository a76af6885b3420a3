import { readJson, respond } from "@/app/_server/http";
import { requireUser } from "@/lib/auth/session";
import { platformInputSchema } from "@/lib/contracts/lti";
import { listPlatforms, registerPlatform } from "@/lib/lti/platforms";

export const dynamic = "force-dynamic";

/** Registered LMS platforms: admins only (anyone else 401/403, nothing changed). */
export async function GET() {
  return respond(async () => {
    await requireUser("ADMIN");
    return Response.json({ platforms: await listPlatforms() });
  });
}

/** Registers a platform (or adds deployments to one already registered with that issuer and client id). */
export async function POST(request: Request) {
  return respond(async () => {
    await requireUser("ADMIN");
    const platform = await registerPlatform(await readJson(request, platformInputSchema));
    return Response.json({ platform }, { status: 201 });
  });
}
