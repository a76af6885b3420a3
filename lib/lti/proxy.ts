import { NextResponse, type NextRequest } from "next/server";
import { frameAncestors } from "./http";

/**
 * The proxy's LTI part. The login and launch endpoints take the platform's cross-site form posts by
 * design (their defence is the signed id_token, the state cookie and the one-time nonce, not the
 * origin), so the site-wide CSRF refusal skips them. The tool's LTI pages may be framed by the
 * registered platforms only (frame-ancestors, which supersedes the site's X-Frame-Options: DENY).
 */
const CROSS_SITE_ENTRIES = new Set(["/api/lti/login", "/api/lti/launch", "/api/lti/register"]);

export async function ltiProxy(request: NextRequest): Promise<NextResponse | null> {
  const path = request.nextUrl.pathname;
  const page = path === "/lti" || path.startsWith("/lti/");
  if (!page && !CROSS_SITE_ENTRIES.has(path)) return null;
  const response = NextResponse.next();
  if (page) response.headers.set("content-security-policy", await frameAncestors());
  return response;
}
