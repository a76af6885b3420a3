import { readCappedText } from "../http/body";
import { ltiEnv } from "./config";
import { platformOrigins } from "./platforms";
import { LaunchRefused, logRefusal, refusalPage } from "./refusal";

/**
 * The LTI endpoints' HTTP plumbing: form parameters from a GET query or a urlencoded POST, HTML
 * answers, and the frame-ancestors policy that lets registered platforms (only) frame the tool.
 */
export async function formParams(request: Request): Promise<Record<string, string>> {
  const params = new URLSearchParams(new URL(request.url).search);
  if (request.method === "POST") {
    const type = request.headers.get("content-type") ?? "";
    if (!type.startsWith("application/x-www-form-urlencoded"))
      throw new LaunchRefused("the request is not a form post");
    for (const [k, v] of new URLSearchParams(await readCappedText(request, 128 * 1024))) params.set(k, v);
  }
  return Object.fromEntries(params);
}

const CACHE_MS = 30_000;
const globalForFrames = globalThis as unknown as { ltiFrames?: { at: number; value: Promise<string> } };

/** `frame-ancestors 'self' <each registered platform's origins>`, cached briefly. */
export function frameAncestors(): Promise<string> {
  const cached = globalForFrames.ltiFrames;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const extra = ltiEnv()
    .LTI_FRAME_ANCESTORS.split(/[\s,]+/)
    .filter((o) => /^https?:\/\/[^\s;']+$/.test(o));
  const value = platformOrigins()
    .then((origins) => `frame-ancestors 'self' ${[...new Set([...origins, ...extra])].join(" ")}`.trim())
    .catch(() => "frame-ancestors 'self'");
  globalForFrames.ltiFrames = { at: Date.now(), value };
  return value;
}

export async function htmlResponse(html: string, status = 200, headers: HeadersInit = {}): Promise<Response> {
  const out = new Headers(headers);
  out.set("content-type", "text/html; charset=utf-8");
  out.set("cache-control", "no-store");
  out.set(
    "content-security-policy",
    `${await frameAncestors()}; default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; ` +
      "form-action *",
  );
  return new Response(html, { status, headers: out });
}

/** Runs an LTI endpoint: a LaunchRefused (or anything unexpected) becomes the refusal page and a log line. */
export async function ltiEndpoint(where: string, request: Request, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    const refused = error instanceof LaunchRefused ? error : null;
    if (!refused) console.error(`[lti] ${where} failed:`, error);
    const reason = refused?.reason ?? "something went wrong on our side";
    logRefusal(where, reason, { from: request.headers.get("origin") ?? undefined });
    return htmlResponse(refusalPage(reason), refused?.status ?? 500);
  }
}
