import { randomBytes } from "node:crypto";
import { z } from "zod";
import { authResponseSchema, DL } from "../contracts/lti";
import { parseStored, storeConnection } from "../redis/latest";
import { LaunchRefused, logRefusal } from "./refusal";
import { contextFor, exerciseFor, placeIn, userFor } from "./provision";
import { cohortRole } from "./roles";
import { syncRosterSoon } from "./roster-trigger";
import { sessionCookie, stateCookie, stateCookieName } from "./session";
import { verifyLaunch } from "./verify";

/**
 * The launch endpoint's work: verify the platform's id_token, provision the user and cohort, sign
 * the user in and say where the iframe goes next. A refusal is a LaunchRefused (a page, a log line).
 */
export type LaunchOutcome = { location: string; cookies: string[] };

const deepLinkSchema = z.object({
  platformId: z.string(),
  deploymentId: z.string(),
  cohortId: z.string(),
  userId: z.string(),
  returnUrl: z.string(),
  acceptMultiple: z.boolean(),
  data: z.string().optional(),
});
export type DeepLinkRequest = z.infer<typeof deepLinkSchema>;
const DEEP_LINK_SECONDS = 3600;
const deepLinkKey = (id: string) => `lti:deep-link:${id}`;

export async function handleLaunch(form: Record<string, string>, cookieNames: Set<string>): Promise<LaunchOutcome> {
  const parsed = authResponseSchema.safeParse(form);
  if (!parsed.success) {
    const error = typeof form.error === "string" ? ` (the platform answered ${form.error.slice(0, 100)})` : "";
    throw new LaunchRefused(`the platform sent no id_token${error}`);
  }
  const { id_token, state } = parsed.data;
  const launch = await verifyLaunch(id_token, state, cookieNames.has(stateCookieName(state)));
  const { platform, deploymentId, claims } = launch;
  const role = cohortRole(claims["https://purl.imsglobal.org/spec/lti/claim/roles"]);
  if (!role) throw new LaunchRefused("your course role does not give access to this tool", 403);
  const context = await contextFor(platform, deploymentId, claims, role);
  const user = await placeIn(context.cohortId, await userFor(platform.issuer, claims), role);
  const cookies = [await sessionCookie(user), stateCookie(state, 0)];
  console.log(
    `[lti] launch ${launch.messageType} ${role} ${user.id} cohort ${context.cohortId} from ${platform.issuer}`,
  );

  if (launch.messageType === "LtiDeepLinkingRequest") {
    if (role !== "staff") throw new LaunchRefused("only instructors can add activities from this tool", 403);
    const settings = claims[`${DL}deep_linking_settings`]!;
    const id = randomBytes(18).toString("base64url");
    const request: DeepLinkRequest = {
      platformId: platform.id,
      deploymentId,
      cohortId: context.cohortId,
      userId: user.id,
      returnUrl: settings.deep_link_return_url,
      acceptMultiple: settings.accept_multiple !== false,
      ...(settings.data !== undefined ? { data: settings.data } : {}),
    };
    const redis = await storeConnection();
    await redis.set(deepLinkKey(id), JSON.stringify(request), "EX", DEEP_LINK_SECONDS);
    return { location: `/lti/deep-link/${id}`, cookies };
  }
  if (role === "staff" && context.membershipsUrl) syncRosterSoon(context.id);
  const slug = await exerciseFor(context, claims);
  if (slug) return { location: `/lti/exercises/${slug}`, cookies };
  if (role !== "student") return { location: `/lti/cohorts/${context.cohortId}`, cookies };
  throw new LaunchRefused("this link does not open an exercise yet; ask your instructor", 404);
}

/** The deep-linking request `id` names, if it is this user's and still open. */
export async function deepLinkRequest(id: string, userId: string): Promise<DeepLinkRequest | null> {
  if (!/^[A-Za-z0-9_-]{10,100}$/.test(id)) return null;
  const redis = await storeConnection();
  const request = parseStored(deepLinkSchema, await redis.get(deepLinkKey(id)));
  return request && request.userId === userId ? request : null;
}

/** Ends a deep-linking request (one response per request). */
export async function closeDeepLinkRequest(id: string): Promise<void> {
  const redis = await storeConnection();
  await redis.del(deepLinkKey(id));
}

export { logRefusal };
