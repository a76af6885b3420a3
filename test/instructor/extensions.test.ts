import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { deadlinesFor } from "../../lib/cohorts/deadlines";
import { studentDue } from "../../lib/courses/extensions";
import { allowanceOf, attemptAllowance, strictest } from "../../lib/courses/limits";
import { createUser, routeCaller, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";
import { parseCsv } from "./csv";
import { DAY, DEADLINE_AGO, seedStory, type Story } from "./fixture";

/**
 * Extensions and attempt limits over HTTP against `next start` and the real PostgreSQL: every new
 * route refused to the wrong user with nothing written, an extension moving the student's due date
 * and the lateness in the matrix and the gradebook, revoking, and limits refusing with 429.
 */
describe("pure rules", () => {
  it("takes the latest due date that applies, never earlier than the deadline", () => {
    const deadline = new Date("2026-12-01T12:00:00Z");
    expect(studentDue(deadline, "a", [])).toEqual(deadline);
    expect(
      studentDue(deadline, "a", [{ exerciseSlug: "a", dueAt: new Date("2026-11-01T00:00:00Z"), extraMinutes: null }]),
    ).toEqual(deadline);
    expect(
      studentDue(deadline, "a", [{ exerciseSlug: "b", dueAt: new Date("2026-12-09T00:00:00Z"), extraMinutes: null }]),
    ).toEqual(deadline);
    expect(
      studentDue(deadline, "a", [
        { exerciseSlug: null, dueAt: null, extraMinutes: 60 },
        { exerciseSlug: "a", dueAt: new Date("2026-12-01T12:30:00Z"), extraMinutes: null },
      ]),
    ).toEqual(new Date("2026-12-01T13:00:00Z"));
  });

  it("folds attempt rules: the strictest of several cohorts, cooldown from the last attempt", () => {
    expect(
      strictest([
        { maxAttempts: 5, cooldownSeconds: null },
        { maxAttempts: 3, cooldownSeconds: 60 },
        { maxAttempts: null, cooldownSeconds: 30 },
      ]),
    ).toEqual({ maxAttempts: 3, cooldownSeconds: 60 });
    const now = new Date("2026-12-01T12:00:00Z");
    expect(allowanceOf({ maxAttempts: 3, cooldownSeconds: null }, 3, now, now)).toMatchObject({
      left: 0,
      blocked: "max-attempts",
      nextAt: null,
    });
    expect(
      allowanceOf({ maxAttempts: 3, cooldownSeconds: 60 }, 1, new Date(now.getTime() - 20_000), now),
    ).toMatchObject({ left: 2, blocked: "cooldown", nextAt: new Date(now.getTime() + 40_000) });
    expect(
      allowanceOf({ maxAttempts: null, cooldownSeconds: 60 }, 1, new Date(now.getTime() - 61_000), now),
    ).toMatchObject({ left: null, blocked: null, nextAt: null });
  });
});

describe("extensions and attempt limits over HTTP", () => {
  let web: WebServer;
  let story: Story;
  let outsider: TestUser, lim: TestUser, otherCohortId: string, otherExtensionId: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    const queue = uniqueQueue("extensions");
    const databaseUrl = await useOwnDatabase("extensions", { QUEUE_NAME: queue });
    story = await seedStory();
    [outsider, lim] = await Promise.all([
      createUser({ role: "INSTRUCTOR", name: "Otto Outsider" }),
      createUser({ name: "Lim Limited" }),
    ]);
    await db().enrollment.create({ data: { cohortId: story.cohortId, userId: lim.id } });
    // The outsider's own cohort, with an extension of its own: never reachable through the story's.
    const other = await db().cohort.create({
      data: {
        name: "Other cohort",
        joinCode: `OTHER-${lim.id.slice(-6).toUpperCase()}`,
        instructors: { create: { userId: outsider.id } },
        enrollments: { create: { userId: story.eve.id } },
        deadlines: { create: { exerciseSlug: "create-tasks", dueAt: new Date(Date.now() - DAY) } },
      },
    });
    otherCohortId = other.id;
    otherExtensionId = (
      await db().extension.create({
        data: {
          cohortId: other.id,
          userId: story.eve.id,
          exerciseSlug: "create-tasks",
          dueAt: new Date(Date.now() + DAY),
          note: "theirs",
        },
      })
    ).id;
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: queue } });
    const users = { owner: story.instructor, outsider, ann: story.ann, lim };
    for (const [key, u] of Object.entries(users)) cookies[key] = await signIn(web.url, u.email, u.password);
  }, 400_000);

  afterAll(async () => {
    await web?.stop();
  });

  const call = routeCaller(() => web.url, cookies);
  const base = () => `/api/instructor/cohorts/${story.cohortId}`;
  const snapshot = async () => ({
    extensions: await db().extension.findMany({ orderBy: { id: "asc" } }),
    limits: await db().attemptLimit.findMany(),
    cohorts: await db().cohort.findMany({
      select: { id: true, maxAttempts: true, cooldownSeconds: true },
      orderBy: { id: "asc" },
    }),
  });

  it(
    "refuses every new route to a student (403), a stranger (401) and another cohort's instructor (404), " +
      "writing nothing",
    async () => {
      const extension = await db().extension.create({
        data: {
          cohortId: story.cohortId,
          userId: story.bob.id,
          exerciseSlug: "create-tasks",
          dueAt: new Date(Date.now() + DAY),
        },
      });
      const routes: [string, string, unknown?][] = [
        ["GET", `${base()}/extensions`],
        [
          "POST",
          `${base()}/extensions`,
          {
            userIds: [story.ann.id],
            exerciseSlug: "create-tasks",
            dueAt: new Date(Date.now() + DAY).toISOString(),
            note: "x",
          },
        ],
        ["DELETE", `${base()}/extensions/${extension.id}`],
        ["GET", `${base()}/attempt-limits`],
        ["PUT", `${base()}/attempt-limits`, { cohort: { maxAttempts: 1, cooldownSeconds: null }, exercises: [] }],
      ];
      const before = await snapshot();
      for (const [method, path, body] of routes) {
        expect([method, path, (await call("ann", method, path, body)).status]).toEqual([method, path, 403]);
        expect([method, path, (await call(null, method, path, body)).status]).toEqual([method, path, 401]);
        expect([method, path, (await call("outsider", method, path, body)).status]).toEqual([method, path, 404]);
      }
      // Another cohort's extension through this cohort's path: 404 to its owner too.
      expect((await call("owner", "DELETE", `${base()}/extensions/${otherExtensionId}`)).status).toBe(404);
      expect(
        (await call("outsider", "DELETE", `/api/instructor/cohorts/${otherCohortId}/extensions/${extension.id}`))
          .status,
      ).toBe(404);
      // A student of another cohort cannot be granted one here; nor a date before the deadline.
      const eve = await call("owner", "POST", `${base()}/extensions`, {
        userIds: [story.ann.id, story.eve.id],
        exerciseSlug: "create-tasks",
        extraMinutes: 60,
      });
      expect(eve.status).toBe(400);
      expect(
        (
          await call("owner", "POST", `${base()}/extensions`, {
            userIds: [story.ann.id],
            exerciseSlug: "create-tasks",
            dueAt: new Date(Date.now() - 40 * 3600_000).toISOString(),
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await call("owner", "POST", `${base()}/extensions`, {
            userIds: [story.ann.id],
            exerciseSlug: "first-coroutine",
            extraMinutes: 60,
          })
        ).status,
      ).toBe(400);
      expect(
        (await call("owner", "POST", `${base()}/extensions`, { userIds: [story.ann.id], exerciseSlug: "create-tasks" }))
          .status,
      ).toBe(400);
      expect(
        (await call("owner", "POST", `${base()}/extensions`, { userIds: [], exerciseSlug: null, extraMinutes: 60 }))
          .status,
      ).toBe(400);
      expect(
        (
          await call("owner", "PUT", `${base()}/attempt-limits`, {
            cohort: { maxAttempts: 0, cooldownSeconds: null },
            exercises: [],
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await call("owner", "PUT", `${base()}/attempt-limits`, {
            cohort: { maxAttempts: null, cooldownSeconds: null },
            exercises: [{ exerciseSlug: "no-such-thing", maxAttempts: 1, cooldownSeconds: null }],
          })
        ).status,
      ).toBe(400);
      expect(await snapshot()).toEqual(before);
      await db().extension.delete({ where: { id: extension.id } });
    },
  );

  const movesLateness =
    "moves the student's due date, the matrix's and the gradebook's lateness, and revoking moves them back";
  it(movesLateness, async () => {
    const lateIn = async () => {
      const rows = parseCsv((await (await call("owner", "GET", `${base()}/grades`)).text()).replace(/^\uFEFF/, ""));
      const late = rows[0].indexOf("Late");
      return Object.fromEntries(rows.slice(1).map((r) => [r[1], r[late]]));
    };
    const annCell = async () => {
      const data = (await (await call("owner", "GET", `${base()}/dashboard`)).json()) as {
        students: { email: string; cells: Record<string, { late: boolean }>; extendedDue: Record<string, string> }[];
      };
      const ann = data.students.find((s) => s.email === story.ann.email)!;
      return { late: ann.cells["create-tasks"].late, extendedDue: ann.extendedDue["create-tasks"] ?? null };
    };
    const page = async () => (await call("ann", "GET", "/exercises/create-tasks")).text();

    // Before: Ann passed create-tasks a day after the deadline (36 h ago): late everywhere.
    expect(await annCell()).toEqual({ late: true, extendedDue: null });
    expect((await lateIn())[story.ann.email]).toBe("create-tasks");
    expect(await page()).toContain(">Late<");

    const deadline = (await db().deadline.findFirstOrThrow({ where: { cohortId: story.cohortId } })).dueAt;
    const newDue = new Date(deadline.getTime() + 2 * DAY);
    const granted = await call("owner", "POST", `${base()}/extensions`, {
      userIds: [story.ann.id, story.cyd.id],
      exerciseSlug: "create-tasks",
      dueAt: newDue.toISOString(),
      note: "Medical certificate",
    });
    expect(granted.status).toBe(201);
    const { extensions } = (await granted.json()) as {
      extensions: { id: string; student: { email: string }; extendedTo: string; deadline: string; note: string }[];
    };
    expect(extensions.map((x) => x.student.email).sort()).toEqual([story.ann.email, story.cyd.email].sort());
    expect(extensions[0]).toMatchObject({
      extendedTo: newDue.toISOString(),
      deadline: deadline.toISOString(),
      note: "Medical certificate",
    });

    // The student sees their own due date; the matrix and the CSV judge by it.
    const mine = (await deadlinesFor(story.ann.id)).get("create-tasks")!;
    expect(mine.dueAt).toEqual(newDue);
    expect(mine.extension).toEqual({ deadline, note: "Medical certificate" });
    expect((await deadlinesFor(story.bob.id)).get("create-tasks")!.dueAt).toEqual(deadline);
    const html = await page();
    expect(html).toContain(`data-due="${newDue.toISOString()}"`);
    expect(html).toContain('data-testid="extension-note"');
    expect(html).toContain("Medical certificate");
    expect(html).toContain(">On time<");
    expect(await annCell()).toEqual({ late: false, extendedDue: newDue.toISOString() });
    expect((await lateIn())[story.ann.email]).toBe("");

    // Granting again replaces; the list shows every extension; the cohort-wide kind shifts each deadline.
    const all = await call("owner", "POST", `${base()}/extensions`, {
      userIds: [story.bob.id],
      exerciseSlug: null,
      extraMinutes: 3 * 24 * 60,
      note: "Exchange week",
    });
    expect(all.status).toBe(201);
    expect((await deadlinesFor(story.bob.id)).get("create-tasks")!.dueAt).toEqual(
      new Date(deadline.getTime() + 3 * DAY),
    );
    const listed = (await (await call("owner", "GET", `${base()}/extensions`)).json()) as {
      extensions: { id: string; student: { email: string }; exerciseSlug: string | null }[];
    };
    expect(listed.extensions).toHaveLength(3);
    expect(listed.extensions.find((x) => x.student.email === story.bob.email)!.exerciseSlug).toBeNull();
    const settings = await (await call("owner", "GET", `/instructor/cohorts/${story.cohortId}/settings`)).text();
    expect(settings).toContain("Medical certificate");
    expect(settings).toContain("Exchange week");

    // Revoke Ann's: late again everywhere, and the row is gone.
    const annsId = extensions.find((x) => x.student.email === story.ann.email)!.id;
    expect((await call("owner", "DELETE", `${base()}/extensions/${annsId}`)).status).toBe(204);
    expect((await call("owner", "DELETE", `${base()}/extensions/${annsId}`)).status).toBe(404);
    expect(await db().extension.count({ where: { id: annsId } })).toBe(0);
    expect((await deadlinesFor(story.ann.id)).get("create-tasks")!.dueAt).toEqual(deadline);
    expect(await annCell()).toEqual({ late: true, extendedDue: null });
    expect((await lateIn())[story.ann.email]).toBe("create-tasks");
    expect(Date.now() - deadline.getTime()).toBeGreaterThanOrEqual(DEADLINE_AGO - 60_000);
  });

  it("refuses an attempt past the limit or within the cooldown with 429 and stores nothing", async () => {
    const saved = await call("owner", "PUT", `${base()}/attempt-limits`, {
      cohort: { maxAttempts: 2, cooldownSeconds: null },
      exercises: [{ exerciseSlug: "await-tasks", maxAttempts: null, cooldownSeconds: 600 }],
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({
      cohort: { maxAttempts: 2, cooldownSeconds: null },
      exercises: [{ exerciseSlug: "await-tasks", maxAttempts: null, cooldownSeconds: 600 }],
    });
    const submit = (exercise: string) =>
      call("lim", "POST", "/api/submissions", { exercise, code: "import asyncio\n" });
    const count = (exercise: string) => db().submission.count({ where: { userId: lim.id, exerciseSlug: exercise } });

    // Before any attempt the page says how many are left.
    expect(await (await call("lim", "GET", "/exercises/first-coroutine")).text()).toMatch(
      /data-testid="attempt-allowance"[^>]*data-left="2"/,
    );

    expect((await submit("first-coroutine")).status).toBe(201);
    expect(await attemptAllowance(lim.id, "first-coroutine")).toMatchObject({ used: 1, left: 1, blocked: null });
    expect((await submit("first-coroutine")).status).toBe(201);
    const refused = await submit("first-coroutine");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      reason: "max-attempts",
      retryAfterSeconds: null,
      error: expect.stringMatching(/all 2 graded attempts/),
    });
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(await count("first-coroutine")).toBe(2);
    expect(await (await call("lim", "GET", "/exercises/first-coroutine")).text()).toMatch(
      /data-testid="attempt-allowance"[^>]*data-left="0"/,
    );

    // An attempt the grader could not grade (status ERROR) is given back.
    const first = await db().submission.findFirstOrThrow({
      where: { userId: lim.id, exerciseSlug: "first-coroutine" },
    });
    await db().submission.update({
      where: { id: first.id },
      data: { status: "ERROR", errorMessage: "sandbox unavailable" },
    });
    expect(await attemptAllowance(lim.id, "first-coroutine")).toMatchObject({ used: 1, left: 1 });
    await db().submission.update({ where: { id: first.id }, data: { status: "QUEUED", errorMessage: null } });

    // The exercise's own rule replaces the cohort's: no maximum, but ten minutes between attempts.
    expect((await submit("await-tasks")).status).toBe(201);
    const cooling = await submit("await-tasks");
    expect(cooling.status).toBe(429);
    const body = (await cooling.json()) as { retryAfterSeconds: number; reason: string };
    expect(body.reason).toBe("cooldown");
    expect(body.retryAfterSeconds).toBeGreaterThan(590);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(cooling.headers.get("retry-after")).toBe(String(body.retryAfterSeconds));
    expect(await count("await-tasks")).toBe(1);
    const html = await (await call("lim", "GET", "/exercises/await-tasks")).text();
    expect(html).toMatch(/data-testid="attempt-allowance"[^>]*data-left=""[^>]*data-next-at="20/);
    expect(html).toContain("next attempt opens in");

    // The cooldown passes (the earlier attempts graded, so the queue's own limit of 3 waiting stays out of it).
    await db().submission.updateMany({
      where: { userId: lim.id },
      data: { status: "GRADED", createdAt: new Date(Date.now() - 601_000) },
    });
    expect((await submit("await-tasks")).status).toBe(201);
    // Another cohort's student is not limited.
    expect(await attemptAllowance(story.eve.id, "first-coroutine")).toMatchObject({
      maxAttempts: null,
      left: null,
      blocked: null,
    });
    // Limits off again: everything opens.
    expect(
      (
        await call("owner", "PUT", `${base()}/attempt-limits`, {
          cohort: { maxAttempts: null, cooldownSeconds: null },
          exercises: [],
        })
      ).status,
    ).toBe(200);
    expect(await attemptAllowance(lim.id, "first-coroutine")).toMatchObject({ left: null, blocked: null });
  });
});
