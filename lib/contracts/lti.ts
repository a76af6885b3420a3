import { z } from "zod";
import { SLUG_PATTERN } from "./slug";

/** LTI 1.3 (IMS LTI Core 1.3, Deep Linking 2.0, AGS 2.0, NRPS 2.0): the shapes the tool reads. */
export const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
export const AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
export const NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";

export const AGS_SCOPES = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
} as const;
export const NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

const httpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL");

/** What an admin registers (admin page, `npm run lti:register`). */
export const platformInputSchema = z.object({
  issuer: httpUrl,
  clientId: z.string().trim().min(1).max(500),
  deploymentIds: z.array(z.string().trim().min(1).max(500)).min(1).max(100),
  loginUrl: httpUrl,
  tokenUrl: httpUrl,
  jwksUrl: httpUrl,
  name: z.string().trim().max(200).default(""),
});
export type PlatformInput = z.infer<typeof platformInputSchema>;

/** Third-party initiated login (LTI Core §4.1 / Security Framework §5.1.1.1). */
export const loginInitiationSchema = z.object({
  iss: z.string().min(1).max(2000),
  login_hint: z.string().min(1).max(4000),
  target_link_uri: z.string().min(1).max(2000),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().max(500).optional(),
  lti_deployment_id: z.string().max(500).optional(),
});

/** The authentication response, posted back to the launch URL (form_post). */
export const authResponseSchema = z.object({
  id_token: z.string().min(1).max(64_000),
  state: z.string().min(1).max(200),
});

const context = z.object({ id: z.string().min(1).max(500), title: z.string().max(500).optional() }).passthrough();

/** The claims a launch is read from once its signature and registered claims were checked. */
export const launchClaimsSchema = z
  .object({
    sub: z.string().min(1).max(500),
    name: z.string().max(500).optional(),
    given_name: z.string().max(500).optional(),
    family_name: z.string().max(500).optional(),
    email: z.string().max(500).optional(),
    [`${LTI}roles`]: z.array(z.string().max(500)).max(100),
    [`${LTI}context`]: context.optional(),
    [`${LTI}resource_link`]: z
      .object({ id: z.string().min(1).max(500), title: z.string().max(500).optional() })
      .passthrough()
      .optional(),
    [`${LTI}custom`]: z.record(z.string(), z.unknown()).optional(),
    [`${LTI}target_link_uri`]: z.string().max(2000).optional(),
    [AGS]: z
      .object({
        scope: z.array(z.string()).optional(),
        lineitems: z.string().max(2000).optional(),
        lineitem: z.string().max(2000).optional(),
      })
      .passthrough()
      .optional(),
    [NRPS]: z
      .object({ context_memberships_url: z.string().max(2000) })
      .passthrough()
      .optional(),
    [`${DL}deep_linking_settings`]: z
      .object({
        deep_link_return_url: z.string().max(2000),
        accept_types: z.array(z.string()).optional(),
        accept_multiple: z.boolean().optional(),
        data: z.string().max(4000).optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

/** The instructor's pick in the deep-linking page. */
export const deepLinkPickSchema = z.object({
  request: z.string().regex(/^[A-Za-z0-9_-]{10,100}$/),
  exercises: z.array(z.string().regex(SLUG_PATTERN)).min(1).max(100),
});

/** One member of an NRPS membership container (NRPS 2.0 §2.2). */
export const memberSchema = z
  .object({
    user_id: z.string().min(1).max(500),
    status: z.string().optional(),
    name: z.string().max(500).optional(),
    given_name: z.string().max(500).optional(),
    family_name: z.string().max(500).optional(),
    email: z.string().max(500).optional(),
    roles: z.array(z.string().max(500)).max(100),
  })
  .passthrough();
export const membershipContainerSchema = z.object({ members: z.array(z.unknown()) }).passthrough();
