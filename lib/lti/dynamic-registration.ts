import { randomBytes } from "node:crypto";
import { z } from "zod";
import { storeConnection } from "../redis/latest";
import { toolUrl } from "./config";
import { toolConfiguration } from "./configuration";
import { registerPlatform } from "./platforms";
import { LaunchRefused } from "./refusal";
import { send, ServiceError } from "./token";

/**
 * LTI Dynamic Registration 1.0: an LMS admin pastes one URL; the LMS opens it with its OpenID
 * configuration URL, the tool reads the platform's endpoints from there, registers itself at the
 * platform's registration endpoint, and records the client id and deployment it gets back.
 *
 * The URL carries a one-time token an admin made here (valid an hour): without it anyone could
 * register a platform of their own and launch into it as an instructor.
 */
const TOKEN_SECONDS = 3600;
const tokenKey = (token: string) => `lti:dynamic-registration:${token}`;
const TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
const PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";

export async function registrationUrl(): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  const redis = await storeConnection();
  await redis.set(tokenKey(token), "1", "EX", TOKEN_SECONDS);
  return `${toolUrl()}/api/lti/register?token=${token}`;
}

const url = z
  .string()
  .url()
  .max(2000)
  .refine((u) => /^https?:\/\//.test(u), "must be http(s)");
const openIdConfigurationSchema = z
  .object({
    issuer: url,
    authorization_endpoint: url,
    token_endpoint: url,
    jwks_uri: url,
    registration_endpoint: url,
    [PLATFORM_CONFIGURATION]: z
      .object({ product_family_code: z.string().max(200).optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();
const registrationResponseSchema = z
  .object({
    client_id: z.string().min(1).max(500),
    [TOOL_CONFIGURATION]: z
      .object({ deployment_id: z.string().min(1).max(500).optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

export async function dynamicRegistration(params: Record<string, string>) {
  const token = params.token ?? "";
  const redis = await storeConnection();
  if (!/^[\w-]{20,100}$/.test(token) || !(await redis.getdel(tokenKey(token))))
    throw new LaunchRefused(
      "the registration link is not valid or was already used; make a new one in /admin/lti",
      403,
    );
  const configUrl = url.safeParse(params.openid_configuration);
  if (!configUrl.success) throw new LaunchRefused("the LMS sent no openid_configuration URL");
  try {
    const config = openIdConfigurationSchema.safeParse(
      await (await send(configUrl.data, { headers: { accept: "application/json" } })).json(),
    );
    if (!config.success) throw new LaunchRefused("the LMS's OpenID configuration is incomplete");
    // The issuer must be the host that served its configuration (Dynamic Registration §3.5.1).
    if (new URL(config.data.issuer).host !== new URL(configUrl.data).host)
      throw new LaunchRefused("the LMS's issuer is not the host of its OpenID configuration");
    const tool = toolConfiguration();
    const response = await send(config.data.registration_endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(params.registration_token ? { authorization: `Bearer ${params.registration_token}` } : {}),
      },
      body: JSON.stringify({
        application_type: "web",
        response_types: ["id_token"],
        grant_types: ["implicit", "client_credentials"],
        initiate_login_uri: tool.oidc_initiation_url,
        redirect_uris: tool.redirect_uris,
        client_name: tool.title,
        jwks_uri: tool.jwks_uri,
        token_endpoint_auth_method: "private_key_jwt",
        scope: tool.scopes.join(" "),
        [TOOL_CONFIGURATION]: {
          domain: tool.domain,
          target_link_uri: tool.target_link_uri,
          description: tool.description,
          claims: tool.claims,
          messages: tool.messages.map((m) => ({ ...m, label: "Async IO exercises" })),
        },
      }),
    });
    const registered = registrationResponseSchema.safeParse(await response.json());
    if (!registered.success) throw new LaunchRefused("the LMS's registration answer holds no client_id");
    const deploymentId = registered.data[TOOL_CONFIGURATION]?.deployment_id;
    if (!deploymentId) throw new LaunchRefused("the LMS's registration answer names no deployment");
    return registerPlatform({
      issuer: config.data.issuer,
      clientId: registered.data.client_id,
      deploymentIds: [deploymentId],
      loginUrl: config.data.authorization_endpoint,
      tokenUrl: config.data.token_endpoint,
      jwksUrl: config.data.jwks_uri,
      name: config.data[PLATFORM_CONFIGURATION]?.product_family_code ?? "",
    });
  } catch (error) {
    if (error instanceof ServiceError)
      throw new LaunchRefused(`the LMS did not complete the registration (${error.message})`, 502);
    throw error;
  }
}
