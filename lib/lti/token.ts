import { randomUUID } from "node:crypto";
import type { LtiPlatform } from "../generated/prisma/client";
import { ltiEnv } from "./config";
import { signToolJwt } from "./keys";

/**
 * OAuth 2 client credentials with a JWT client assertion (IMS Security Framework §4.1, RFC 7523):
 * the tool's access token for a platform's services (AGS, NRPS), cached until shortly before it
 * expires. A failure says what the token endpoint answered.
 */
export class ServiceError extends Error {
  constructor(
    message: string,
    /** The HTTP status the platform answered (0: no answer). */
    readonly status: number,
  ) {
    super(message);
  }
  /** A refusal the platform will repeat (4xx but 429): retrying will not help. */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 429 && this.status !== 408;
  }
}

const globalForTokens = globalThis as unknown as { ltiTokens?: Map<string, { token: string; until: number }> };
const tokens = () => (globalForTokens.ltiTokens ??= new Map());

export async function accessToken(platform: LtiPlatform, scopes: string[]): Promise<string> {
  const key = `${platform.id} ${[...scopes].sort().join(" ")}`;
  const cached = tokens().get(key);
  if (cached && cached.until > Date.now()) return cached.token;
  const assertion = await signToolJwt(
    { iss: platform.clientId, sub: platform.clientId, aud: platform.tokenUrl, jti: randomUUID() },
    300,
  );
  const response = await send(platform.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope: scopes.join(" "),
    }),
  });
  const body = (await response.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
  if (!body || typeof body.access_token !== "string")
    throw new ServiceError("the token endpoint's answer holds no access_token", 502);
  const seconds = typeof body.expires_in === "number" ? body.expires_in : 3600;
  tokens().set(key, { token: body.access_token, until: Date.now() + Math.max(0, seconds - 30) * 1000 });
  return body.access_token;
}

/** Forgets a platform's tokens (one the service refused as expired or revoked). */
export function dropTokens(platformId: string): void {
  for (const key of tokens().keys()) if (key.startsWith(`${platformId} `)) tokens().delete(key);
}

/** fetch with the LTI timeout; a non-2xx answer is a ServiceError carrying the platform's words. */
export async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      redirect: "error",
      signal: AbortSignal.timeout(ltiEnv().LTI_FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ServiceError(`${new URL(url).host} did not answer (${(error as Error).message})`, 0);
  }
  if (!response.ok) {
    const text = (await response.text().catch(() => "")).slice(0, 500);
    throw new ServiceError(
      `${new URL(url).host} answered HTTP ${response.status}${text ? `: ${text}` : ""}`,
      response.status,
    );
  }
  return response;
}
