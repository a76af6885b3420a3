import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadlinesFor } from "../../lib/cohorts/deadlines";
import { cohortsOf } from "../../lib/cohorts/join";
import { coursePageData } from "../../lib/courses/course-page";
import { exercisePageData } from "../../lib/courses/exercise-page";
import { attemptAllowance } from "../../lib/courses/limits";
import { NO_PROGRESS, progressFor } from "../../lib/courses/progress";
import { getDraft } from "../../lib/courses/drafts";
import { db } from "../../lib/db";
import { unreadFeedbackSlugs } from "../../lib/feedback/student";
import { createUser, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";

/**
 * The exercise page reads a student's part in one statement and keeps what is the same for every
 * student per process, under the exercise's content hash (lib/courses/exercise-page.ts): an edited
 * exercise is shown anew at once, each student sees only their own work, and the single read gives
 * what the separate queries it replaced give.
 */
const SLUG = "first-coroutine";

describe("the exercise page's shared part and single read", () => {
  let web: WebServer;
  let alice: TestUser, bob: TestUser;
  const cookies: Record<string, string> = {};
  const page = async (who: TestUser, slug = SLUG) => {
    const res = await fetch(`${web.url}/exercises/${slug}`, {
      headers: { cookie: cookies[who.id] },
      redirect: "manual",
    });
    return { status: res.status, html: await res.text() };
  };

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("exercise_page");
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: uniqueQueue("exercise-page") } });
    [alice, bob] = await Promise.all([createUser({ name: "Alice Page" }), createUser({ name: "Bob Page" })]);
    cookies[alice.id] = await signIn(web.url, alice.email, alice.password);
    cookies[bob.id] = await signIn(web.url, bob.email, bob.password);
  }, 600_000);

  afterAll(async () => {
    await web?.stop();
  });

  it("shows an edited statement and title on the next request, not the kept ones", async () => {
    const before = await page(alice);
    expect(before.status).toBe(200);
    const marker = `edited-${randomUUID().slice(0, 8)}`;
    await db().exercise.update({
      where: { slug: SLUG },
      data: { title: `Title ${marker}`, statement: `A statement ${marker} as the author left it.` },
    });
    for (const who of [alice, bob]) {
      const after = await page(who);
      expect(after.html).toContain(`A statement ${marker} as the author left it.`);
      expect(after.html).toContain(`<title>Title ${marker}`);
    }
    // Written by SQL, past Prisma's updatedAt: the content hash still sees it (the hint is in the page's props).
    const hints = JSON.stringify([{ afterFailedAttempts: 1, text: `Hint ${marker}` }]);
    await db().$executeRaw`UPDATE "Exercise" SET hints = ${hints}::jsonb WHERE slug = ${SLUG}`;
    expect((await page(bob)).html).toContain(`Hint ${marker}`);
  });

  it("shows each student their own draft, attempts and progress only", async () => {
    await db().draft.create({ data: { userId: alice.id, exerciseSlug: SLUG, code: "# alice-draft-7f3\n" } });
    await db().draft.create({ data: { userId: bob.id, exerciseSlug: SLUG, code: "# bob-draft-9c1\n" } });
    await db().submission.create({
      data: {
        userId: alice.id,
        exerciseSlug: SLUG,
        code: "# alice's attempt\n",
        status: "GRADED",
        verdict: "PASSED",
        score: 10,
        maxScore: 10,
        gradedAt: new Date(),
      },
    });
    const [a, b] = await Promise.all([page(alice), page(bob)]);
    expect(a.html).toContain("alice-draft-7f3");
    expect(a.html).not.toContain("bob-draft-9c1");
    expect(b.html).toContain("bob-draft-9c1");
    expect(b.html).not.toContain("alice-draft-7f3");
    expect(a.html).toContain("Alice Page");
    expect(b.html).not.toContain("Alice Page");
    const [mine, theirs] = await Promise.all([exercisePageData(alice.id, SLUG), exercisePageData(bob.id, SLUG)]);
    expect(mine!.progress.passed).toBe(true);
    expect(mine!.attempts).toHaveLength(1);
    expect(theirs!.progress).toEqual(NO_PROGRESS);
    expect(theirs!.attempts).toEqual([]);
  });

  it("shows staff feedback to its student only, on the exercise page and the course page", async () => {
    const cohort = await db().cohort.create({
      data: {
        name: "Feedback cohort",
        joinCode: `FB-${randomUUID().slice(0, 6)}`,
        enrollments: { create: [{ userId: alice.id }, { userId: bob.id }] },
      },
    });
    const attempt = await db().submission.findFirstOrThrow({ where: { userId: alice.id, exerciseSlug: SLUG } });
    // No release row: feedback is released as staff write it.
    await db().lineComment.create({
      data: { submissionId: attempt.id, cohortId: cohort.id, startLine: 1, endLine: 1, body: "comment-5e2 on line 1" },
    });
    const [a, b] = await Promise.all([page(alice), page(bob)]);
    expect(a.html).toContain("comment-5e2 on line 1");
    expect(b.html).not.toContain("comment-5e2");
    expect((await exercisePageData(bob.id, SLUG))!.hasFeedback).toBe(false);
    expect((await coursePageData(alice.id)).newFeedback).toEqual(new Set([SLUG]));
    expect((await coursePageData(bob.id)).newFeedback).toEqual(new Set());
  });

  it("an unknown exercise is a 404", async () => {
    expect((await page(alice, "no-such-exercise")).status).toBe(404);
    expect(await exercisePageData(alice.id, "no-such-exercise")).toBeNull();
  });

  it("gives what the separate queries give: cohorts, deadlines, extensions, limits, errors", async () => {
    const carol = await createUser();
    const [strict, loose] = await Promise.all(
      ["Strict", "Loose"].map((name) =>
        db().cohort.create({
          data: {
            name,
            joinCode: `${name.toUpperCase()}-${randomUUID().slice(0, 6)}`,
            maxAttempts: name === "Strict" ? 5 : null,
            cooldownSeconds: name === "Loose" ? 60 : null,
            enrollments: { create: { userId: carol.id } },
          },
        }),
      ),
    );
    await db().attemptLimit.create({ data: { cohortId: strict.id, exerciseSlug: SLUG, maxAttempts: 3 } });
    await db().deadline.createMany({
      data: [
        { cohortId: strict.id, exerciseSlug: SLUG, dueAt: new Date("2030-01-10T10:00:00Z") },
        { cohortId: loose.id, exerciseSlug: SLUG, dueAt: new Date("2030-01-08T10:00:00Z") },
        { cohortId: loose.id, exerciseSlug: "create-tasks", dueAt: new Date("2030-01-01T10:00:00Z") },
      ],
    });
    await db().extension.create({
      data: { cohortId: loose.id, userId: carol.id, exerciseSlug: null, extraMinutes: 24 * 60, note: "Ill" },
    });
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    for (const [status, verdict, minutes] of [
      ["GRADED", "FAILED", 30],
      ["ERROR", "ERROR", 20],
      ["GRADED", "FAILED", 10],
      ["QUEUED", null, 0.5],
    ] as const)
      await db().submission.create({
        data: { userId: carol.id, exerciseSlug: SLUG, code: "x", status, verdict, createdAt: at(minutes) },
      });
    const data = (await exercisePageData(carol.id, SLUG))!;
    const now = new Date();
    // The list as the page read it with Prisma before (newest first, without code or report).
    const attempts = await db().submission.findMany({
      where: { userId: carol.id, exerciseSlug: SLUG },
      orderBy: { createdAt: "desc" },
      select: { id: true, status: true, verdict: true, score: true, maxScore: true, createdAt: true },
      take: 50,
    });
    expect(data.attempts).toEqual(attempts);
    expect(data.progress).toEqual((await progressFor(carol.id, SLUG)).get(SLUG));
    expect(data.deadline).toEqual((await deadlinesFor(carol.id)).get(SLUG));
    expect(data.deadline!.extension?.note).toBe("Ill");
    expect(data.draft).toEqual(await getDraft(carol.id, SLUG));
    const allowance = await attemptAllowance(carol.id, SLUG, undefined, now);
    expect({ ...data.allowance, nextAt: null }).toEqual({ ...allowance, nextAt: null });
    expect(data.allowance).toMatchObject({ maxAttempts: 3, cooldownSeconds: 60, used: 3, left: 0 });
    expect(data.hasFeedback).toBe(false);

    // The course page's single read, against the same functions.
    const course = await coursePageData(carol.id);
    expect(course.progress).toEqual(await progressFor(carol.id));
    expect(course.deadlines).toEqual(await deadlinesFor(carol.id));
    expect(course.cohorts).toEqual(await cohortsOf(carol.id));
    expect(course.newFeedback).toEqual(await unreadFeedbackSlugs(carol.id));
    expect(course.deadlines.get("create-tasks")!.extension!.note).toBe("Ill");
  });

  it("the course page shows each student their own progress", async () => {
    const res = async (who: TestUser) => (await fetch(`${web.url}/`, { headers: { cookie: cookies[who.id] } })).text();
    const [a, b] = await Promise.all([res(alice), res(bob)]);
    // React separates text parts with <!-- --> in its HTML.
    expect(a).toMatch(/Hello, (<!-- -->)?Alice</);
    expect(a).toMatch(/>1(<!-- -->)? of /);
    expect(b).toMatch(/Hello, (<!-- -->)?Bob</);
    expect(b).toMatch(/>0(<!-- -->)? of /);
  });
});
