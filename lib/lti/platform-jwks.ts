import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTHeaderParameters } from "jose";
import { ltiEnv } from "./config";

/**
 * Platforms' public keys, cached per JWKS URL. A token signed with a key the cache does not hold
 * makes one refetch (the platform may have rotated); a JWKS older than MAX_AGE_MS is refetched
 * before use. A fetch that takes longer than LTI_FETCH_TIMEOUT_MS fails the launch, not the server.
 */
const MAX_AGE_MS = 10 * 60_000;

interface Cached {
  jwks: JSONWebKeySet;
  fetchedAt: number;
}

const globalForJwks = globalThis as unknown as { ltiJwks?: Map<string, Promise<Cached>> };
const cache = () => (globalForJwks.ltiJwks ??= new Map());

export class JwksUnavailable extends Error {}

async function download(url: string): Promise<Cached> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(ltiEnv().LTI_FETCH_TIMEOUT_MS),
      redirect: "error",
    });
  } catch (error) {
    throw new JwksUnavailable(`the platform's keys could not be fetched (${(error as Error).message})`);
  }
  if (!response.ok) throw new JwksUnavailable(`the platform's keys could not be fetched (HTTP ${response.status})`);
  const body = (await response.json().catch(() => null)) as JSONWebKeySet | null;
  if (!body || !Array.isArray(body.keys)) throw new JwksUnavailable("the platform's key set is not a JWKS");
  return { jwks: body, fetchedAt: Date.now() };
}

function refresh(url: string): Promise<Cached> {
  const pending = download(url);
  cache().set(url, pending);
  pending.catch(() => cache().delete(url));
  return pending;
}

/** A key getter for jose's jwtVerify: the platform's key named by the token's `kid`. */
export function platformKeys(url: string) {
  return async (header: JWTHeaderParameters) => {
    let entry = cache().get(url);
    let fresh = false;
    if (!entry || Date.now() - (await entry).fetchedAt > MAX_AGE_MS) {
      entry = refresh(url);
      fresh = true;
    }
    try {
      return await createLocalJWKSet((await entry).jwks)(header);
    } catch (error) {
      if (fresh || !(error instanceof errors.JWKSNoMatchingKey)) throw error;
      return createLocalJWKSet((await refresh(url)).jwks)(header);
    }
  };
}
