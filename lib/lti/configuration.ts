import { AGS_SCOPES, NRPS_SCOPE } from "../contracts/lti";
import { toolEndpoints, toolUrl } from "./config";

/**
 * The values an LMS admin pastes when adding the tool (and /api/lti/config serves): the URLs, the
 * scopes it asks for, the messages it handles; shaped after the LTI Dynamic Registration tool
 * configuration (https://purl.imsglobal.org/spec/lti-tool-configuration) so both read alike.
 */
export function toolConfiguration(base = toolUrl()) {
  const urls = toolEndpoints(base);
  return {
    title: "Async IO in Python",
    description: "Auto-graded asyncio exercises; scores go back to the LMS gradebook.",
    target_link_uri: urls.launchUrl,
    oidc_initiation_url: urls.loginUrl,
    redirect_uris: [urls.launchUrl],
    jwks_uri: urls.jwksUrl,
    deep_linking_url: urls.deepLinkingUrl,
    domain: new URL(base).host,
    scopes: [AGS_SCOPES.lineItem, AGS_SCOPES.score, NRPS_SCOPE],
    messages: [
      { type: "LtiResourceLinkRequest", target_link_uri: urls.launchUrl },
      {
        type: "LtiDeepLinkingRequest",
        target_link_uri: urls.deepLinkingUrl,
        placements: ["link_selection", "assignment_selection"],
      },
    ],
    claims: ["iss", "sub", "name", "given_name", "family_name", "email"],
    token_endpoint_auth_method: "private_key_jwt",
  };
}
