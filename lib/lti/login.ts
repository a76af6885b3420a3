import { randomBytes } from "node:crypto";
import { z } from "zod";
import { loginInitiationSchema } from "../contracts/lti";
import { parseStored, storeConnection } from "../redis/latest";
import { toolEndpoints, toolUrl } from "./config";
import { LaunchRefused } from "./refusal";
import { findPlatform } from "./platforms";

/**
 * The tool's side of the OIDC third-party initiated login: the platform names itself and the user,
 * the tool answers with a redirect to the platform's authorization endpoint carrying a fresh
 * `state` (also set as a cookie in this browser) and `nonce` (kept in Redis until the launch, once).
 */
const PENDING_SECONDS = 600;

const pendingSchema = z.object({ platformId: z.string(), nonce: z.string() });
export type PendingLogin = z.infer<typeof pendingSchema>;

const token = () => randomBytes(24).toString("base64url");
const stateKey = (state: string) => `lti:state:${state}`;
const nonceKey = (nonce: string) => `lti:nonce:${nonce}`;

export async function initiateLogin(params: Record<string, string>): Promise<{ redirect: string; state: string }> {
  const parsed = loginInitiationSchema.safeParse(params);
  if (!parsed.success)
    throw new LaunchRefused(
      `the login request is incomplete (${parsed.error.issues[0]?.path.join(".")} is missing or invalid)`,
    );
  const login = parsed.data;
  const platform = await findPlatform(login.iss, login.client_id);
  if (!platform) throw new LaunchRefused(`the platform ${login.iss.slice(0, 200)} is not registered with this tool`);
  // The target must be this tool: a login may not be used to send the browser elsewhere.
  if (!sameOrigin(login.target_link_uri, toolUrl())) throw new LaunchRefused("the launch's target is not this tool");
  const state = token();
  const nonce = token();
  const redis = await storeConnection();
  await redis.set(
    stateKey(state),
    JSON.stringify({ platformId: platform.id, nonce } satisfies PendingLogin),
    "EX",
    PENDING_SECONDS,
  );
  const url = new URL(platform.loginUrl);
  const query: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: toolEndpoints().launchUrl,
    login_hint: login.login_hint,
    state,
    nonce,
    ...(login.lti_message_hint !== undefined ? { lti_message_hint: login.lti_message_hint } : {}),
  };
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return { redirect: url.href, state };
}

/** The login this state began (taken: a state is good for one launch), or null. */
export async function takePendingLogin(state: string): Promise<PendingLogin | null> {
  const redis = await storeConnection();
  return parseStored(pendingSchema, await redis.getdel(stateKey(state)));
}

/** Marks a nonce used; false when it was used before (a replayed token). */
export async function spendNonce(nonce: string): Promise<boolean> {
  const redis = await storeConnection();
  return (await redis.set(nonceKey(nonce), "1", "EX", PENDING_SECONDS * 2, "NX")) === "OK";
}

function sameOrigin(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}
