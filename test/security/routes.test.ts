import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createUser, signIn, type TestUser } from "../helpers/session";
import { startWeb, TEST_SECRET, type WebServer } from "../helpers/web";
import { submission } from "../instructor/fixture";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";

/**
 * Bad input on every API route, over HTTP against `next start`: no session, forged sessions,
 * cross-site requests (CSRF), oversized, non-JSON and mistyped bodies, unknown and malformed ids,
 * ids of other users' records. Each gets a 4xx with a message, and the database is byte-for-byte
 * what it was before. The route table must name every route handler in app/api, so a new route
 * cannot skip these checks.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
type Role = "student" | "instructor" | "admin";
interface Ids {
  cohort: string;
  student: string;
  submission: string;
  slug: string;
}
interface RouteCase {
  /** Who may call it (a session of this role gets past authentication). */
  who: Role;
  path: (ids: Ids) => string;
  /** A body the route would accept: the cross-site check sends it, the mistyped ones start from it. */
  body?: Record<string, unknown>;
  public?: boolean;
}

const cohort =
  (rest = "") =>
  (ids: Ids) =>
    `/api/instructor/cohorts/${ids.cohort}${rest}`;
const ROUTES: Record<string, RouteCase> = {
  "GET /api/admin/instructors": { who: "admin", path: () => "/api/admin/instructors" },
  "PUT /api/admin/instructors": {
    who: "admin",
    path: () => "/api/admin/instructors",
    body: { email: "someone@test.local", instructor: true },
  },
  "GET /api/admin/queue": { who: "admin", path: () => "/api/admin/queue" },
  "GET /api/admin/sign-in": { who: "admin", path: () => "/api/admin/sign-in" },
  "PUT /api/admin/sign-in": { who: "admin", path: () => "/api/admin/sign-in", body: { passwordSignIn: false } },
  "GET /api/admin/exercises/[slug]/tests": {
    who: "instructor",
    path: (ids) => `/api/admin/exercises/${ids.slug}/tests`,
  },
  "POST /api/admin/exercises/[slug]/tests": {
    who: "admin",
    path: (ids) => `/api/admin/exercises/${ids.slug}/tests`,
    body: { repeat: 1 },
  },
  "GET /api/admin/exercises/[slug]/tests/events": {
    who: "instructor",
    path: (ids) => `/api/admin/exercises/${ids.slug}/tests/events`,
  },
  "POST /api/cohorts/join": { who: "student", path: () => "/api/cohorts/join", body: { code: "NOPE-CODE" } },
  "GET /api/drafts/[slug]": { who: "student", path: (ids) => `/api/drafts/${ids.slug}` },
  "PUT /api/drafts/[slug]": {
    who: "student",
    path: (ids) => `/api/drafts/${ids.slug}`,
    body: { code: "print('x')\n" },
  },
  "GET /api/instructor/cohorts": { who: "instructor", path: () => "/api/instructor/cohorts" },
  "POST /api/instructor/cohorts": {
    who: "instructor",
    path: () => "/api/instructor/cohorts",
    body: { name: "New", startsAt: "2026-12-01", endsAt: null },
  },
  "GET /api/instructor/cohorts/[id]": { who: "instructor", path: cohort() },
  "PATCH /api/instructor/cohorts/[id]": {
    who: "instructor",
    path: cohort(),
    body: { name: "Renamed", latePolicy: "NO_CREDIT" },
  },
  "DELETE /api/instructor/cohorts/[id]": { who: "instructor", path: cohort() },
  "GET /api/instructor/cohorts/[id]/dashboard": { who: "instructor", path: cohort("/dashboard") },
  "PUT /api/instructor/cohorts/[id]/deadlines": {
    who: "instructor",
    path: cohort("/deadlines"),
    body: { deadlines: [{ exerciseSlug: "create-tasks", dueAt: "2026-12-24T12:00:00Z" }] },
  },
  "GET /api/instructor/cohorts/[id]/grades": { who: "instructor", path: cohort("/grades") },
  "POST /api/instructor/cohorts/[id]/instructors": {
    who: "instructor",
    path: cohort("/instructors"),
    body: { email: "someone@test.local" },
  },
  "DELETE /api/instructor/cohorts/[id]/instructors/[userId]": {
    who: "instructor",
    path: (ids) => `${cohort("/instructors")(ids)}/${ids.student}`,
  },
  "POST /api/instructor/cohorts/[id]/join-code": { who: "instructor", path: cohort("/join-code") },
  "POST /api/instructor/cohorts/[id]/regrade": {
    who: "instructor",
    path: cohort("/regrade"),
    body: { exerciseSlug: "create-tasks" },
  },
  "GET /api/instructor/cohorts/[id]/regrade": {
    who: "instructor",
    path: (ids) => `${cohort("/regrade")(ids)}?exerciseSlug=create-tasks&since=2026-01-01T00:00:00Z`,
  },
  "GET /api/instructor/cohorts/[id]/students/[userId]": {
    who: "instructor",
    path: (ids) => `${cohort("/students")(ids)}/${ids.student}`,
  },
  "DELETE /api/instructor/cohorts/[id]/students/[userId]": {
    who: "instructor",
    path: (ids) => `${cohort("/students")(ids)}/${ids.student}`,
  },
  "GET /api/instructor/cohorts/[id]/extensions": { who: "instructor", path: cohort("/extensions") },
  "POST /api/instructor/cohorts/[id]/extensions": {
    who: "instructor",
    path: cohort("/extensions"),
    body: { userIds: ["cnosuchuser0000000000000"], exerciseSlug: "create-tasks", extraMinutes: 60, note: "Ill" },
  },
  // No extension has a submission's id: the real ids stand in for one that does not exist.
  "DELETE /api/instructor/cohorts/[id]/extensions/[extensionId]": {
    who: "instructor",
    path: (ids) => `${cohort("/extensions")(ids)}/${ids.submission}`,
  },
  "GET /api/instructor/cohorts/[id]/attempt-limits": { who: "instructor", path: cohort("/attempt-limits") },
  "PUT /api/instructor/cohorts/[id]/attempt-limits": {
    who: "instructor",
    path: cohort("/attempt-limits"),
    body: {
      cohort: { maxAttempts: 3, cooldownSeconds: 60 },
      exercises: [{ exerciseSlug: "create-tasks", maxAttempts: null, cooldownSeconds: 600 }],
    },
  },
  "GET /api/instructor/cohorts/[id]/reports": { who: "instructor", path: cohort("/reports") },
  // No report has a submission's id: the real ids stand in for one that does not exist.
  "PUT /api/instructor/cohorts/[id]/reports/[reportId]": {
    who: "instructor",
    path: (ids) => `${cohort("/reports")(ids)}/${ids.submission}`,
    body: { action: "decline", answer: "The verdict holds." },
  },
  "GET /api/instructor/cohorts/[id]/similarity": { who: "instructor", path: cohort("/similarity") },
  "POST /api/instructor/cohorts/[id]/similarity": {
    who: "instructor",
    path: cohort("/similarity"),
    body: { exerciseSlug: "create-tasks" },
  },
  // No similarity run or pair has a submission's id: the real ids stand in for ones that do not exist.
  "GET /api/instructor/cohorts/[id]/similarity/runs/[runId]": {
    who: "instructor",
    path: (ids) => `${cohort("/similarity/runs")(ids)}/${ids.submission}`,
  },
  "GET /api/instructor/cohorts/[id]/similarity/pairs/[pairId]": {
    who: "instructor",
    path: (ids) => `${cohort("/similarity/pairs")(ids)}/${ids.submission}`,
  },
  // Issue 27: teaching assistants, line comments, rubric items and feedback release. No comment or
  // rubric item has a submission's id: the real ids stand in for ones that do not exist.
  "POST /api/instructor/cohorts/[id]/assistants": {
    who: "instructor",
    path: cohort("/assistants"),
    body: { email: "someone@test.local" },
  },
  "DELETE /api/instructor/cohorts/[id]/assistants/[userId]": {
    who: "instructor",
    path: (ids) => `${cohort("/assistants")(ids)}/${ids.student}`,
  },
  "GET /api/instructor/cohorts/[id]/submissions/[submissionId]/feedback": {
    who: "instructor",
    path: (ids) => `${cohort("/submissions")(ids)}/${ids.submission}/feedback`,
  },
  "POST /api/instructor/cohorts/[id]/submissions/[submissionId]/comments": {
    who: "instructor",
    path: (ids) => `${cohort("/submissions")(ids)}/${ids.submission}/comments`,
    body: { startLine: 1, endLine: 1, body: "Why a list of one?" },
  },
  "PATCH /api/instructor/cohorts/[id]/comments/[commentId]": {
    who: "instructor",
    path: (ids) => `${cohort("/comments")(ids)}/${ids.submission}`,
    body: { body: "Edited." },
  },
  "DELETE /api/instructor/cohorts/[id]/comments/[commentId]": {
    who: "instructor",
    path: (ids) => `${cohort("/comments")(ids)}/${ids.submission}`,
  },
  "GET /api/instructor/cohorts/[id]/rubric": {
    who: "instructor",
    path: (ids) => `${cohort("/rubric")(ids)}?exercise=${ids.slug}`,
  },
  "POST /api/instructor/cohorts/[id]/rubric": {
    who: "instructor",
    path: cohort("/rubric"),
    body: { exerciseSlug: "create-tasks", title: "Pointless lock", description: "", points: -1 },
  },
  "PATCH /api/instructor/cohorts/[id]/rubric/[itemId]": {
    who: "instructor",
    path: (ids) => `${cohort("/rubric")(ids)}/${ids.submission}`,
    body: { title: "Pointless lock", description: "", points: -2 },
  },
  "DELETE /api/instructor/cohorts/[id]/rubric/[itemId]": {
    who: "instructor",
    path: (ids) => `${cohort("/rubric")(ids)}/${ids.submission}`,
  },
  "PUT /api/instructor/cohorts/[id]/submissions/[submissionId]/rubric/[itemId]": {
    who: "instructor",
    path: (ids) => `${cohort("/submissions")(ids)}/${ids.submission}/rubric/${ids.submission}`,
  },
  "DELETE /api/instructor/cohorts/[id]/submissions/[submissionId]/rubric/[itemId]": {
    who: "instructor",
    path: (ids) => `${cohort("/submissions")(ids)}/${ids.submission}/rubric/${ids.submission}`,
  },
  "PUT /api/instructor/cohorts/[id]/releases": {
    who: "instructor",
    path: cohort("/releases"),
    body: { exerciseSlug: "create-tasks", held: true },
  },
  "POST /api/submissions/[id]/feedback/read": {
    who: "student",
    path: (ids) => `/api/submissions/${ids.submission}/feedback/read`,
  },
  "POST /api/lti/cohorts/[id]/roster": { who: "instructor", path: (ids) => `/api/lti/cohorts/${ids.cohort}/roster` },
  "GET /api/lti/platforms": { who: "admin", path: () => "/api/lti/platforms" },
  "POST /api/lti/platforms": {
    who: "admin",
    path: () => "/api/lti/platforms",
    body: {
      issuer: "https://lms.test.local",
      clientId: "client-1",
      deploymentIds: ["deployment-1"],
      loginUrl: "https://lms.test.local/auth",
      tokenUrl: "https://lms.test.local/token",
      jwksUrl: "https://lms.test.local/jwks",
      name: "Test LMS",
    },
  },
  "GET /api/runs": { who: "student", path: (ids) => `/api/runs?exercise=${ids.slug}` },
  "POST /api/runs": {
    who: "student",
    path: () => "/api/runs",
    body: { exercise: "first-coroutine", code: "print('hi')\n" },
  },
  "GET /api/runs/events": { who: "student", path: (ids) => `/api/runs/events?exercise=${ids.slug}` },
  // Probes and metrics for the operators' tools (test/infra/observability.test.ts): no session, no input.
  "GET /api/health/live": { who: "student", public: true, path: () => "/api/health/live" },
  "GET /api/health/ready": { who: "student", public: true, path: () => "/api/health/ready" },
  "GET /api/metrics": { who: "student", public: true, path: () => "/api/metrics" },
  "POST /api/signup": {
    who: "student",
    public: true,
    path: () => "/api/signup",
    body: { name: "New Person", email: "new-person@test.local", password: "long-enough-1" },
  },
  "GET /api/submissions": { who: "student", path: () => "/api/submissions" },
  "POST /api/submissions": {
    who: "student",
    path: () => "/api/submissions",
    body: { exercise: "first-coroutine", code: "print('hi')\n" },
  },
  "GET /api/submissions/[id]": { who: "student", path: (ids) => `/api/submissions/${ids.submission}` },
  "GET /api/submissions/[id]/events": { who: "student", path: (ids) => `/api/submissions/${ids.submission}/events` },
  "GET /api/submissions/[id]/reports": { who: "student", path: (ids) => `/api/submissions/${ids.submission}/reports` },
  "POST /api/submissions/[id]/reports": {
    who: "student",
    path: (ids) => `/api/submissions/${ids.submission}/reports`,
    body: { note: "My tasks do run concurrently." },
  },
};
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/**
 * LTI 1.3 protocol endpoints (issue 26): public by the IMS specifications, answering the platform's
 * cross-site form posts (login, launch) and the framed picker's form (deep-link) with HTML pages, not
 * JSON. test/lti/launch.test.ts sends them every bad launch; the rest of the LTI API is in ROUTES.
 */
const LTI_PROTOCOL = new Set([
  "GET /api/lti/config",
  "GET /api/lti/jwks",
  "GET /api/lti/login",
  "POST /api/lti/login",
  "POST /api/lti/launch",
  "POST /api/lti/deep-link",
  "GET /api/lti/register",
]);

/** "METHOD /api/…" for every handler exported by app/api/**\/route.ts (next-auth's own excepted). */
function routeHandlers(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === "route.ts" && !path.includes("[...nextauth]")) {
        const route = "/" + relative(join(ROOT, "app"), dir);
        for (const [, method] of readFileSync(path, "utf8").matchAll(
          /export (?:async )?(?:function|const) (GET|POST|PUT|PATCH|DELETE)\b/g,
        ))
          found.push(`${method} ${route}`);
      }
    }
  };
  walk(join(ROOT, "app/api"));
  return found.sort();
}

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

describe("bad input on every API route: a 4xx with a message, nothing changed", () => {
  let web: WebServer;
  let ids: Ids;
  let users: Record<Role | "otherStudent" | "otherInstructor", TestUser>;
  const cookies: Partial<Record<Role, string>> = {};
  let before: Record<string, string>;
  const tried: string[] = [];

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("security_routes");
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: uniqueQueue("security-routes") } });
    users = {
      student: await createUser(),
      otherStudent: await createUser(),
      instructor: await createUser({ role: "INSTRUCTOR" }),
      otherInstructor: await createUser({ role: "INSTRUCTOR" }),
      admin: await createUser({ role: "ADMIN" }),
    };
    const taught = await db().cohort.create({
      data: {
        name: "Taught",
        joinCode: `TAUGHT-${Date.now().toString(36).toUpperCase()}`,
        instructors: { create: { userId: users.instructor.id } },
        enrollments: { create: { userId: users.student.id } },
      },
    });
    const own = await submission(users.student.id, "create-tasks", 3_600_000, []);
    ids = { cohort: taught.id, student: users.student.id, submission: own.id, slug: "create-tasks" };
    for (const role of ["student", "instructor", "admin"] as const)
      cookies[role] = await signIn(web.url, users[role].email, users[role].password);
    before = await fingerprint();
  }, 300_000);

  afterAll(async () => {
    console.log(`bad requests tried: ${tried.length}`);
    await web?.stop();
  });

  /** Sends one bad request and checks its answer: the status, and a JSON error message for a 4xx. */
  async function expectRefused(
    label: string,
    method: string,
    path: string,
    init: { cookie?: string; body?: string; headers?: Record<string, string> },
    status: number | number[],
  ) {
    const res = await fetch(`${web.url}${path}`, {
      method,
      redirect: "manual",
      headers: {
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
      body: init.body,
      signal: AbortSignal.timeout(15_000),
    });
    tried.push(`${label} ${method} ${path}`);
    const allowed = Array.isArray(status) ? status : [status];
    const text = await res.text();
    expect({ label, method, path, status: res.status }).toEqual({
      label,
      method,
      path,
      status: allowed.includes(res.status) ? res.status : allowed[0],
    });
    expect(JSON.parse(text).error, `${label} ${method} ${path}: ${text}`).toMatch(/\w{3}/);
  }

  it("covers every route handler in app/api", () => {
    expect(routeHandlers().filter((r) => !LTI_PROTOCOL.has(r))).toEqual(Object.keys(ROUTES).sort());
  });

  it("answers 401 without a session and with forged or foreign session cookies", async () => {
    const foreignSecret = await encode({
      token: { uid: users.admin.id, sub: users.admin.id, email: users.admin.email },
      secret: "another-deployments-secret-0123456789abcdef",
    });
    const forRemovedUser = await encode({
      token: { uid: "c0000000000000000000000000", sub: "x" },
      secret: TEST_SECRET,
    });
    const sessions: [string, string | undefined][] = [
      ["no session", undefined],
      ["garbage session", "next-auth.session-token=garbage.not.a.token"],
      ["session signed with another secret", `next-auth.session-token=${foreignSecret}`],
      ["session of a user who does not exist", `next-auth.session-token=${forRemovedUser}`],
      [
        "unsigned JWT (alg none)",
        `next-auth.session-token=${Buffer.from('{"alg":"none"}').toString("base64url")}.` +
          `${Buffer.from(`{"uid":"${users.admin.id}"}`).toString("base64url")}.`,
      ],
    ];
    for (const [key, route] of Object.entries(ROUTES)) {
      if (route.public) continue;
      const method = key.split(" ")[0];
      for (const [label, cookie] of sessions)
        await expectRefused(
          label,
          method,
          route.path(ids),
          { cookie, body: route.body && JSON.stringify(route.body) },
          401,
        );
    }
  });

  it("refuses cross-site writes (CSRF) with 403, even with a valid session and body", async () => {
    for (const [key, route] of Object.entries(ROUTES)) {
      const method = key.split(" ")[0];
      if (!WRITES.has(method)) continue;
      const init = { cookie: cookies[route.who], body: route.body && JSON.stringify(route.body) };
      await expectRefused(
        "cross-site Origin",
        method,
        route.path(ids),
        { ...init, headers: { origin: "https://evil.example" } },
        403,
      );
      await expectRefused(
        "Sec-Fetch-Site cross-site",
        method,
        route.path(ids),
        { ...init, headers: { "sec-fetch-site": "cross-site" } },
        403,
      );
      await expectRefused(
        "sibling subdomain",
        method,
        route.path(ids),
        { ...init, headers: { "sec-fetch-site": "same-site" } },
        403,
      );
    }
  });

  it("answers 413 to oversized bodies, 400 to non-JSON and to mistyped fields", async () => {
    const huge = JSON.stringify({ code: "x".repeat(2 * 1024 * 1024) });
    for (const [key, route] of Object.entries(ROUTES)) {
      const method = key.split(" ")[0];
      if (!route.body) continue;
      const as = { cookie: cookies[route.who] };
      await expectRefused("2 MiB body", method, route.path(ids), { ...as, body: huge }, 413);
      await expectRefused("not JSON", method, route.path(ids), { ...as, body: "{not json" }, 400);
      await expectRefused("JSON array", method, route.path(ids), { ...as, body: "[]" }, 400);
      await expectRefused("JSON null", method, route.path(ids), { ...as, body: "null" }, 400);
      for (const field of Object.keys(route.body))
        for (const wrong of [12345, { $ne: null }, [route.body[field]], true].filter(
          (w) => typeof w !== typeof route.body![field],
        ))
          await expectRefused(
            `${field}=${JSON.stringify(wrong)}`,
            method,
            route.path(ids),
            { ...as, body: JSON.stringify({ ...route.body, [field]: wrong }) },
            400,
          );
    }
  });

  it("answers 404 to unknown ids, 400 or 404 to malformed ones", async () => {
    const unknown = {
      ...ids,
      cohort: "cnosuchcohort000000000000",
      student: "cnosuchuser0000000000000",
      submission: "cnosuchsubmission0000000",
      slug: "no-such-exercise",
    };
    const malformed = { cohort: "x".repeat(300), student: "%00", submission: "%00", slug: "%00bad" };
    for (const [key, route] of Object.entries(ROUTES)) {
      if (!/\[/.test(key)) continue;
      const method = key.split(" ")[0];
      const body = route.body && JSON.stringify(route.body);
      for (const param of ["cohort", "student", "submission", "slug"] as const) {
        if (route.path({ ...ids, [param]: "@" }) === route.path(ids)) continue;
        const as = { cookie: cookies[route.who], body };
        await expectRefused(`unknown ${param}`, method, route.path({ ...ids, [param]: unknown[param] }), as, 404);
        await expectRefused(
          `malformed ${param}`,
          method,
          route.path({ ...ids, [param]: malformed[param] }),
          as,
          [400, 404],
        );
      }
    }
  });

  it("answers 404 to ids of other users' records", async () => {
    const theirs = await submission(users.otherStudent.id, "create-tasks", 3_600_000, [], "# other student's code\n");
    const otherCohort = await db().cohort.create({
      data: {
        name: "Not yours",
        joinCode: `OTHER-${Date.now().toString(36).toUpperCase()}`,
        instructors: { create: { userId: users.otherInstructor.id } },
      },
    });
    const snapshot = await fingerprint();
    const elsewhere = { ...ids, cohort: otherCohort.id, submission: theirs.id, student: users.otherStudent.id };
    for (const [key, route] of Object.entries(ROUTES)) {
      if (!/\[(id|userId)\]/.test(key) || route.who === "admin") continue;
      const method = key.split(" ")[0];
      await expectRefused(
        "another user's record",
        method,
        route.path(elsewhere),
        { cookie: cookies[route.who], body: route.body && JSON.stringify(route.body) },
        404,
      );
    }
    expect(await fingerprint()).toEqual(snapshot);
    await db().submission.delete({ where: { id: theirs.id } });
    await db().cohort.delete({ where: { id: otherCohort.id } });
  });

  it("changed nothing in the database", async () => {
    expect(await fingerprint()).toEqual(before);
  });
});
