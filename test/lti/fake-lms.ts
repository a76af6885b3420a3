import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from "jose";

/**
 * A small LTI 1.3 platform on loopback, written from the IMS specifications (LTI Core 1.3, the IMS
 * Security Framework 1.0, Deep Linking 2.0, AGS 2.0, NRPS 2.0) — not from the tool's code:
 *  - OIDC authorization endpoint answering a tool's login redirect with a form_post of a signed id_token;
 *  - its JWKS (keys can be rotated); the token endpoint checking the tool's JWT client assertion
 *    (RFC 7523) against the tool's JWKS;
 *  - AGS line items and scores (the gradebook), NRPS memberships paged with Link headers;
 *  - a course page that frames the tool (the launch begins in the iframe, as in an LMS);
 *  - the deep-linking return endpoint, verifying the tool's signed response and making line items.
 */
const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
const ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
export const ROLES = {
  instructor: [`${ROLE}Instructor`],
  ta: ["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"],
  learner: [`${ROLE}Learner`],
  mentor: [`${ROLE}Mentor`],
};
const SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
const LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
const NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

export interface Person {
  sub: string;
  name: string;
  email: string;
  roles: string[];
}

export interface LineItem {
  id: string;
  scoreMaximum: number;
  label: string;
  resourceId?: string;
  resourceLinkId?: string;
  tag?: string;
}

export interface ReceivedScore {
  lineItem: string;
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
}

/** A launch the LMS will make when the tool's login redirect comes back with this login_hint. */
export interface PlannedLaunch {
  person: Person;
  messageType?: "LtiResourceLinkRequest" | "LtiDeepLinkingRequest" | string | null;
  resourceLinkId?: string;
  /** Changes to the claims (and header/key) before signing: how a test makes a bad token. */
  tamper?: (claims: JWTPayload) => JWTPayload;
  sign?: { kid?: string; key?: CryptoKey; expiresIn?: number };
  /** Changes to the signed token itself (a tampered signature). */
  mangle?: (jwt: string) => string;
}

interface Key {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(): Promise<Key> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = `lms-${randomUUID().slice(0, 8)}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

export class FakeLms {
  url = "";
  readonly clientId = `client-${randomUUID().slice(0, 8)}`;
  readonly deploymentId = `deploy-${randomUUID().slice(0, 8)}`;
  readonly contextId = `course-${randomUUID().slice(0, 8)}`;
  contextTitle = "Concurrency 101 (LMS)";
  keys: Key[] = [];
  /** The tool, as the LMS admin configured it. */
  tool = { loginUrl: "", launchUrl: "", jwksUrl: "" };
  /** When true the AGS and token endpoints answer 503 (the LMS is down). */
  down = false;
  readonly lineItems = new Map<string, LineItem>();
  /** Every score POST accepted, in arrival order; `results` keeps the latest per line item and user. */
  readonly received: ReceivedScore[] = [];
  readonly results = new Map<string, ReceivedScore>();
  readonly members: Person[] = [];
  /** Custom parameters and line item per resource link, made by deep linking (or by the test). */
  readonly links = new Map<string, { custom?: Record<string, string>; lineItem?: string; title?: string }>();
  readonly tokensIssued: { scope: string }[] = [];
  readonly deepLinkResponses: JWTPayload[] = [];
  private planned = new Map<string, PlannedLaunch>();
  private tokens = new Map<string, string[]>();
  private usedJti = new Set<string>();
  private server?: Server;

  get issuer() {
    return this.url;
  }
  get jwksUrl() {
    return `${this.url}/jwks`;
  }
  get authUrl() {
    return `${this.url}/auth`;
  }
  get tokenUrl() {
    return `${this.url}/token`;
  }
  get lineItemsUrl() {
    return `${this.url}/courses/${this.contextId}/lineitems`;
  }
  get membershipsUrl() {
    return `${this.url}/courses/${this.contextId}/memberships`;
  }

  /** Starts on loopback; `host` lets the LMS be another site than the tool (localhost vs 127.0.0.1). */
  async start(host = "127.0.0.1"): Promise<this> {
    this.keys = [await newKey()];
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: Error) => send(res, 500, { error: error.message }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /** Adds a new signing key (served from now on); the old ones stay in the JWKS unless `dropOld`. */
  async rotate(dropOld = false): Promise<Key> {
    const key = await newKey();
    this.keys = dropOld ? [key] : [key, ...this.keys];
    return key;
  }

  /** Plans a launch; the returned login_hint names it. */
  plan(launch: PlannedLaunch): string {
    const hint = randomUUID();
    this.planned.set(hint, launch);
    return hint;
  }

  /** The tool's login initiation URL for a planned launch (what the LMS's page puts in its iframe). */
  loginUrl(hint: string, resourceLinkId?: string): string {
    const url = new URL(this.tool.loginUrl);
    url.searchParams.set("iss", this.issuer);
    url.searchParams.set("login_hint", hint);
    url.searchParams.set("target_link_uri", this.tool.launchUrl);
    url.searchParams.set("lti_message_hint", resourceLinkId ?? "none");
    url.searchParams.set("client_id", this.clientId);
    url.searchParams.set("lti_deployment_id", this.deploymentId);
    return url.href;
  }

  /** The id_token for a planned launch, after the tool's auth request gave its nonce. */
  async idToken(launch: PlannedLaunch, nonce: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const messageType = launch.messageType === undefined ? "LtiResourceLinkRequest" : launch.messageType;
    const link = launch.resourceLinkId ? this.links.get(launch.resourceLinkId) : undefined;
    let claims: JWTPayload = {
      iss: this.issuer,
      aud: this.clientId,
      sub: launch.person.sub,
      iat: now,
      exp: now + (launch.sign?.expiresIn ?? 300),
      nonce,
      name: launch.person.name,
      email: launch.person.email,
      [`${LTI}deployment_id`]: this.deploymentId,
      [`${LTI}version`]: "1.3.0",
      [`${LTI}roles`]: launch.person.roles,
      [`${LTI}context`]: {
        id: this.contextId,
        title: this.contextTitle,
        type: ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
      },
      [`${LTI}target_link_uri`]: this.tool.launchUrl,
      "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
        context_memberships_url: this.membershipsUrl,
        service_versions: ["2.0"],
      },
    };
    if (messageType !== null) claims[`${LTI}message_type`] = messageType;
    if (messageType === "LtiResourceLinkRequest" || launch.resourceLinkId) {
      claims[`${LTI}resource_link`] = { id: launch.resourceLinkId ?? "link-unset", title: link?.title ?? "Activity" };
      if (link?.custom) claims[`${LTI}custom`] = link.custom;
      claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = {
        scope: [LINEITEM_SCOPE, SCORE_SCOPE],
        lineitems: this.lineItemsUrl,
        ...(link?.lineItem ? { lineitem: link.lineItem } : {}),
      };
    }
    if (messageType === "LtiDeepLinkingRequest")
      claims[`${DL}deep_linking_settings`] = {
        deep_link_return_url: `${this.url}/deep-link-return`,
        accept_types: ["ltiResourceLink"],
        accept_presentation_document_targets: ["iframe", "window"],
        accept_multiple: true,
        auto_create: true,
        data: "opaque-lms-data",
      };
    if (launch.tamper) claims = launch.tamper(claims);
    const key = this.keys[0];
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: launch.sign?.kid ?? key.kid })
      .sign(launch.sign?.key ?? key.privateKey);
    return launch.mangle ? launch.mangle(jwt) : jwt;
  }

  private async route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", this.url);
    const path = url.pathname;
    if (req.method === "GET" && path === "/jwks") return send(res, 200, { keys: this.keys.map((k) => k.publicJwk) });
    if (req.method === "GET" && path === "/.well-known/openid-configuration")
      return send(res, 200, this.openIdConfiguration());
    if (req.method === "POST" && path === "/register") return this.registerTool(req, res);
    if (path === "/auth") return this.authorize(req, res, url);
    if (req.method === "POST" && path === "/token") return this.token(req, res);
    if (req.method === "GET" && path.startsWith("/course/")) return this.coursePage(res, path.slice(8), url);
    if (req.method === "POST" && path === "/deep-link-return") return this.deepLinkReturn(req, res);
    if (path === `/courses/${this.contextId}/memberships`) return this.memberships(req, res, url);
    const scores = path.match(/^\/courses\/[^/]+\/lineitems\/([^/]+)\/scores$/);
    if (scores && req.method === "POST") return this.score(req, res, scores[1]);
    if (path === `/courses/${this.contextId}/lineitems` && req.method === "GET") {
      if (!this.authorized(req, LINEITEM_SCOPE)) return send(res, 401, { error: "invalid token" });
      return send(res, 200, [...this.lineItems.values()]);
    }
    return send(res, 404, { error: "not found" });
  }

  /** OIDC authentication request (Security Framework §5.1.1.2) → form_post of the id_token. */
  private async authorize(req: IncomingMessage, res: ServerResponse, url: URL) {
    const params = req.method === "POST" ? new URLSearchParams(await body(req)) : url.searchParams;
    const need = {
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: this.clientId,
    };
    for (const [k, v] of Object.entries(need))
      if (params.get(k) !== v) return send(res, 400, { error: "invalid_request", detail: `${k} must be ${v}` });
    if (params.get("redirect_uri") !== this.tool.launchUrl)
      return send(res, 400, { error: "invalid_request", detail: "redirect_uri is not registered" });
    const nonce = params.get("nonce");
    const state = params.get("state");
    if (!nonce || !state) return send(res, 400, { error: "invalid_request", detail: "nonce and state are required" });
    const launch = this.planned.get(params.get("login_hint") ?? "");
    if (!launch) return send(res, 400, { error: "login_required" });
    const idToken = await this.idToken(launch, nonce);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(autoPost(this.tool.launchUrl, { id_token: idToken, state }));
  }

  /** Client credentials with a JWT assertion (Security Framework §4.1; RFC 7523 §3). */
  private async token(req: IncomingMessage, res: ServerResponse) {
    if (this.down) return send(res, 503, { error: "temporarily_unavailable" });
    const form = new URLSearchParams(await body(req));
    if (form.get("grant_type") !== "client_credentials") return send(res, 400, { error: "unsupported_grant_type" });
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
      return send(res, 400, { error: "invalid_client" });
    try {
      const { payload } = await jwtVerify(
        form.get("client_assertion") ?? "",
        createRemoteJWKSet(new URL(this.tool.jwksUrl)),
        {
          issuer: this.clientId,
          subject: this.clientId,
          audience: this.tokenUrl,
          algorithms: ["RS256"],
          requiredClaims: ["exp", "iat", "jti"],
        },
      );
      if (this.usedJti.has(payload.jti!)) return send(res, 400, { error: "invalid_client", detail: "jti reused" });
      this.usedJti.add(payload.jti!);
    } catch (error) {
      return send(res, 400, { error: "invalid_client", detail: (error as Error).message });
    }
    const allowed = [SCORE_SCOPE, LINEITEM_SCOPE, NRPS_SCOPE];
    const scopes = (form.get("scope") ?? "").split(" ").filter((s) => allowed.includes(s));
    if (!scopes.length) return send(res, 400, { error: "invalid_scope" });
    const token = randomUUID();
    this.tokens.set(token, scopes);
    this.tokensIssued.push({ scope: scopes.join(" ") });
    return send(res, 200, { access_token: token, token_type: "Bearer", expires_in: 3600, scope: scopes.join(" ") });
  }

  private authorized(req: IncomingMessage, scope: string): boolean {
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    return this.tokens.get(token)?.includes(scope) ?? false;
  }

  /** AGS 2.0 §3.4: a score for one user; a score older than the one on record changes nothing. */
  private async score(req: IncomingMessage, res: ServerResponse, lineItemId: string) {
    if (this.down) return send(res, 503, { error: "down for maintenance" });
    if (!this.authorized(req, SCORE_SCOPE)) return send(res, 401, { error: "invalid token" });
    if (!(req.headers["content-type"] ?? "").startsWith("application/vnd.ims.lis.v1.score+json"))
      return send(res, 415, { error: "wrong media type" });
    const item = this.lineItems.get(lineItemId);
    if (!item) return send(res, 404, { error: "no such line item" });
    const score = JSON.parse(await body(req)) as ReceivedScore;
    const bad =
      typeof score.userId !== "string" ||
      typeof score.timestamp !== "string" ||
      Number.isNaN(Date.parse(score.timestamp)) ||
      !["Initialized", "Started", "InProgress", "Submitted", "Completed"].includes(score.activityProgress) ||
      !["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"].includes(score.gradingProgress) ||
      (score.scoreGiven !== undefined && (typeof score.scoreMaximum !== "number" || score.scoreGiven < 0));
    if (bad) return send(res, 400, { error: "invalid score" });
    if (!this.members.some((m) => m.sub === score.userId))
      return send(res, 422, { error: `unknown user ${score.userId}` });
    const key = `${lineItemId} ${score.userId}`;
    const entry = { ...score, lineItem: lineItemId };
    this.received.push(entry);
    const current = this.results.get(key);
    if (!current || Date.parse(current.timestamp) <= Date.parse(score.timestamp)) this.results.set(key, entry);
    res.writeHead(204).end();
  }

  /** NRPS 2.0: the course's members, `pageSize` per page, the next page in a Link header. */
  pageSize = 2;
  private memberships(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!this.authorized(req, NRPS_SCOPE)) return send(res, 401, { error: "invalid token" });
    const page = Number(url.searchParams.get("page") ?? "0");
    const slice = this.members.slice(page * this.pageSize, (page + 1) * this.pageSize);
    const headers: Record<string, string> = {
      "content-type": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
    };
    if ((page + 1) * this.pageSize < this.members.length)
      headers.link = `<${this.membershipsUrl}?page=${page + 1}>; rel="next"`;
    res.writeHead(200, headers);
    res.end(
      JSON.stringify({
        id: url.href,
        context: { id: this.contextId, title: this.contextTitle },
        members: slice.map((m) => ({ status: "Active", user_id: m.sub, name: m.name, email: m.email, roles: m.roles })),
      }),
    );
  }

  /** Deep Linking 2.0 §4.2: the tool's signed response; each ltiResourceLink becomes a link and its line item. */
  private async deepLinkReturn(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await body(req));
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(form.get("JWT") ?? "", createRemoteJWKSet(new URL(this.tool.jwksUrl)), {
        issuer: this.clientId,
        audience: this.issuer,
        algorithms: ["RS256"],
        requiredClaims: ["exp", "iat", "nonce"],
      }));
    } catch (error) {
      return send(res, 400, { error: (error as Error).message });
    }
    if (payload[`${LTI}message_type`] !== "LtiDeepLinkingResponse" || payload[`${LTI}version`] !== "1.3.0")
      return send(res, 400, { error: "not a deep linking response" });
    if (payload[`${LTI}deployment_id`] !== this.deploymentId) return send(res, 400, { error: "wrong deployment" });
    this.deepLinkResponses.push(payload);
    const items = (payload[`${DL}content_items`] ?? []) as {
      type: string;
      title?: string;
      custom?: Record<string, string>;
      lineItem?: { scoreMaximum: number; label?: string; resourceId?: string; tag?: string };
    }[];
    const made: string[] = [];
    for (const item of items.filter((i) => i.type === "ltiResourceLink")) {
      const linkId = `link-${randomUUID().slice(0, 8)}`;
      let lineItem: string | undefined;
      if (item.lineItem) {
        const id = `li-${randomUUID().slice(0, 8)}`;
        this.lineItems.set(id, {
          id: `${this.lineItemsUrl}/${id}`,
          scoreMaximum: item.lineItem.scoreMaximum,
          label: item.lineItem.label ?? item.title ?? "",
          resourceId: item.lineItem.resourceId,
          resourceLinkId: linkId,
          tag: item.lineItem.tag,
        });
        lineItem = `${this.lineItemsUrl}/${id}`;
      }
      this.links.set(linkId, { custom: item.custom, lineItem, title: item.title });
      made.push(linkId);
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><html lang="en"><title>Added</title>` +
        `<p id="added">Added ${made.length} activities: ${made.join(" ")}</p></html>`,
    );
  }

  /** The LMS's course page: the activity's launch in an iframe, as an LMS embeds a tool. */
  private coursePage(res: ServerResponse, hint: string, url: URL) {
    const src = this.loginUrl(decodeURIComponent(hint), url.searchParams.get("link") ?? undefined);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><title>Course</title></head><body><main><h1>Concurrency 101</h1>
<iframe title="Activity" src="${src.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}" width="1200" height="1400"
  allow="clipboard-write"></iframe></main></body></html>`);
  }

  /** LTI Dynamic Registration §3.4: the platform's OpenID configuration. */
  openIdConfiguration() {
    return {
      issuer: this.issuer,
      authorization_endpoint: this.authUrl,
      token_endpoint: this.tokenUrl,
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
      jwks_uri: this.jwksUrl,
      registration_endpoint: `${this.url}/register`,
      scopes_supported: ["openid", SCORE_SCOPE, LINEITEM_SCOPE, NRPS_SCOPE],
      response_types_supported: ["id_token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      claims_supported: ["sub", "iss", "name", "email"],
      "https://purl.imsglobal.org/spec/lti-platform-configuration": {
        product_family_code: "fake-lms",
        version: "1.0",
        messages_supported: [{ type: "LtiResourceLinkRequest" }, { type: "LtiDeepLinkingRequest" }],
      },
    };
  }

  /** The registration token the platform put in the registration URL; what it registered. */
  registrationToken = randomUUID();
  readonly registrations: { clientId: string; deploymentId: string; request: Record<string, unknown> }[] = [];

  /** LTI Dynamic Registration §3.5: the tool's client registration request → a client id and deployment. */
  private async registerTool(req: IncomingMessage, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${this.registrationToken}`)
      return send(res, 401, { error: "invalid token" });
    const request = JSON.parse(await body(req)) as Record<string, unknown>;
    const config = request["https://purl.imsglobal.org/spec/lti-tool-configuration"] as
      { target_link_uri?: string } | undefined;
    const ok =
      typeof request.initiate_login_uri === "string" &&
      Array.isArray(request.redirect_uris) &&
      typeof request.jwks_uri === "string" &&
      request.token_endpoint_auth_method === "private_key_jwt" &&
      (request.grant_types as string[] | undefined)?.includes("client_credentials") &&
      typeof config?.target_link_uri === "string";
    if (!ok) return send(res, 400, { error: "invalid_client_metadata" });
    const clientId = `dyn-${randomUUID().slice(0, 8)}`;
    const deploymentId = `dyn-deploy-${randomUUID().slice(0, 8)}`;
    this.registrations.push({ clientId, deploymentId, request });
    return send(res, 200, {
      ...request,
      client_id: clientId,
      "https://purl.imsglobal.org/spec/lti-tool-configuration": { ...config, deployment_id: deploymentId },
    });
  }

  /** The id of the line item a link made by deep linking has (its URL's last segment). */
  lineItemIdOf(linkId: string): string {
    return this.links.get(linkId)!.lineItem!.split("/").pop()!;
  }
}

function autoPost(action: string, fields: Record<string, string>): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  return `<!doctype html><html lang="en"><title>Launching</title>
<body><form method="post" action="${esc(action)}">${inputs}</form>
<script>document.forms[0].submit()</script></body></html>`;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (text += c));
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}
