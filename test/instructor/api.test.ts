import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createUser, routeCaller, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { startWorker, uniqueQueue, useOwnDatabase, waitFor, type WorkerProcess } from "../submissions/fixture";
import { submission } from "./fixture";

/**
 * The instructor APIs and pages over HTTP against `next start`: access enforced on the server for
 * every route (called directly as the wrong user), a cohort's life through the API, and a regrade
 * carried out by a real worker in the sandbox.
 */
const ROOT = new URL("../../", import.meta.url);
const code = (path: string) => readFileSync(new URL(`exercises/first-coroutine/${path}`, ROOT), "utf8");

describe("instructor API and pages over HTTP", () => {
  const queue = uniqueQueue("instructor");
  let web: WebServer;
  let worker: WorkerProcess | undefined;
  let owner: TestUser, outsider: TestUser, student: TestUser, admin: TestUser;
  const cookies: Record<string, string> = {};
  let cohortId: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("instructor_api", { QUEUE_NAME: queue });
    env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queue };
    web = await startWeb({ env });
    [owner, outsider, student, admin] = await Promise.all([
      createUser({ role: "INSTRUCTOR", name: "Olga Owner" }),
      createUser({ role: "INSTRUCTOR", name: "Otto Outsider" }),
      createUser({ name: "Stu Student" }),
      createUser({ role: "ADMIN", name: "Ada Admin" }),
    ]);
    for (const [key, u] of Object.entries({ owner, outsider, student, admin }))
      cookies[key] = await signIn(web.url, u.email, u.password);
  }, 400_000);

  afterAll(async () => {
    await Promise.all([web?.stop(), worker?.stop()]);
  });

  const call = routeCaller(() => web.url, cookies);

  it("runs a cohort's life through the API: create, join, code, deadlines, dashboard, roster", async () => {
    const created = await call("owner", "POST", "/api/instructor/cohorts", {
      name: "Tuesday group",
      latePolicy: "MARK_LATE",
      startsAt: "2026-11-01",
      endsAt: null,
    });
    expect(created.status).toBe(201);
    const { cohort } = (await created.json()) as { cohort: { id: string; joinCode: string } };
    cohortId = cohort.id;
    expect((await call("student", "POST", "/api/cohorts/join", { code: cohort.joinCode })).status).toBe(200);

    const regenerated = await call("owner", "POST", `/api/instructor/cohorts/${cohortId}/join-code`);
    const { joinCode } = (await regenerated.json()) as { joinCode: string };
    expect(joinCode).not.toBe(cohort.joinCode);
    expect((await call("student", "POST", "/api/cohorts/join", { code: cohort.joinCode })).status).toBe(404);

    const deadlines = await call("owner", "PUT", `/api/instructor/cohorts/${cohortId}/deadlines`, {
      deadlines: [{ exerciseSlug: "first-coroutine", dueAt: "2026-12-01T17:00:00Z" }],
    });
    expect(deadlines.status).toBe(200);
    expect(await deadlines.json()).toEqual({
      deadlines: [{ exerciseSlug: "first-coroutine", dueAt: "2026-12-01T17:00:00.000Z" }],
    });
    expect((await call("owner", "PATCH", `/api/instructor/cohorts/${cohortId}`, { name: "" })).status).toBe(400);
    expect(
      (await call("owner", "PATCH", `/api/instructor/cohorts/${cohortId}`, { latePolicy: "NO_CREDIT" })).status,
    ).toBe(200);

    const dashboard = await call("owner", "GET", `/api/instructor/cohorts/${cohortId}/dashboard`);
    expect(dashboard.status).toBe(200);
    const data = (await dashboard.json()) as { students: { email: string }[]; cohort: { latePolicy: string } };
    expect(data.students.map((s) => s.email)).toEqual([student.email]);
    expect(data.cohort.latePolicy).toBe("NO_CREDIT");

    const csv = await call("owner", "GET", `/api/instructor/cohorts/${cohortId}/grades`);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="grades-tuesday-group\.csv"$/);
    expect(new Uint8Array(await csv.clone().arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));

    // Sharing: the outsider gains access once added, and loses it once removed.
    expect((await call("outsider", "GET", `/api/instructor/cohorts/${cohortId}`)).status).toBe(404);
    expect(
      (await call("owner", "POST", `/api/instructor/cohorts/${cohortId}/instructors`, { email: outsider.email }))
        .status,
    ).toBe(201);
    expect((await call("outsider", "GET", `/api/instructor/cohorts/${cohortId}`)).status).toBe(200);
    expect(
      (await call("owner", "POST", `/api/instructor/cohorts/${cohortId}/instructors`, { email: student.email })).status,
    ).toBe(400);
    expect(
      (await call("owner", "DELETE", `/api/instructor/cohorts/${cohortId}/instructors/${outsider.id}`)).status,
    ).toBe(204);
    expect((await call("outsider", "GET", `/api/instructor/cohorts/${cohortId}`)).status).toBe(404);
  });

  function cohortRoutes(): [string, string, unknown?][] {
    const base = `/api/instructor/cohorts/${cohortId}`;
    return [
      ["GET", base],
      ["PATCH", base, { name: "Hijacked" }],
      ["DELETE", base],
      ["POST", `${base}/join-code`],
      ["PUT", `${base}/deadlines`, { deadlines: [{ exerciseSlug: "first-coroutine", dueAt: null }] }],
      ["POST", `${base}/instructors`, { email: outsider.email }],
      ["DELETE", `${base}/instructors/${owner.id}`],
      ["GET", `${base}/students/${student.id}`],
      ["DELETE", `${base}/students/${student.id}`],
      ["GET", `${base}/dashboard`],
      ["GET", `${base}/grades`],
      ["POST", `${base}/regrade`, { exerciseSlug: "first-coroutine" }],
      ["GET", `${base}/regrade?exerciseSlug=first-coroutine&since=2026-01-01T00:00:00Z`],
    ];
  }

  it("answers a student 403 on every instructor API, and nobody signed in 401", async () => {
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/instructor/cohorts"],
      ["POST", "/api/instructor/cohorts", { name: "Mine" }],
      ...cohortRoutes(),
    ];
    for (const [method, path, body] of routes) {
      expect([method, path, (await call("student", method, path, body)).status]).toEqual([method, path, 403]);
      expect([method, path, (await call(null, method, path, body)).status]).toEqual([method, path, 401]);
    }
  });

  it("answers an instructor 404 on every route of a cohort they do not teach, and changes nothing", async () => {
    for (const [method, path, body] of cohortRoutes())
      expect([method, path, (await call("outsider", method, path, body)).status]).toEqual([method, path, 404]);
    const listed = (await (await call("outsider", "GET", "/api/instructor/cohorts")).json()) as {
      cohorts: { id: string }[];
    };
    expect(listed.cohorts.map((c) => c.id)).not.toContain(cohortId);
    const cohort = await db().cohort.findUniqueOrThrow({
      where: { id: cohortId },
      include: { instructors: true, enrollments: true, deadlines: true },
    });
    expect(cohort.name).toBe("Tuesday group");
    expect(cohort.instructors.map((i) => i.userId)).toEqual([owner.id]);
    expect(cohort.enrollments.map((e) => e.userId)).toEqual([student.id]);
    expect(cohort.deadlines).toHaveLength(1);
  });

  it("serves instructor pages only to those who teach the cohort (404 otherwise)", async () => {
    const pages = [
      "/instructor",
      `/instructor/cohorts/${cohortId}`,
      `/instructor/cohorts/${cohortId}/settings`,
      `/instructor/cohorts/${cohortId}/students/${student.id}`,
      "/admin/instructors",
    ];
    for (const path of pages) expect([path, (await call("student", "GET", path)).status]).toEqual([path, 404]);
    for (const path of pages.slice(1, 4))
      expect([path, (await call("outsider", "GET", path)).status]).toEqual([path, 404]);
    expect((await call("outsider", "GET", "/admin/instructors")).status).toBe(404);
    for (const path of pages.slice(0, 4))
      expect([path, (await call("owner", "GET", path)).status]).toEqual([path, 200]);
    expect((await call("admin", "GET", "/admin/instructors")).status).toBe(200);
    expect((await call(null, "GET", "/instructor")).status).toBe(307); // to sign in
  });

  it("lets only an admin decide who teaches, effective on the next request", async () => {
    const hopeful = await createUser({ name: "Hope Hopeful" });
    const hopefulCookie = await signIn(web.url, hopeful.email, hopeful.password);
    for (const who of ["student", "owner"] as const) {
      expect((await call(who, "GET", "/api/admin/instructors")).status).toBe(403);
      expect(
        (await call(who, "PUT", "/api/admin/instructors", { email: hopeful.email, instructor: true })).status,
      ).toBe(403);
    }
    const asHopeful = () => fetch(`${web.url}/api/instructor/cohorts`, { headers: { cookie: hopefulCookie } });
    expect((await asHopeful()).status).toBe(403);
    expect(
      (await call("admin", "PUT", "/api/admin/instructors", { email: hopeful.email, instructor: true })).status,
    ).toBe(200);
    expect((await asHopeful()).status).toBe(200);
    const staff = (await (await call("admin", "GET", "/api/admin/instructors")).json()) as {
      staff: { email: string }[];
    };
    expect(staff.staff.map((s) => s.email)).toContain(hopeful.email);
    expect(
      (await call("admin", "PUT", "/api/admin/instructors", { email: hopeful.email, instructor: false })).status,
    ).toBe(200);
    expect((await asHopeful()).status).toBe(403);
    expect(
      (await call("admin", "PUT", "/api/admin/instructors", { email: admin.email, instructor: false })).status,
    ).toBe(409);
    expect(
      (await call("admin", "PUT", "/api/admin/instructors", { email: "nobody@nowhere.test", instructor: true })).status,
    ).toBe(404);
  });

  it("removes a student from the cohort", async () => {
    const leaver = await createUser({ name: "Lee Leaver" });
    await db().enrollment.create({ data: { cohortId, userId: leaver.id } });
    expect((await call("owner", "DELETE", `/api/instructor/cohorts/${cohortId}/students/${leaver.id}`)).status).toBe(
      204,
    );
    expect(await db().enrollment.count({ where: { cohortId, userId: leaver.id } })).toBe(0);
    expect((await call("owner", "GET", `/api/instructor/cohorts/${cohortId}/students/${leaver.id}`)).status).toBe(404);
  });

  it(
    "regrades each student's latest submission in the sandbox, keeping the old results",
    { timeout: 300_000 },
    async () => {
      worker = await startWorker(env);
      const second = await createUser({ name: "Sec Second" });
      await db().enrollment.create({ data: { cohortId, userId: second.id } });
      // Stored under "old checks": both failed. The reference really passes; no-await really fails.
      const older = await submission(
        student.id,
        "first-coroutine",
        3 * 3600_000,
        ["ordering.started-before-completed"],
        code("wrong/no-await.py"),
      );
      const good = await submission(
        student.id,
        "first-coroutine",
        2 * 3600_000,
        ["timing.concurrent"],
        code("reference.py"),
      );
      const bad = await submission(
        second.id,
        "first-coroutine",
        3600_000,
        ["timing.concurrent"],
        code("wrong/no-await.py"),
      );

      const started = await call("owner", "POST", `/api/instructor/cohorts/${cohortId}/regrade`, {
        exerciseSlug: "first-coroutine",
      });
      expect(started.status).toBe(202);
      const { since, total, enqueued } = (await started.json()) as { since: string; total: number; enqueued: number };
      expect([total, enqueued]).toEqual([2, 2]);

      const progressUrl =
        `/api/instructor/cohorts/${cohortId}/regrade` +
        `?exerciseSlug=first-coroutine&since=${encodeURIComponent(since)}`;
      const seen: number[] = [];
      const final = await waitFor(
        "the regrade to finish",
        async () => {
          const p = (await (await call("owner", "GET", progressUrl)).json()) as {
            total: number;
            done: number;
            errors: number;
            finished: boolean;
          };
          seen.push(p.done);
          return p;
        },
        (p) => p.finished,
        240_000,
      );
      expect(final).toEqual({ total: 2, done: 2, errors: 0, finished: true });
      expect(seen[0]).toBeLessThan(2); // progress was shown advancing, not only at the end

      const results = async (id: string) =>
        db().gradingResult.findMany({ where: { submissionId: id }, orderBy: { createdAt: "asc" } });
      const goodResults = await results(good.id);
      expect(goodResults.map((r) => [r.regrade, r.verdict])).toEqual([
        [false, "FAILED"],
        [true, "PASSED"],
      ]);
      const badResults = await results(bad.id);
      expect(badResults.map((r) => [r.regrade, r.verdict])).toEqual([
        [false, "FAILED"],
        [true, "FAILED"],
      ]);
      const failed = (badResults[1].report as { checks: { id: string; passed: boolean }[] }).checks
        .filter((c) => !c.passed)
        .map((c) => c.id);
      expect(failed).toContain("timing.waits");
      expect((await results(older.id)).map((r) => r.regrade)).toEqual([false]); // not the latest: untouched
      // The listing copy follows the newest grading, so the dashboard and gradebook see it.
      expect(await db().submission.findUniqueOrThrow({ where: { id: good.id } })).toMatchObject({
        verdict: "PASSED",
        score: goodResults[1].maxScore,
      });
      const dash = (await (await call("owner", "GET", `/api/instructor/cohorts/${cohortId}/dashboard`)).json()) as {
        students: { id: string; cells: Record<string, { passed: boolean }> }[];
      };
      expect(dash.students.find((s) => s.id === student.id)!.cells["first-coroutine"].passed).toBe(true);

      // Asking again for the same moment adds nothing: one regrade row per request.
      expect((await call("owner", "GET", progressUrl)).status).toBe(200);
      expect(
        await db().gradingResult.count({ where: { submissionId: { in: [good.id, bad.id] }, regrade: true } }),
      ).toBe(2);
    },
  );
});
