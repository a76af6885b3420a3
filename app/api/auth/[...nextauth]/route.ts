import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { clientAddress, signInWait } from "@/lib/auth/rate-limits";
import { webEnv } from "@/lib/env/web";
import { metrics } from "@/lib/observability/metrics";

const handler = (req: Request, ctx: unknown) => NextAuth(authOptions())(req, ctx);
export { handler as GET };

/** Password sign-ins over the limit get a 429 before any password is checked (lib/auth/rate-limits). */
export async function POST(req: Request, ctx: unknown) {
  if (!new URL(req.url).pathname.endsWith("/callback/credentials")) return handler(req, ctx);
  const form = await req
    .clone()
    .formData()
    .catch(() => null);
  const wait = await signInWait(String(form?.get("email") ?? ""), clientAddress(req.headers));
  if (wait === null) return handler(req, ctx);
  metrics().rateLimitRefusals.inc({ limit: "sign-in" });
  const minutes = Math.ceil(wait / 60);
  return Response.json(
    {
      // next-auth's client reads the error from this URL's query.
      url: `${webEnv().NEXTAUTH_URL}/signin?error=TooManyAttempts`,
      error: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    },
    { status: 429, headers: { "Retry-After": String(wait) } },
  );
}
