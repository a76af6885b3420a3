/**
 * CSRF defence for the API: a browser names where a request comes from (Sec-Fetch-Site, Origin),
 * and a state-changing request from any other site is refused before it reaches a handler. A
 * request naming no origin at all is not a browser's cross-site request (browsers always send
 * Origin on a cross-origin POST), so API clients such as curl keep working.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why the request is refused as cross-site, or null when it may proceed. */
export function crossSiteRefusal(method: string, headers: Headers, trustedOrigins: string[] = []): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `Cross-site request refused (Sec-Fetch-Site: ${site}).`;
  const origin = headers.get("origin");
  if (origin === null) return null;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (hostOf(origin) !== null && (hostOf(origin) === host || trustedOrigins.some((o) => hostOf(o) === hostOf(origin))))
    return null;
  return `Cross-site request refused (Origin: ${origin.slice(0, 100)}).`;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}
