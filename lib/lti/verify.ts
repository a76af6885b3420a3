import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from "jose";
import { launchClaimsSchema, LTI, type LaunchClaims } from "../contracts/lti";
import { db } from "../db";
import type { LtiPlatform } from "../generated/prisma/client";
import { ltiEnv } from "./config";
import { takePendingLogin, spendNonce } from "./login";
import { deploymentRegistered } from "./platforms";
import { JwksUnavailable, platformKeys } from "./platform-jwks";
import { LaunchRefused } from "./refusal";

/**
 * Validation of the platform's id_token (LTI Core 1.3 §5.1.3, Security Framework §5.1.3): the
 * browser that began the login, the platform's signature (RS256, its JWKS), iss, aud/azp, exp/iat,
 * nonce (once), the registered deployment, the LTI version and the message type. Each failure is a
 * LaunchRefused saying which.
 */
export const MESSAGE_TYPES = ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export interface VerifiedLaunch {
  platform: LtiPlatform;
  deploymentId: string;
  messageType: MessageType;
  claims: LaunchClaims;
}

export async function verifyLaunch(idToken: string, state: string, stateCookieSet: boolean): Promise<VerifiedLaunch> {
  if (!stateCookieSet) throw new LaunchRefused("it did not start in this browser (the login state does not match)");
  const pending = await takePendingLogin(state);
  if (!pending) throw new LaunchRefused("the login expired or was already used");
  const platform = await db().ltiPlatform.findUnique({ where: { id: pending.platformId } });
  if (!platform) throw new LaunchRefused("the platform is no longer registered");

  const payload = await verifySignature(idToken, platform);
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((aud.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId)
    throw new LaunchRefused("the token is meant for another client (azp)");
  if (typeof payload.nonce !== "string" || payload.nonce !== pending.nonce)
    throw new LaunchRefused("the token's nonce is not the one this login sent");
  if (!(await spendNonce(payload.nonce))) throw new LaunchRefused("the nonce was already used (a replayed launch)");

  const deploymentId = payload[`${LTI}deployment_id`];
  if (typeof deploymentId !== "string" || !deploymentId) throw new LaunchRefused("the token names no deployment");
  if (!(await deploymentRegistered(platform.id, deploymentId)))
    throw new LaunchRefused(`the deployment ${deploymentId.slice(0, 100)} is not registered for this platform`);
  if (payload[`${LTI}version`] !== "1.3.0") throw new LaunchRefused("the LTI version is not 1.3.0");
  const messageType = payload[`${LTI}message_type`];
  if (messageType === undefined) throw new LaunchRefused("the token names no message type");
  if (!MESSAGE_TYPES.includes(messageType as MessageType))
    throw new LaunchRefused(`the message type ${String(messageType).slice(0, 100)} is not one this tool handles`);

  const claims = launchClaimsSchema.safeParse(payload);
  if (!claims.success)
    throw new LaunchRefused(`the claim ${claims.error.issues[0]?.path.join(".")} is missing or malformed`);
  if (messageType === "LtiResourceLinkRequest" && !claims.data[`${LTI}resource_link`])
    throw new LaunchRefused("the resource link claim is missing");
  if (
    messageType === "LtiDeepLinkingRequest" &&
    !claims.data["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"]
  )
    throw new LaunchRefused("the deep linking settings are missing");
  return { platform, deploymentId, messageType: messageType as MessageType, claims: claims.data };
}

async function verifySignature(idToken: string, platform: LtiPlatform): Promise<JWTPayload> {
  try {
    decodeProtectedHeader(idToken);
  } catch {
    throw new LaunchRefused("the token is not a JWT");
  }
  try {
    const { payload } = await jwtVerify(idToken, platformKeys(platform.jwksUrl), {
      algorithms: ["RS256"],
      issuer: platform.issuer,
      audience: platform.clientId,
      clockTolerance: ltiEnv().LTI_CLOCK_LEEWAY_SECONDS,
      requiredClaims: ["iat", "exp", "sub", "nonce"],
    });
    const leeway = ltiEnv().LTI_CLOCK_LEEWAY_SECONDS;
    if (payload.iat! > Date.now() / 1000 + leeway) throw new LaunchRefused("the token was issued in the future");
    return payload;
  } catch (error) {
    throw refusalOf(error);
  }
}

/** What a jose error means to someone launching from an LMS. */
function refusalOf(error: unknown): LaunchRefused {
  if (error instanceof LaunchRefused) return error;
  if (error instanceof JwksUnavailable) return new LaunchRefused(error.message, 502);
  if (error instanceof errors.JWTExpired) return new LaunchRefused("the token expired");
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new LaunchRefused("the token's signature does not match the platform's key");
  if (error instanceof errors.JWKSNoMatchingKey)
    return new LaunchRefused("the token is signed with a key the platform does not publish (unknown kid)");
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return new LaunchRefused("the token names no single key of the platform (kid)");
  if (error instanceof errors.JOSEAlgNotAllowed) return new LaunchRefused("the token is not signed with RS256");
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === "iss") return new LaunchRefused("the token was issued by another platform (iss)");
    if (claim === "aud") return new LaunchRefused("the token is not addressed to this tool (aud)");
    if (claim === "iat") return new LaunchRefused("the token's issue time is not valid (iat)");
    if (claim === "nbf") return new LaunchRefused("the token is not valid yet (nbf)");
    return new LaunchRefused(`the token's ${claim} claim is missing or invalid`);
  }
  if (error instanceof errors.JOSEError) return new LaunchRefused("the token could not be read");
  return new LaunchRefused("the token could not be checked", 500);
}
