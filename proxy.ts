import { NextResponse, type NextRequest } from "next/server";
import { env } from "./lib/env";
import { crossSiteRefusal } from "./lib/security/same-origin";

/** Refuses cross-site state-changing API requests (CSRF) before any handler or session is read. */
export function proxy(request: NextRequest) {
  const refusal = crossSiteRefusal(request.method, request.headers, [env().NEXTAUTH_URL]);
  if (refusal) return NextResponse.json({ error: refusal }, { status: 403 });
  return NextResponse.next();
}

export const config = { matcher: "/api/:path*" };
