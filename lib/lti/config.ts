import { z } from "zod";
import { configuration } from "../env/shared";

/**
 * LTI settings, read by the web app and the worker alike (neither needs the other's secrets for
 * them). The tool's own address is NEXTAUTH_URL: the launch, JWKS and deep-linking URLs hang off it.
 */
const schema = z.object({
  NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
  /** How long a platform's JWKS or token endpoint may take to answer. */
  LTI_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Clock skew allowed on a launch token's exp and iat. */
  LTI_CLOCK_LEEWAY_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  /** First retry of a score the LMS did not take (5xx, down); doubles each attempt. */
  LTI_PUBLISH_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  LTI_PUBLISH_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  /** Origins besides the platforms' own that may frame the tool (an LMS whose pages live elsewhere). */
  LTI_FRAME_ANCESTORS: z.string().max(4000).default(""),
});

const lti = configuration(schema);
export const parseLtiEnv = lti.parse;
export const ltiEnv = lti.get;

/** The tool's public base URL, without a trailing slash. */
export const toolUrl = () => ltiEnv().NEXTAUTH_URL.replace(/\/+$/, "");

/** The URLs an LMS admin pastes (and /api/lti/config publishes). */
export function toolEndpoints(base = toolUrl()) {
  return {
    loginUrl: `${base}/api/lti/login`,
    launchUrl: `${base}/api/lti/launch`,
    deepLinkingUrl: `${base}/api/lti/launch`,
    jwksUrl: `${base}/api/lti/jwks`,
    registrationUrl: `${base}/api/lti/register`,
  };
}
