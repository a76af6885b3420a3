import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createUser, routeCaller, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { submission } from "../instructor/fixture";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";

/**
 * Issue 27, teaching assistants, over HTTP against `next start`: a TA does a TA's work (dashboard,
 * code, comments, rubric items, reports) and nothing of an instructor's; every route of the
 * feature refuses a student, a TA of another cohort and a visitor, with the database unchanged.
 */
type Who = "instructor" | "ta" | "otherTa" | "student";

/** Every table's rows, hashed: equal fingerprints mean nothing was written. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await db().$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name ` +
      `<> '_prisma_migrations' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db().$queryRawUnsafe<{ n: bigint; h: string | null }[]>(
      `SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${name}" t`,
    );
    out[name] = `${row.n}:${row.h}`;
  }
  return out;
}

describe("teaching assistants and the feedback routes, as each role", () => {
  let web: WebServer;
  let users: Record<Who, TestUser>;
  const cookies: Record<string, string> = {};
  const call = routeCaller(() => web.url, cookies);
  let cohort: string;
  let attempt: string;
  let comment: string;
  let item: string;
  let report: string;

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("feedback_roles");
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: uniqueQueue("feedback-roles") } });
    users = {
      instructor: await createUser({ role: "INSTRUCTOR", name: "Ida Instructor" }),
      ta: await createUser({ name: "Tia Assistant" }),
      otherTa: await createUser({ name: "Oto Elsewhere" }),
      student: await createUser({ name: "Sam Student" }),
    };
    cohort = (
      await db().cohort.create({
        data: {
          name: "Roles cohort",
          joinCode: "ROLES-A",
          instructors: { create: { userId: users.instructor.id } },
          assistants: { create: { userId: users.ta.id } },
          enrollments: { create: { userId: users.student.id } },
        },
      })
    ).id;
    await db().cohort.create({
      data: { name: "Other cohort", joinCode: "ROLES-B", assistants: { create: { userId: users.otherTa.id } } },
    });
    attempt = (await submission(users.student.id, "create-tasks", 3_600_000, ["timing.concurrent"])).id;
    comment = (
      await db().lineComment.create({
        data: {
          submissionId: attempt,
          cohortId: cohort,
          authorId: users.instructor.id,
          startLine: 1,
          endLine: 1,
          body: "Hi",
        },
      })
    ).id;
    item = (
      await db().rubricItem.create({
        data: { cohortId: cohort, exerciseSlug: "create-tasks", title: "Tidy", points: 1 },
      })
    ).id;
    report = (await db().verdictReport.create({ data: { submissionId: attempt, userId: users.student.id, note: "?" } }))
      .id;
    for (const who of Object.keys(users) as Who[])
      cookies[who] = await signIn(web.url, users[who].email, users[who].password);
  }, 300_000);

  afterAll(async () => {
    await web?.stop();
  });

  const base = () => `/api/instructor/cohorts/${cohort}`;
  /** Every route of the feature and of a TA's work, with a body it would accept. */
  const staffRoutes = (): [string, string, unknown?][] => [
    ["GET", `${base()}/dashboard`],
    ["GET", `${base()}/students/${users.student.id}`],
    ["GET", `${base()}/reports`],
    ["PUT", `${base()}/reports/${report}`, { action: "decline", answer: "It holds." }],
    ["GET", `${base()}/submissions/${attempt}/feedback`],
    ["POST", `${base()}/submissions/${attempt}/comments`, { startLine: 1, endLine: 2, body: "Look" }],
    ["PATCH", `${base()}/comments/${comment}`, { body: "Changed" }],
    ["DELETE", `${base()}/comments/${comment}`],
    ["GET", `${base()}/rubric?exercise=create-tasks`],
    ["POST", `${base()}/rubric`, { exerciseSlug: "create-tasks", title: "New", description: "", points: -1 }],
    ["PATCH", `${base()}/rubric/${item}`, { title: "Tidier", description: "", points: 2 }],
    ["DELETE", `${base()}/rubric/${item}`],
    ["PUT", `${base()}/submissions/${attempt}/rubric/${item}`],
    ["DELETE", `${base()}/submissions/${attempt}/rubric/${item}`],
    ["PUT", `${base()}/releases`, { exerciseSlug: "create-tasks", held: true }],
  ];
  /** The instructors' alone: how the cohort runs, its people, its export. */
  const instructorRoutes = (): [string, string, unknown?][] => [
    ["PATCH", base(), { name: "Renamed", latePolicy: "NO_CREDIT" }],
    ["DELETE", base()],
    ["PUT", `${base()}/deadlines`, { deadlines: [{ exerciseSlug: "create-tasks", dueAt: "2026-12-24T12:00:00Z" }] }],
    [
      "POST",
      `${base()}/extensions`,
      { userIds: [users.student.id], exerciseSlug: "create-tasks", extraMinutes: 60, note: "" },
    ],
    ["PUT", `${base()}/attempt-limits`, { cohort: { maxAttempts: 1, cooldownSeconds: null }, exercises: [] }],
    ["DELETE", `${base()}/students/${users.student.id}`],
    ["POST", `${base()}/instructors`, { email: users.otherTa.email }],
    ["POST", `${base()}/assistants`, { email: users.otherTa.email }],
    ["DELETE", `${base()}/assistants/${users.ta.id}`],
    ["POST", `${base()}/join-code`],
    ["POST", `${base()}/regrade`, { exerciseSlug: "create-tasks" }],
    ["GET", `${base()}/grades`],
  ];

  it("refuses a student, a TA of another cohort and a visitor on every route, changing nothing", async () => {
    const before = await fingerprint();
    const seen: string[] = [];
    for (const [method, path, body] of [...staffRoutes(), ...instructorRoutes()])
      for (const [who, status] of [
        ["student", 403],
        ["otherTa", 403],
        [null, 401],
      ] as const) {
        const res = await call(who, method, path, body);
        seen.push(`${who ?? "signed out"} ${method} ${path} → ${res.status}`);
        expect({ who, method, path, status: res.status }).toEqual({ who, method, path, status });
        expect(((await res.json()) as { error: string }).error).toMatch(/\w{3}/);
      }
    expect(seen.length).toBe(3 * (staffRoutes().length + instructorRoutes().length));
    // The student's own feedback route refuses others: the TA marking the student's attempt read.
    const read = await call("ta", "POST", `/api/submissions/${attempt}/feedback/read`);
    expect(read.status).toBe(404);
    expect(await fingerprint()).toEqual(before);
  });

  it("refuses a TA what only instructors do (403), changing nothing", async () => {
    const before = await fingerprint();
    for (const [method, path, body] of instructorRoutes()) {
      const res = await call("ta", method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
    }
    // Someone else's comment is theirs to change.
    expect((await call("ta", "PATCH", `${base()}/comments/${comment}`, { body: "Mine now" })).status).toBe(403);
    expect((await call("ta", "DELETE", `${base()}/comments/${comment}`)).status).toBe(403);
    expect(await fingerprint()).toEqual(before);
    // The pages: the dashboard and a student's work open; settings and similarity do not.
    expect((await call("ta", "GET", `/instructor/cohorts/${cohort}`)).status).toBe(200);
    expect((await call("ta", "GET", `/instructor/cohorts/${cohort}/students/${users.student.id}`)).status).toBe(200);
    expect(
      (await call("ta", "GET", `/instructor/cohorts/${cohort}/students/${users.student.id}/exercises/create-tasks`))
        .status,
    ).toBe(200);
    expect((await call("ta", "GET", `/instructor/cohorts/${cohort}/settings`)).status).toBe(404);
    expect((await call("ta", "GET", `/instructor/cohorts/${cohort}/similarity`)).status).toBe(404);
    expect((await call("otherTa", "GET", `/instructor/cohorts/${cohort}`)).status).toBe(404);
    const home = await call("ta", "GET", "/instructor");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain("Roles cohort");
    expect(html).not.toContain("Other cohort");
    expect(html).not.toContain("New cohort");
  });

  it("lets a TA read the cohort, comment, define and apply rubric items and answer reports", async () => {
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await call("ta", method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: res.ok ? res.status : 200 });
      return res;
    };
    await ok("GET", `${base()}/dashboard`);
    await ok("GET", `${base()}/students/${users.student.id}?exercise=create-tasks`);
    const posted = await ok("POST", `${base()}/submissions/${attempt}/comments`, {
      startLine: 1,
      endLine: 2,
      body: "**Why?**",
    });
    const mine = ((await posted.json()) as { comment: { id: string } }).comment.id;
    await ok("PATCH", `${base()}/comments/${mine}`, { body: "Why a list?" });
    const created = await ok("POST", `${base()}/rubric`, {
      exerciseSlug: "create-tasks",
      title: "Pointless lock",
      description: "Nothing shared is guarded.",
      points: -1,
    });
    const lock = ((await created.json()) as { item: { id: string } }).item.id;
    await ok("PUT", `${base()}/submissions/${attempt}/rubric/${lock}`);
    await ok("PUT", `${base()}/reports/${report}`, { action: "decline", answer: "The timing check holds." });
    const view = (await (await ok("GET", `${base()}/submissions/${attempt}/feedback`)).json()) as {
      comments: { body: string; author: string }[];
      grade: { automatic: number; manual: number; final: number };
    };
    expect(view.comments.map((c) => [c.author, c.body])).toEqual([
      ["Ida Instructor", "Hi"],
      ["Tia Assistant", "Why a list?"],
    ]);
    expect(view.grade).toMatchObject({ automatic: 7.5, manual: -1, final: 6.5 });
    expect(await db().verdictReport.findUniqueOrThrow({ where: { id: report } })).toMatchObject({
      status: "DECLINED",
      answeredById: users.ta.id,
    });
  });

  it("lets an instructor add a TA by email: only an account, and not a student of the cohort", async () => {
    const newcomer = await createUser({ name: "Nia New" });
    const added = await call("instructor", "POST", `${base()}/assistants`, { email: newcomer.email.toUpperCase() });
    expect(added.status).toBe(201);
    expect(await db().cohortAssistant.count({ where: { cohortId: cohort, userId: newcomer.id } })).toBe(1);
    expect((await call("instructor", "POST", `${base()}/assistants`, { email: users.student.email })).status).toBe(409);
    expect((await call("instructor", "POST", `${base()}/assistants`, { email: "nobody@test.local" })).status).toBe(400);
    expect((await call("instructor", "DELETE", `${base()}/assistants/${newcomer.id}`)).status).toBe(204);
    expect((await call("instructor", "DELETE", `${base()}/assistants/${newcomer.id}`)).status).toBe(404);
  });
});
