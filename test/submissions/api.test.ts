import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createUser, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { referenceSolution, SLUG, uniqueQueue, useOwnDatabase } from "./fixture";

/** The HTTP contract of /api/submissions and /api/admin/queue; no worker runs, so submissions stay queued. */
describe("submissions API", () => {
  let web: WebServer;
  const cookies: Record<string, string> = {};
  const users: Record<string, TestUser> = {};

  const post = (body: BodyInit, cookie = cookies.student, contentType = "application/json") =>
    fetch(`${web.url}/api/submissions`, { method: "POST", headers: { cookie, "content-type": contentType }, body });
  const get = (path: string, cookie = cookies.student) => fetch(`${web.url}${path}`, { headers: { cookie } });

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("api");
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: uniqueQueue("api") } });
    for (const [name, role] of [
      ["student", "STUDENT"],
      ["other", "STUDENT"],
      ["limited", "STUDENT"],
      ["teacher", "INSTRUCTOR"],
      ["stranger", "INSTRUCTOR"],
      ["admin", "ADMIN"],
    ] as const) {
      users[name] = await createUser({ role });
      cookies[name] = await signIn(web.url, users[name].email, users[name].password);
    }
    const cohort = await db().cohort.create({ data: { name: "API test cohort", joinCode: `API-${Date.now()}` } });
    await db().enrollment.create({ data: { cohortId: cohort.id, userId: users.student.id } });
    await db().cohortInstructor.create({ data: { cohortId: cohort.id, userId: users.teacher.id } });
  }, 300_000);

  afterAll(async () => {
    await web?.stop();
  });

  it("refuses every route without a session: 401 with a message", async () => {
    for (const [method, path] of [
      ["POST", "/api/submissions"],
      ["GET", "/api/submissions"],
      ["GET", "/api/submissions/some-id"],
      ["GET", "/api/submissions/some-id/events"],
      ["GET", "/api/admin/queue"],
    ]) {
      const res = await fetch(`${web.url}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "POST" ? "{}" : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect((await res.json()).error).toMatch(/sign in/i);
    }
  });

  it("answers every bad submission with a 4xx and a clear message", async () => {
    const code = referenceSolution();
    const cases: [string, BodyInit, number, RegExp][] = [
      ["not JSON", "exercise=first-coroutine", 400, /must be JSON/],
      ["a JSON array", "[]", 400, /must be a JSON object/],
      ["no exercise", JSON.stringify({ code }), 400, /"exercise" must be/],
      ["a path as exercise", JSON.stringify({ exercise: "../etc", code }), 400, /exercise slug/],
      [
        "an unknown exercise",
        JSON.stringify({ exercise: "no-such-exercise", code }),
        404,
        /Unknown exercise "no-such-exercise"/,
      ],
      ["no code", JSON.stringify({ exercise: SLUG }), 400, /"code" must be/],
      ["code as a number", JSON.stringify({ exercise: SLUG, code: 42 }), 400, /"code" must be/],
      ["empty code", JSON.stringify({ exercise: SLUG, code: "  \n" }), 400, /empty/],
      ["a lone surrogate", JSON.stringify({ exercise: SLUG, code: "print('\ud800')" }), 400, /UTF-8/],
      ["a NUL character", JSON.stringify({ exercise: SLUG, code: "x = 1\0" }), 400, /NUL/],
      [
        "65 KiB of code in 33 000 characters",
        JSON.stringify({ exercise: SLUG, code: "# " + "é".repeat(33_000) }),
        413,
        /at most 64 KiB/,
      ],
      ["a 1 MiB body", JSON.stringify({ exercise: SLUG, code: "#".repeat(1 << 20) }), 413, /at most 64 KiB/],
    ];
    for (const [what, body, status, message] of cases) {
      const res = await post(body);
      const json = await res.json();
      expect(res.status, what).toBe(status);
      expect(json.error, what).toMatch(message);
    }
    const invalidUtf8 = Buffer.concat([
      Buffer.from('{"exercise":"first-coroutine","code":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const res = await post(invalidUtf8);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/not UTF-8/);
    // Exactly 64 KiB is accepted.
    const atLimit = await post(JSON.stringify({ exercise: SLUG, code: "#".repeat(64 * 1024) }), cookies.other);
    expect(atLimit.status).toBe(201);
    expect(await db().submission.count({ where: { userId: users.student.id } })).toBe(0);
  });

  it("limits a student to 3 waiting submissions, then answers 429 saying when to retry", async () => {
    const body = JSON.stringify({ exercise: SLUG, code: referenceSolution() });
    const first = await Promise.all([1, 2, 3].map(() => post(body, cookies.limited)));
    expect(first.map((r) => r.status)).toEqual([201, 201, 201]);
    const created = await Promise.all(first.map((r) => r.json()));
    expect(created.every((c) => c.status === "QUEUED" && typeof c.id === "string")).toBe(true);
    const refused = await post(body, cookies.limited);
    expect(refused.status).toBe(429);
    const json = await refused.json();
    expect(json.error).toMatch(/3 submissions waiting.*Try again in about \d+ seconds/);
    expect(json.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.headers.get("retry-after")).toBe(String(json.retryAfterSeconds));
    // Concurrent posts cannot slip past the limit.
    const burst = await Promise.all([1, 2, 3, 4].map(() => post(body, cookies.limited)));
    expect(burst.map((r) => r.status)).toEqual([429, 429, 429, 429]);
    expect(await db().submission.count({ where: { userId: users.limited.id } })).toBe(3);
    // Another student is not affected.
    expect((await post(body, cookies.student)).status).toBe(201);
  });

  it("lets the owner, their cohort's instructors and admins read a submission; 404 for everyone else", async () => {
    const res = await post(JSON.stringify({ exercise: SLUG, code: "print('mine')\n" }));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const own = await (await get(`/api/submissions/${id}`)).json();
    expect(own).toMatchObject({
      id,
      exercise: SLUG,
      status: "QUEUED",
      verdict: null,
      score: null,
      errorMessage: null,
      result: null,
      code: "print('mine')\n",
    });
    expect(Object.keys(own).sort()).toEqual(
      [
        "id",
        "exercise",
        "status",
        "verdict",
        "score",
        "maxScore",
        "createdAt",
        "gradedAt",
        "queueMs",
        "runMs",
        "code",
        "errorMessage",
        "result",
      ].sort(),
    );
    for (const reader of ["teacher", "admin"])
      expect((await get(`/api/submissions/${id}`, cookies[reader])).status, reader).toBe(200);
    for (const reader of ["other", "stranger"]) {
      const denied = await get(`/api/submissions/${id}`, cookies[reader]);
      expect(denied.status, reader).toBe(404);
      expect((await denied.json()).error).toMatch(/No such submission/);
      expect((await get(`/api/submissions/${id}/events`, cookies[reader])).status, `${reader} events`).toBe(404);
    }
    expect((await get(`/api/submissions/does-not-exist`)).status).toBe(404);

    const list = await (await get(`/api/submissions?exercise=${SLUG}`)).json();
    expect(list.submissions[0]).toMatchObject({ id, status: "QUEUED" });
    expect(list.submissions[0].code).toBeUndefined();
    const othersList = await (await get(`/api/submissions?exercise=${SLUG}`, cookies.other)).json();
    expect(othersList.submissions.map((s: { id: string }) => s.id)).not.toContain(id);
    const badQuery = await get(`/api/submissions?exercise=..%2Fx`);
    expect(badQuery.status).toBe(400);
    expect((await badQuery.json()).error).toMatch(/exercise slug/);
  });

  it(
    "streams the current state at once over SSE and keeps the stream open while queued",
    { timeout: 30_000 },
    async () => {
      const { id } = await (await post(JSON.stringify({ exercise: SLUG, code: "print('x')\n" }), cookies.other)).json();
      const controller = new AbortController();
      const res = await fetch(`${web.url}/api/submissions/${id}/events`, {
        headers: { cookie: cookies.other },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      let text = "";
      const started = Date.now();
      while (!text.includes("event: status")) text += new TextDecoder().decode((await reader.read()).value);
      expect(Date.now() - started).toBeLessThan(2000);
      const data = JSON.parse(/^data: (.*)$/m.exec(text)![1]);
      expect(data).toMatchObject({ id, status: "QUEUED", result: null });
      expect(data.code).toBeUndefined();
      // Nothing changes while no worker runs: the stream stays open with a comment heartbeat every 15 s.
      while (!text.includes(": heartbeat")) text += new TextDecoder().decode((await reader.read()).value);
      const heartbeatAfter = Date.now() - started;
      expect(heartbeatAfter).toBeGreaterThan(14_000);
      expect(heartbeatAfter).toBeLessThan(17_000);
      expect(text.match(/event: status/g)).toHaveLength(1);
      controller.abort();
    },
  );

  it("shows queue health to admins only", async () => {
    expect((await get("/api/admin/queue", cookies.student)).status).toBe(403);
    expect((await get("/api/admin/queue", cookies.teacher)).status).toBe(403);
    const res = await get("/api/admin/queue", cookies.admin);
    expect(res.status).toBe(200);
    const health = await res.json();
    const waiting = await db().submission.count({ where: { status: "QUEUED" } });
    expect(health).toEqual({ waiting, active: 0, failed: 0, delayed: 0, oldestWaitingAgeMs: expect.any(Number) });
    const oldest = await db().submission.findFirst({ orderBy: { createdAt: "asc" } });
    expect(health.oldestWaitingAgeMs).toBeGreaterThanOrEqual(Date.now() - oldest!.createdAt.getTime() - 2000);
  });
});
