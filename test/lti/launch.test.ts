import { randomUUID } from "node:crypto";
import { generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { registrationUrl } from "../../lib/lti/dynamic-registration";
import { registerPlatform } from "../../lib/lti/platforms";
import { startWeb, type WebServer } from "../helpers/web";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";
import { FakeLms, ROLES, type Person, type PlannedLaunch } from "./fake-lms";
import { beginLogin, cookieHeader, launch, postLaunch, SESSION_COOKIE } from "./flow";

/**
 * LTI 1.3 core launch against `next start` and a spec-driven LMS on loopback: a good launch makes
 * the user, the course's cohort and a session; every bad one is refused with a page that says why,
 * a log line, and no session.
 */
let web: WebServer;
const lms = new FakeLms();
const other = new FakeLms();

const person = (roles: string[], name = "Ada Lovelace"): Person => ({
  sub: `user-${randomUUID().slice(0, 8)}`,
  name,
  email: `${randomUUID().slice(0, 8)}@uni.test`,
  roles,
});

async function register(platform: FakeLms) {
  platform.tool = {
    loginUrl: `${web.url}/api/lti/login`,
    launchUrl: `${web.url}/api/lti/launch`,
    jwksUrl: `${web.url}/api/lti/jwks`,
  };
  await registerPlatform({
    issuer: platform.issuer,
    clientId: platform.clientId,
    deploymentIds: [platform.deploymentId],
    loginUrl: platform.authUrl,
    tokenUrl: platform.tokenUrl,
    jwksUrl: platform.jwksUrl,
    name: "",
  });
}

const go = (plan: PlannedLaunch, platform = lms) => launch(platform, web.url, platform.plan(plan));

function expectRefused(result: { status: number; body: string; cookies: Map<string, string> }, reason: RegExp) {
  expect(result.status).toBeGreaterThanOrEqual(400);
  expect(result.body).toContain("This launch could not be verified:");
  expect(result.body).toMatch(reason);
  expect(result.body).not.toMatch(/at \w+ \(|node_modules|Error:/); // no stack trace
  expect(result.cookies.has(SESSION_COOKIE)).toBe(false);
}

beforeAll(async () => {
  const databaseUrl = await useOwnDatabase("lti_launch");
  await Promise.all([lms.start(), other.start()]);
  web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: uniqueQueue("lti-launch") } });
  await register(lms);
  await register(other);
}, 600_000);

afterAll(async () => {
  await Promise.all([web?.stop(), lms.stop(), other.stop()]);
});

describe("LTI launch", () => {
  let instructor: Person;
  let cohortId: string;

  it("signs an instructor in and makes the course's cohort on the first launch", async () => {
    instructor = person(ROLES.instructor, "Grace Hopper");
    const result = await go({ person: instructor });
    expect(result.status, result.body).toBe(303);
    const context = await db().ltiContext.findFirstOrThrow({
      where: { contextId: lms.contextId },
      include: { cohort: true },
    });
    cohortId = context.cohortId;
    expect(context.cohort.name).toBe(lms.contextTitle);
    expect(result.location).toBe(`/lti/cohorts/${cohortId}`);
    const cookie = result.cookies.get(SESSION_COOKIE);
    expect(cookie).toBeTruthy();
    const identity = await db().ltiIdentity.findUniqueOrThrow({
      where: { issuer_sub: { issuer: lms.issuer, sub: instructor.sub } },
      include: { user: { include: { teaching: true } } },
    });
    expect(identity.user.name).toBe("Grace Hopper");
    expect(identity.user.role).toBe("INSTRUCTOR");
    expect(identity.user.teaching.map((t) => t.cohortId)).toEqual([cohortId]);

    // The session is next-auth's own: the app's pages know the user.
    const page = await fetch(`${web.url}${result.location}`, { headers: { cookie: cookieHeader(result.cookies) } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Grace Hopper");
    expect(html).toContain(lms.contextTitle);
    // Framed only by the registered platforms.
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain(lms.issuer);
  });

  it("sets the session cookie for a third-party iframe (SameSite=None; Secure; Partitioned)", async () => {
    const begun = await beginLogin(lms, lms.plan({ person: instructor }));
    const response = await fetch(`${web.url}/api/lti/launch`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(begun.cookies) },
      body: new URLSearchParams(begun.form!),
    });
    const session = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(session).toMatch(/SameSite=None/i);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; Partitioned/i);
    expect(session).toMatch(/HttpOnly/i);
  });

  it("enrolls a learner in the cohort on launch", async () => {
    const learner = person(ROLES.learner, "Alan Turing");
    const result = await go({ person: learner, resourceLinkId: "link-none" });
    // No exercise behind this link yet: a clear page, but the learner is enrolled.
    expect(result.status).toBe(404);
    expect(result.body).toMatch(/does not open an exercise yet/);
    const identity = await db().ltiIdentity.findUniqueOrThrow({
      where: { issuer_sub: { issuer: lms.issuer, sub: learner.sub } },
      include: { user: { include: { enrollments: true } } },
    });
    expect(identity.user.role).toBe("STUDENT");
    expect(identity.user.enrollments.map((e) => e.cohortId)).toEqual([cohortId]);
  });

  it("maps a teaching assistant to the cohort's TA role, also beside the principal Instructor role", async () => {
    for (const roles of [ROLES.ta, ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor", ...ROLES.ta]]) {
      const ta = person(roles, "Teaching Assistant");
      const result = await go({ person: ta });
      expect(result.status, result.body).toBe(303);
      const { user } = await db().ltiIdentity.findUniqueOrThrow({
        where: { issuer_sub: { issuer: lms.issuer, sub: ta.sub } },
        include: { user: { include: { teaching: true, assisting: true } } },
      });
      expect(user.assisting.map((t) => t.cohortId)).toEqual([cohortId]);
      expect(user.teaching).toEqual([]);
      expect(user.role).toBe("STUDENT");
    }
  });

  it("refuses a learner of a course no instructor has opened", async () => {
    const fresh = new FakeLms();
    await fresh.start();
    try {
      await register(fresh);
      expectRefused(await go({ person: person(ROLES.learner) }, fresh), /instructor has not opened this tool/);
    } finally {
      await fresh.stop();
    }
  });

  it("refuses a role the tool does not know", async () => {
    expectRefused(await go({ person: person(ROLES.mentor) }), /role does not give access/);
  });

  it("follows the platform's key rotation (one refetch on an unknown kid)", async () => {
    await lms.rotate(true);
    const result = await go({ person: instructor });
    expect(result.status, result.body).toBe(303);
  });

  it("refuses a token signed with a key the platform does not publish (wrong kid)", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    expectRefused(
      await go({ person: instructor, sign: { kid: "not-a-published-kid", key: privateKey } }),
      /unknown kid/,
    );
  });

  it("refuses a tampered signature", async () => {
    const mangle = (jwt: string) => {
      const [h, p, s] = jwt.split(".");
      const claims = JSON.parse(Buffer.from(p, "base64url").toString());
      claims.name = "Mallory";
      return [h, Buffer.from(JSON.stringify(claims)).toString("base64url"), s].join(".");
    };
    expectRefused(await go({ person: instructor, mangle }), /signature does not match/);
  });

  it("refuses a token for another client (aud)", async () => {
    expectRefused(
      await go({ person: instructor, tamper: (c) => ({ ...c, aud: "someone-else" }) }),
      /not addressed to this tool \(aud\)/,
    );
  });

  it("accepts aud as an array with azp naming the tool, refuses it without azp", async () => {
    const ok = await go({
      person: instructor,
      tamper: (c) => ({ ...c, aud: [lms.clientId, "other"], azp: lms.clientId }),
    });
    expect(ok.status, ok.body).toBe(303);
    expectRefused(await go({ person: instructor, tamper: (c) => ({ ...c, aud: [lms.clientId, "other"] }) }), /azp/);
  });

  it("refuses a token from another issuer (iss)", async () => {
    expectRefused(
      await go({ person: instructor, tamper: (c) => ({ ...c, iss: other.issuer }) }),
      /issued by another platform \(iss\)/,
    );
  });

  it("refuses an expired token", async () => {
    const tamper = (c: Record<string, unknown>) => ({
      ...c,
      iat: Math.floor(Date.now() / 1000) - 900,
      exp: Math.floor(Date.now() / 1000) - 600,
    });
    const result = await go({ person: instructor, tamper });
    expectRefused(result, /This launch could not be verified: the token expired/);
  });

  it("refuses a replayed launch (state and nonce are good once)", async () => {
    const begun = await beginLogin(lms, lms.plan({ person: instructor }));
    const first = await postLaunch(web.url, begun.form!, new Map(begun.cookies));
    expect(first.status).toBe(303);
    expectRefused(await postLaunch(web.url, begun.form!, new Map(begun.cookies)), /already used/);
    // The same token through a new login of this browser: its nonce is not the new login's.
    const again = await beginLogin(lms, lms.plan({ person: instructor }));
    expectRefused(
      await postLaunch(web.url, { ...again.form!, id_token: begun.form!.id_token }, again.cookies),
      /nonce/,
    );
  });

  it("refuses a launch that did not start in this browser (no state cookie)", async () => {
    const begun = await beginLogin(lms, lms.plan({ person: instructor }));
    expectRefused(await postLaunch(web.url, begun.form!, new Map()), /did not start in this browser/);
  });

  it("refuses an unknown deployment", async () => {
    const tamper = (c: Record<string, unknown>) => ({
      ...c,
      "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "deploy-unknown",
    });
    expectRefused(await go({ person: instructor, tamper }), /deployment deploy-unknown is not registered/);
  });

  it("refuses a missing or unknown message type, and another LTI version", async () => {
    expectRefused(await go({ person: instructor, messageType: null }), /names no message type/);
    expectRefused(
      await go({ person: instructor, messageType: "LtiSubmissionReviewRequest" }),
      /message type LtiSubmissionReviewRequest is not one/,
    );
    const v = (c: Record<string, unknown>) => ({ ...c, "https://purl.imsglobal.org/spec/lti/claim/version": "1.1" });
    expectRefused(await go({ person: instructor, tamper: v }), /version is not 1.3.0/);
  });

  it("refuses a login from an unregistered platform or aimed elsewhere", async () => {
    const url = new URL(lms.loginUrl(lms.plan({ person: instructor })));
    url.searchParams.set("iss", "https://unknown.example");
    let response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/is not registered with this tool/);
    url.searchParams.set("iss", lms.issuer);
    url.searchParams.set("target_link_uri", "https://evil.example/");
    response = await fetch(url, { redirect: "manual" });
    expect(await response.text()).toMatch(/target is not this tool/);
  });

  it("takes the login initiation as a POST too", async () => {
    const url = new URL(lms.loginUrl(lms.plan({ person: instructor })));
    const response = await fetch(`${web.url}/api/lti/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site", origin: lms.url },
      body: url.searchParams,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(new RegExp(`^${lms.authUrl}\\?`));
  });

  it("keeps a learner off the instructor pages, and one platform's staff off another's cohort", async () => {
    lms.links.set("link-first", { custom: { exercise: "first-coroutine" }, title: "First coroutine" });
    const learner = await go({ person: person(ROLES.learner), resourceLinkId: "link-first" });
    expect(learner.location).toBe("/lti/exercises/first-coroutine");
    const asLearner = { cookie: cookieHeader(learner.cookies) };
    const exercise = await fetch(`${web.url}/lti/exercises/first-coroutine`, { headers: asLearner });
    expect(exercise.status).toBe(200);
    expect(await exercise.text()).toContain("async def greet");
    expect((await fetch(`${web.url}/lti/cohorts/${cohortId}`, { headers: asLearner })).status).toBe(404);
    const sync = await fetch(`${web.url}/api/lti/cohorts/${cohortId}/roster`, { method: "POST", headers: asLearner });
    expect(sync.status).toBe(403);
    expect((await fetch(`${web.url}/api/instructor/cohorts/${cohortId}`, { headers: asLearner })).status).toBe(403);

    // The other platform's instructor gets a cohort of their own, and nothing of this one.
    const theirs = await go({ person: person(ROLES.instructor) }, other);
    expect(theirs.status, theirs.body).toBe(303);
    const asOther = { cookie: cookieHeader(theirs.cookies) };
    expect(theirs.location).not.toBe(`/lti/cohorts/${cohortId}`);
    expect((await fetch(`${web.url}/lti/cohorts/${cohortId}`, { headers: asOther })).status).toBe(404);
    expect((await fetch(`${web.url}/api/instructor/cohorts/${cohortId}`, { headers: asOther })).status).toBe(404);
    expect(
      (await fetch(`${web.url}/api/lti/cohorts/${cohortId}/roster`, { method: "POST", headers: asOther })).status,
    ).toBe(404);
    // Each platform's course is a cohort of its own.
    const cohorts = await db().ltiContext.findMany({ where: { contextId: { in: [lms.contextId, other.contextId] } } });
    expect(new Set(cohorts.map((c) => c.cohortId)).size).toBe(2);
  });

  it("registers an LMS by LTI Dynamic Registration with an admin's one-time link", async () => {
    const fresh = new FakeLms();
    await fresh.start();
    try {
      process.env.NEXTAUTH_URL = web.url; // the link names the tool's address
      const link = new URL(await registrationUrl());
      link.searchParams.set("openid_configuration", `${fresh.url}/.well-known/openid-configuration`);
      link.searchParams.set("registration_token", fresh.registrationToken);
      const response = await fetch(link, { headers: { "sec-fetch-site": "cross-site" } });
      const html = await response.text();
      expect(response.status, html).toBe(200);
      expect(html).toContain("org.imsglobal.lti.close");
      const [registration] = fresh.registrations;
      expect(registration.request).toMatchObject({
        initiate_login_uri: `${web.url}/api/lti/login`,
        redirect_uris: [`${web.url}/api/lti/launch`],
        jwks_uri: `${web.url}/api/lti/jwks`,
      });
      const platform = await db().ltiPlatform.findUniqueOrThrow({
        where: { issuer_clientId: { issuer: fresh.issuer, clientId: registration.clientId } },
        include: { deployments: true },
      });
      expect(platform.deployments.map((d) => d.deploymentId)).toEqual([registration.deploymentId]);
      expect(platform.tokenUrl).toBe(fresh.tokenUrl);

      // The link works once.
      const again = await fetch(link);
      expect(again.status).toBe(403);
      expect(await again.text()).toMatch(/registration link is not valid or was already used/);
      // Without a link from an admin, nobody registers a platform.
      const configuration = encodeURIComponent(`${fresh.url}/.well-known/openid-configuration`);
      const forged = await fetch(`${web.url}/api/lti/register?openid_configuration=${configuration}`);
      expect(forged.status).toBe(403);
      expect(fresh.registrations.length).toBe(1);
    } finally {
      await fresh.stop();
    }
  });
});
