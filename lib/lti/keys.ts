import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from "jose";
import { db } from "../db";
import type { LtiKey } from "../generated/prisma/client";

/**
 * The tool's RSA keys (deep-linking responses, AGS/NRPS client assertions). Rotation without
 * downtime: `rotateKey` adds a key that signs from then on while the older ones stay in the JWKS
 * (platforms cache it); `retireKey` drops an old one once every platform has refetched.
 */
export async function activeKeys(): Promise<LtiKey[]> {
  return db().ltiKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } });
}

export async function rotateKey(): Promise<LtiKey> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const meta = { kid, alg: "RS256", use: "sig" };
  return db().ltiKey.create({
    data: {
      kid,
      publicJwk: { ...(await exportJWK(publicKey)), ...meta },
      privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    },
  });
}

export async function retireKey(kid: string): Promise<void> {
  await db().ltiKey.updateMany({ where: { kid, retiredAt: null }, data: { retiredAt: new Date() } });
}

/** The newest active key, made on first use. */
export async function signingKey(): Promise<LtiKey> {
  const [newest] = await activeKeys();
  return newest ?? rotateKey();
}

/** The public half of every active key: what /api/lti/jwks serves. */
export async function publicJwks(): Promise<{ keys: JWK[] }> {
  let keys = await activeKeys();
  if (!keys.length) keys = [await signingKey()];
  return { keys: keys.map((k) => k.publicJwk as JWK) };
}

/** A JWT signed RS256 by the newest key, `kid` in its header; expires after `ttlSeconds`. */
export async function signToolJwt(payload: JWTPayload, ttlSeconds = 300): Promise<string> {
  const key = await signingKey();
  const privateKey = await importJWK(key.privateJwk as JWK, "RS256");
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(privateKey);
}
