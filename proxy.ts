import { NextResponse, type NextRequest } from "next/server";
import { webEnv } from "./lib/env/web";
import { crossSiteRefusal } from "./lib/security/same-origin";
import { ltiProxy } from "./lib/lti/proxy";

/** Refuses cross-site state-changing API requests (CSRF) before any handler or session is read. */
export async function proxy(request: NextRequest) {
  const lti = await ltiProxy(request); // LTI entry points and framed pages (issue 26)
  if (lti) return lti;
  const refusal = crossSiteRefusal(request.method, request.headers, [webEnv().NEXTAUTH_URL]);
  if (refusal) return NextResponse.json({ error: refusal }, { status: 403 });
  return NextResponse.next();
}

export const config = { matcher: ["/api/:path*", "/lti/:path*"] };
