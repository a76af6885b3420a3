import { randomUUID } from "node:crypto";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeReport } from "../../grader/checks/result";
import { startLtiPublishWorker } from "../../grader/lti-publish-job";
import { db } from "../../lib/db";
import { registerPlatform } from "../../lib/lti/platforms";
import { storeResult } from "../../grader/submissions/grading";
import { startWeb, type WebServer } from "../helpers/web";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";
import { FakeLms, ROLES, type Person } from "./fake-lms";
import { cookieHeader, launch } from "./flow";

/**
 * LTI Advantage services between `next start`, a real BullMQ publish worker (in this process, on
 * a queue of its own) and the fake LMS: deep linking makes gradebook columns, a stored verdict's
 * score reaches the LMS (and survives the LMS being down for 30 s), NRPS brings the roster.
 */
process.env.LTI_PUBLISH_BACKOFF_MS = "250";
process.env.LTI_PUBLISH_ATTEMPTS = "20";
const DOWN_MS = 30_000;

let web: WebServer;
let worker: Worker;
const lms = new FakeLms();
const log: string[] = [];

const person = (roles: string[], name: string): Person => ({
  sub: `user-${randomUUID().slice(0, 8)}`,
  name,
  email: `${randomUUID().slice(0, 8)}@uni.test`,
  roles,
});
const instructor = person(ROLES.instructor, "Ines Instructor");
const learners = [person(ROLES.learner, "Lea Learner"), person(ROLES.learner, "Lou Learner")];
const neverLaunched = [person(ROLES.learner, "Nia Neverlaunched"), person(ROLES.learner, "Noe Neverlaunched")];

const report = (score: number): GradeReport => ({
  exercise: "first-coroutine",
  verdict: score === 10 ? "passed" : "failed",
  score,
  maxScore: 10,
  checks: [],
  elapsedMs: 1,
  timeline: [],
});

/** A graded attempt stored as the worker stores it (storeResult: its hook queues the LMS score). */
async function graded(userId: string, score: number) {
  const submission = await db().submission.create({ data: { userId, exerciseSlug: "first-coroutine", code: "pass" } });
  expect(await storeResult(submission.id, report(score), 5)).not.toBeNull();
}

/** The probe's first truthy value, polled every 200 ms up to `ms`. */
async function waitFor<T>(probe: () => T | Promise<T>, ms: number): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`nothing after ${ms} ms; worker log:\n${log.slice(-10).join("\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const userOf = async (p: Person) =>
  (await db().ltiIdentity.findUniqueOrThrow({ where: { issuer_sub: { issuer: lms.issuer, sub: p.sub } } })).userId;

beforeAll(async () => {
  const queue = uniqueQueue("lti-services");
  process.env.QUEUE_NAME = queue;
  const databaseUrl = await useOwnDatabase("lti_services");
  await lms.start();
  web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: queue } });
  lms.tool = {
    loginUrl: `${web.url}/api/lti/login`,
    launchUrl: `${web.url}/api/lti/launch`,
    jwksUrl: `${web.url}/api/lti/jwks`,
  };
  lms.members.push(instructor, ...learners, ...neverLaunched);
  await registerPlatform({
    issuer: lms.issuer,
    clientId: lms.clientId,
    deploymentIds: [lms.deploymentId],
    loginUrl: lms.authUrl,
    tokenUrl: lms.tokenUrl,
    jwksUrl: lms.jwksUrl,
    name: "Fake LMS",
  });
  worker = startLtiPublishWorker(30_000, (m) => log.push(m));
}, 600_000);

afterAll(async () => {
  await worker?.close();
  await Promise.all([web?.stop(), lms.stop()]);
});

describe("LTI Advantage services", () => {
  let instructorCookies: string;
  let cohortId: string;
  let linkId: string;

  it("deep links the exercises an instructor picks, each with a gradebook line item", async () => {
    const result = await launch(lms, web.url, lms.plan({ person: instructor, messageType: "LtiDeepLinkingRequest" }));
    expect(result.status, result.body).toBe(303);
    expect(result.location).toMatch(/^\/lti\/deep-link\/[\w-]+$/);
    instructorCookies = cookieHeader(result.cookies);
    cohortId = (await db().ltiContext.findFirstOrThrow({ where: { contextId: lms.contextId } })).cohortId;
    const page = await fetch(`${web.url}${result.location}`, { headers: { cookie: instructorCookies } });
    expect(await page.text()).toContain("Add exercises to your course");

    const request = result.location!.split("/").pop()!;
    const picked = await fetch(`${web.url}/api/lti/deep-link`, {
      method: "POST",
      headers: { cookie: instructorCookies, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ request, "exercise:first-coroutine": "1", "exercise:create-tasks": "1" }),
    });
    expect(picked.status).toBe(200);
    const html = await picked.text();
    const action = html.match(/action="([^"]+)"/)![1];
    const jwt = html.match(/name="JWT" value="([^"]+)"/)![1];
    expect(action).toBe(`${lms.url}/deep-link-return`);
    // The browser's auto-post to the LMS, which verifies the tool's signature against its JWKS.
    const returned = await fetch(action, { method: "POST", body: new URLSearchParams({ JWT: jwt }) });
    expect(returned.status, await returned.clone().text()).toBe(200);
    const items = [...lms.lineItems.values()];
    expect(items.map((i) => [i.resourceId, i.scoreMaximum, i.label])).toEqual([
      ["first-coroutine", 10, "Your first coroutine"],
      ["create-tasks", 10, expect.any(String)],
    ]);
    expect(lms.deepLinkResponses[0]["https://purl.imsglobal.org/spec/lti-dl/claim/data"]).toBe("opaque-lms-data");
    linkId = [...lms.links].find(([, l]) => l.custom?.exercise === "first-coroutine")![0];

    // The selection is answered once.
    const again = await fetch(`${web.url}/api/lti/deep-link`, {
      method: "POST",
      headers: { cookie: instructorCookies, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ request, "exercise:first-coroutine": "1" }),
    });
    expect(await again.text()).toMatch(/expired or is not yours/);
  });

  it("syncs the roster through NRPS pages, students who never launched included", async () => {
    const response = await fetch(`${web.url}/api/lti/cohorts/${cohortId}/roster`, {
      method: "POST",
      headers: { cookie: instructorCookies },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ students: 4, staff: 1, pages: 3 });
    const enrolled = await db().enrollment.findMany({ where: { cohortId }, include: { user: true } });
    expect(enrolled.map((e) => e.user.name).sort()).toEqual([...learners, ...neverLaunched].map((p) => p.name).sort());
  });

  it("sends a linked student's score to the LMS gradebook when the verdict is stored", async () => {
    const result = await launch(lms, web.url, lms.plan({ person: learners[0], resourceLinkId: linkId }));
    expect(result.location).toBe("/lti/exercises/first-coroutine");
    await graded(await userOf(learners[0]), 4);
    const key = `${lms.lineItemIdOf(linkId)} ${learners[0].sub}`;
    const score = await waitFor(() => lms.results.get(key), 20_000);
    expect(score).toMatchObject({
      userId: learners[0].sub,
      scoreGiven: 4,
      scoreMaximum: 10,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
    });
    expect(lms.tokensIssued.length).toBeGreaterThan(0);
  });

  it(
    "keeps scores through an LMS outage of 30 s and delivers each student's newest once, in order",
    { timeout: 120_000 },
    async () => {
      const item = lms.lineItemIdOf(linkId);
      const before = lms.received.length;
      lms.down = true;
      const [a, b] = [await userOf(learners[0]), await userOf(learners[1])];
      await graded(a, 6);
      await graded(b, 3);
      await new Promise((r) => setTimeout(r, 1000));
      await graded(a, 10); // supersedes a's 6 before the LMS is back
      await waitFor(
        async () => (await db().ltiScorePublish.count({ where: { lastError: { not: null } } })) >= 2,
        20_000,
      );
      const pending = await db().ltiScorePublish.findMany({ where: { status: "PENDING" } });
      expect(pending.length).toBe(2);
      expect(pending.every((p) => /503/.test(p.lastError ?? ""))).toBe(true);
      await new Promise((r) => setTimeout(r, DOWN_MS - 1000));
      expect(lms.received.length).toBe(before);
      lms.down = false;
      await waitFor(async () => (await db().ltiScorePublish.count({ where: { status: "SENT" } })) === 2, 60_000);
      await new Promise((r) => setTimeout(r, 1500)); // any stray duplicate would arrive by now
      const after = lms.received.slice(before);
      const forA = after.filter((s) => s.userId === learners[0].sub);
      const forB = after.filter((s) => s.userId === learners[1].sub);
      expect(forA.map((s) => s.scoreGiven)).toEqual([10]);
      expect(forB.map((s) => s.scoreGiven)).toEqual([3]);
      expect(lms.results.get(`${item} ${learners[0].sub}`)?.scoreGiven).toBe(10);
      // In order: each student's timestamps only grow, across everything the LMS received.
      for (const sub of [learners[0].sub, learners[1].sub]) {
        const stamps = lms.received.filter((s) => s.userId === sub).map((s) => Date.parse(s.timestamp));
        expect(stamps).toEqual([...stamps].sort((x, y) => x - y));
        expect(new Set(stamps).size).toBe(stamps.length);
      }
    },
  );

  it("shows the instructor a score the LMS refused (4xx), with the LMS's answer, and does not retry it", async () => {
    const stranger = person(ROLES.learner, "Sam Stranger"); // not a member the LMS knows
    await launch(lms, web.url, lms.plan({ person: stranger, resourceLinkId: linkId }));
    const before = log.length;
    await graded(await userOf(stranger), 7);
    const row = await waitFor(
      async () => db().ltiScorePublish.findFirst({ where: { status: "FAILED", sub: stranger.sub } }),
      20_000,
    );
    expect(row.lastError).toMatch(/422.*unknown user/);
    expect(row.attempts).toBe(1);
    expect(log.slice(before).some((m) => /refused by the LMS/.test(m))).toBe(true);
    const page = await fetch(`${web.url}/lti/cohorts/${cohortId}`, { headers: { cookie: instructorCookies } });
    const html = await page.text();
    expect(html).toContain("Sam Stranger");
    expect(html).toMatch(/422/);
    expect(html).toContain("The LMS receives each student&#x27;s best score");
  });

  it(
    "re-sends scores when the late policy, a deadline or an extension changes the credited grade",
    { timeout: 60_000 },
    async () => {
      const a = await userOf(learners[0]);
      const key = `${lms.lineItemIdOf(linkId)} ${learners[0].sub}`;
      const call = (method: string, path: string, body: unknown) =>
        fetch(`${web.url}/api/instructor/cohorts/${cohortId}${path}`, {
          method,
          headers: { cookie: instructorCookies, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      expect((await call("PATCH", "", { latePolicy: "NO_CREDIT" })).status).toBe(200);
      // Every attempt came after this deadline: under NO_CREDIT the gradebook credits 0, and so does the LMS.
      const due = new Date(Date.now() - 3_600_000).toISOString();
      const set = await call("PUT", "/deadlines", { deadlines: [{ exerciseSlug: "first-coroutine", dueAt: due }] });
      expect(set.status).toBe(200);
      await waitFor(() => lms.results.get(key)?.scoreGiven === 0, 20_000);
      // An extension past the attempts gives the 10 back.
      const granted = await call("POST", "/extensions", {
        userIds: [a],
        exerciseSlug: "first-coroutine",
        extraMinutes: 24 * 60,
        note: "Ill",
      });
      expect(granted.status, await granted.clone().text()).toBe(201);
      await waitFor(() => lms.results.get(key)?.scoreGiven === 10, 20_000);
      const grades = await fetch(`${web.url}/api/instructor/cohorts/${cohortId}/grades`, {
        headers: { cookie: instructorCookies },
      });
      const row = (await grades.text()).split("\r\n").find((line) => line.startsWith("Lea Learner"))!;
      expect(row.split(",")).toContain("10"); // the CSV credits what the LMS received
    },
  );

  it(
    "sends the final grade: released rubric points on top of the automatic score, following edits",
    { timeout: 60_000 },
    async () => {
      const lou = learners[1];
      await launch(lms, web.url, lms.plan({ person: lou, resourceLinkId: linkId }));
      const userId = await userOf(lou);
      const key = `${lms.lineItemIdOf(linkId)} ${lou.sub}`;
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${web.url}/api/instructor/cohorts/${cohortId}${path}`, {
          method,
          headers: { cookie: instructorCookies, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const submission = await db().submission.create({
        data: { userId, exerciseSlug: "first-coroutine", code: "pass" },
      });
      expect(await storeResult(submission.id, report(10), 5)).not.toBeNull();
      // The cohort credits nothing after its past deadline (the test before): the automatic part is 0.
      await waitFor(() => lms.results.get(key)?.scoreGiven === 0, 20_000);
      expect((await call("PUT", "/releases", { exerciseSlug: "first-coroutine", held: true })).status).toBe(200);
      const created = await call("POST", "/rubric", {
        exerciseSlug: "first-coroutine",
        title: "Clear names",
        description: "",
        points: 2,
      });
      expect(created.status, await created.clone().text()).toBeLessThan(300);
      const { item } = (await created.json()) as { item: { id: string } };
      expect((await call("PUT", `/submissions/${submission.id}/rubric/${item.id}`)).status).toBeLessThan(300);
      // Held: the LMS keeps the automatic grade.
      await new Promise((r) => setTimeout(r, 1500));
      expect(lms.results.get(key)?.scoreGiven).toBe(0);
      expect((await call("PUT", "/releases", { exerciseSlug: "first-coroutine", held: false })).status).toBe(200);
      await waitFor(() => lms.results.get(key)?.scoreGiven === 2, 20_000);
      const edited = await call("PATCH", `/rubric/${item.id}`, { title: "Clear names", description: "", points: 3 });
      expect(edited.status).toBe(200);
      await waitFor(() => lms.results.get(key)?.scoreGiven === 3, 20_000);
    },
  );
});
