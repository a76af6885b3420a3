import { formParams, ltiEndpoint } from "@/lib/lti/http";
import { initiateLogin } from "@/lib/lti/login";
import { stateCookie } from "@/lib/lti/session";

/** OIDC third-party initiated login (LTI 1.3): the platform sends GET or POST; we redirect to its auth endpoint. */
async function login(request: Request): Promise<Response> {
  return ltiEndpoint("login", request, async () => {
    const { redirect, state } = await initiateLogin(await formParams(request));
    return new Response(null, {
      status: 302,
      headers: { location: redirect, "set-cookie": stateCookie(state), "cache-control": "no-store" },
    });
  });
}

export const GET = login;
export const POST = login;
