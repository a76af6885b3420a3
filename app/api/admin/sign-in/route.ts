import { z } from "zod";
import { readJson, respond } from "@/app/_server/http";
import { requireUser } from "@/lib/auth/session";
import { passwordSignInEnabled, setPasswordSignIn } from "@/lib/auth/oidc";

export const dynamic = "force-dynamic";

const settingsSchema = z.object({ passwordSignIn: z.boolean() }).strict();

/** Whether email/password sign-in is on (admins only). */
export async function GET() {
  return respond(async () => {
    await requireUser("ADMIN");
    return Response.json({ passwordSignIn: await passwordSignInEnabled() });
  });
}

/** Turns email/password sign-in on or off for everyone but admins. */
export async function PUT(request: Request) {
  return respond(async () => {
    await requireUser("ADMIN");
    const { passwordSignIn } = await readJson(request, settingsSchema);
    await setPasswordSignIn(passwordSignIn);
    return Response.json({ passwordSignIn });
  });
}
