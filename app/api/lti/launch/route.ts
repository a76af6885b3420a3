import { cookies } from "next/headers";
import { formParams, ltiEndpoint } from "@/lib/lti/http";
import { handleLaunch } from "@/lib/lti/launch";

/** The platform's authentication response (form_post of id_token and state): verify, sign in, go on. */
export async function POST(request: Request): Promise<Response> {
  return ltiEndpoint("launch", request, async () => {
    const names = new Set((await cookies()).getAll().map((c) => c.name));
    const outcome = await handleLaunch(await formParams(request), names);
    const headers = new Headers({ location: outcome.location, "cache-control": "no-store" });
    for (const cookie of outcome.cookies) headers.append("set-cookie", cookie);
    return new Response(null, { status: 303, headers });
  });
}
