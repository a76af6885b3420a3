import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createUser, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";

/**
 * What one student can reach of another's work, through the real HTTP API of `next start`:
 * nothing. Plus the student-side endpoints' validation (sign-up, drafts, joining a cohort).
 */
const SLUG = "first-coroutine";

describe("student API: access and validation", () => {
  let web: WebServer;
  let alice: TestUser;
  let bob: TestUser;
  let aliceCookie: string;
  let bobCookie: string;
  let aliceSubmission: string;

  const call = (path: string, init: RequestInit & { cookie?: string; json?: unknown } = {}) =>
    fetch(`${web.url}${path}`, {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("student_access");
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: uniqueQueue("student-access") } });
    [alice, bob] = await Promise.all([createUser(), createUser()]);
    [aliceCookie, bobCookie] = await Promise.all([
      signIn(web.url, alice.email, alice.password),
      signIn(web.url, bob.email, bob.password),
    ]);
    // Alice's graded attempt, written as the worker writes it.
    const submission = await db().submission.create({
      data: {
        userId: alice.id,
        exerciseSlug: SLUG,
        code: "# alice's secret solution\n",
        status: "GRADED",
        verdict: "FAILED",
        score: 3,
        maxScore: 10,
        gradedAt: new Date(),
        results: {
          create: {
            verdict: "FAILED",
            score: 3,
            maxScore: 10,
            report: {
              exercise: SLUG,
              verdict: "failed",
              score: 3,
              maxScore: 10,
              checks: [],
              elapsedMs: 1,
              timeline: [],
              output: "alice-output",
            },
          },
        },
      },
    });
    aliceSubmission = submission.id;
  }, 300_000);

  afterAll(async () => {
    await web?.stop();
  });

  it("refuses everything student-side to a visitor who has not signed in", async () => {
    expect((await call(`/api/drafts/${SLUG}`)).status).toBe(401);
    expect((await call(`/api/drafts/${SLUG}`, { method: "PUT", json: { code: "x" } })).status).toBe(401);
    expect((await call(`/api/submissions/${aliceSubmission}`)).status).toBe(401);
    expect((await call("/api/cohorts/join", { method: "POST", json: { code: "DEMO-ASYNC" } })).status).toBe(401);
    const page = await call(`/exercises/${SLUG}`);
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain(`/signin?callbackUrl=${encodeURIComponent(`/exercises/${SLUG}`)}`);
  });

  it("keeps each student's draft to that student", async () => {
    const put = await call(`/api/drafts/${SLUG}`, {
      method: "PUT",
      cookie: aliceCookie,
      json: { code: "alice draft 7f3a" },
    });
    expect(put.status).toBe(200);
    expect(await (await call(`/api/drafts/${SLUG}`, { cookie: aliceCookie })).json()).toMatchObject({
      code: "alice draft 7f3a",
    });
    expect(await (await call(`/api/drafts/${SLUG}`, { cookie: bobCookie })).json()).toMatchObject({ code: null });
    expect(
      (await call(`/api/drafts/${SLUG}`, { method: "PUT", cookie: bobCookie, json: { code: "bob draft" } })).status,
    ).toBe(200);
    expect(await (await call(`/api/drafts/${SLUG}`, { cookie: aliceCookie })).json()).toMatchObject({
      code: "alice draft 7f3a",
    });
    // The exercise page Bob is served carries his draft, never Alice's.
    const html = await (await call(`/exercises/${SLUG}`, { cookie: bobCookie })).text();
    expect(html).toContain("bob draft");
    expect(html).not.toContain("alice draft 7f3a");
  });

  it("never shows one student's submission to another", async () => {
    const own = await call(`/api/submissions/${aliceSubmission}`, { cookie: aliceCookie });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ id: aliceSubmission, code: "# alice's secret solution\n" });

    const other = await call(`/api/submissions/${aliceSubmission}`, { cookie: bobCookie });
    expect([403, 404]).toContain(other.status);
    expect(await other.text()).not.toContain("secret solution");
    const events = await call(`/api/submissions/${aliceSubmission}/events`, { cookie: bobCookie });
    expect([403, 404]).toContain(events.status);
    expect(await events.text()).not.toContain("alice-output");
    const list = await call(`/api/submissions?exercise=${SLUG}`, { cookie: bobCookie });
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).not.toContain(aliceSubmission);
    // Nor on Bob's exercise page (attempt list) or progress page.
    for (const path of [`/exercises/${SLUG}`, "/progress"]) {
      const html = await (await call(path, { cookie: bobCookie })).text();
      expect(html).not.toContain(aliceSubmission);
    }
  });

  it("validates drafts: JSON, size, a real exercise", async () => {
    expect((await call(`/api/drafts/${SLUG}`, { method: "PUT", cookie: aliceCookie, body: "not json" })).status).toBe(
      400,
    );
    expect((await call(`/api/drafts/${SLUG}`, { method: "PUT", cookie: aliceCookie, json: { code: 42 } })).status).toBe(
      400,
    );
    // The limit a submission has (64 KiB of UTF-8), with the same 413: every saved draft can be submitted.
    expect(
      (
        await call(`/api/drafts/${SLUG}`, {
          method: "PUT",
          cookie: aliceCookie,
          json: { code: "x".repeat(64 * 1024 + 1) },
        })
      ).status,
    ).toBe(413);
    expect(
      (await call("/api/drafts/no-such-exercise", { method: "PUT", cookie: aliceCookie, json: { code: "x" } })).status,
    ).toBe(404);
    expect((await call("/api/drafts/..%2Fetc", { cookie: aliceCookie })).status).toBe(404);
  });

  it("signs up a student with a hashed password, whatever role the request asks for", async () => {
    const email = `Signup-${randomUUID().slice(0, 8)}@Test.Local`;
    const created = await call("/api/signup", {
      method: "POST",
      json: { name: "Sign Up", email, password: "long-enough-1", role: "ADMIN" },
    });
    expect(created.status).toBe(201);
    const user = await db().user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(user.role).toBe("STUDENT");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain("long-enough-1");
    await expect(signIn(web.url, email.toLowerCase(), "long-enough-1")).resolves.toMatch(/session-token=/);

    const again = await call("/api/signup", {
      method: "POST",
      json: { name: "Again", email, password: "long-enough-2" },
    });
    expect(again.status).toBe(409);
    expect(
      (
        await call("/api/signup", {
          method: "POST",
          json: { name: "Short", email: `s-${randomUUID()}@t.local`, password: "1234567" },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call("/api/signup", {
          method: "POST",
          json: { name: "Bad", email: "not-an-email", password: "long-enough-1" },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call("/api/signup", {
          method: "POST",
          json: { email: `n-${randomUUID()}@t.local`, password: "long-enough-1" },
        })
      ).status,
    ).toBe(400);
  });

  it("joins a cohort by its code, once, and refuses an unknown code", async () => {
    const code = `JOIN-${randomUUID().slice(0, 6).toUpperCase()}`;
    const cohort = await db().cohort.create({ data: { name: "Access-test cohort", joinCode: code } });
    const wrong = await call("/api/cohorts/join", { method: "POST", cookie: bobCookie, json: { code: "NOPE-000" } });
    expect(wrong.status).toBe(404);
    for (const attempt of [`  ${code.toLowerCase()} `, code]) {
      const joined = await call("/api/cohorts/join", { method: "POST", cookie: bobCookie, json: { code: attempt } });
      expect(joined.status).toBe(200);
      expect(await joined.json()).toMatchObject({ cohort: { id: cohort.id, name: "Access-test cohort" } });
    }
    expect(await db().enrollment.count({ where: { cohortId: cohort.id } })).toBe(1);
    expect((await call("/api/cohorts/join", { method: "POST", cookie: bobCookie, json: {} })).status).toBe(400);
  });
});
