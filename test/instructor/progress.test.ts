import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeRegrade } from "../../grader/regrade-job";
import { db } from "../../lib/db";
import { gradingQueue } from "../../lib/queue/grading-queue";
import { createSubmission } from "../../lib/submissions/create";
import { claimSubmission, faultReport, releaseClaim, storeResult } from "../../grader/submissions/grading";
import { createUser } from "../helpers/session";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";
import { HOUR, report, submission } from "./fixture";

/**
 * The dashboard's summaries (ExerciseProgress, CheckFailure) are kept by triggers with every write
 * to Submission and GradingResult. After each writer of the platform, the summaries must equal what
 * the dashboard computed from every submission before they existed (the oracle below, written
 * independently of the triggers' SQL).
 */
const CHECKS = ["output.lines", "ordering.started-before-completed", "timing.concurrent", "loop.not-blocked"];
const MIGRATION = fileURLToPath(
  new URL("../../prisma/migrations/20261201133417_exercise_progress/migration.sql", import.meta.url),
);

/** Every cell as the old dashboard queries computed it from the submissions, as comparable text. */
async function oracle(): Promise<{ progress: string[]; failures: string[] }> {
  const progress = await db().$queryRaw<{ row: string }[]>`
    SELECT json_build_array(c."userId", c."exerciseSlug", c.attempts, c."failedAttempts",
      CASE WHEN c."passedAt" IS NULL THEN NULL ELSE (
        SELECT count(*) FROM "Submission" x
        WHERE x."userId" = c."userId" AND x."exerciseSlug" = c."exerciseSlug" AND x."createdAt" <= c."passedAt"
      ) END,
      c."bestScore",
      (SELECT min(x."createdAt") FROM "Submission" x
        WHERE x."userId" = c."userId" AND x."exerciseSlug" = c."exerciseSlug" AND x.status = 'GRADED'
          AND x.score = c."bestScore"),
      c."maxScore", c."firstAt", c."lastAt", c."passedAt",
      (SELECT json_agg(json_build_array(d.day, d.n) ORDER BY d.day) FROM (
        SELECT x."createdAt"::date AS day, count(*) AS n FROM "Submission" x
        WHERE x."userId" = c."userId" AND x."exerciseSlug" = c."exerciseSlug" GROUP BY 1) d)
    )::text AS row
    FROM (
      SELECT s."userId", s."exerciseSlug", count(*) AS attempts,
        count(*) FILTER (WHERE s.verdict IN ('FAILED', 'ERROR')) AS "failedAttempts",
        max(s.score) FILTER (WHERE s.status = 'GRADED') AS "bestScore",
        max(s."maxScore") AS "maxScore", min(s."createdAt") AS "firstAt", max(s."createdAt") AS "lastAt",
        min(s."createdAt") FILTER (WHERE s.verdict = 'PASSED') AS "passedAt"
      FROM "Submission" s GROUP BY 1, 2
    ) c
    ORDER BY 1`;
  const failures = await db().$queryRaw<{ row: string }[]>`
    WITH current AS (
      SELECT s."userId", s."exerciseSlug", g.id, g."failedChecks"
      FROM "Submission" s
      JOIN "GradingResult" g ON g."submissionId" = s.id AND g.verdict <> 'ERROR'
      WHERE s.status = 'GRADED' AND s.verdict = 'FAILED'
        AND NOT EXISTS (
          SELECT 1 FROM "GradingResult" n
          WHERE n."submissionId" = g."submissionId" AND n.regrade AND n.verdict <> 'ERROR'
            AND n."createdAt" > g."createdAt"
        )
    )
    SELECT json_build_array("userId", "exerciseSlug", "checkId", max(id))::text AS row
    FROM (SELECT "userId", "exerciseSlug", unnest("failedChecks") AS "checkId", id FROM current) failed
    GROUP BY "userId", "exerciseSlug", "checkId"
    ORDER BY 1`;
  return { progress: progress.map((r) => r.row), failures: failures.map((r) => r.row) };
}

/** The summaries as the triggers left them, in the oracle's shape. */
async function summaries(): Promise<{ progress: string[]; failures: string[] }> {
  const progress = await db().$queryRaw<{ row: string }[]>`
    SELECT json_build_array(p."userId", p."exerciseSlug", p.attempts, p."failedAttempts", p."attemptsToPass",
      p."bestScore", p."bestAt", p."maxScore", p."firstAt", p."lastAt", p."passedAt",
      (SELECT json_agg(json_build_array(d.day, d.n) ORDER BY d.day)
        FROM unnest(p."activityDays", p."activityCounts") AS d(day, n))
    )::text AS row
    FROM "ExerciseProgress" p ORDER BY 1`;
  const failures = await db().$queryRaw<{ row: string }[]>`
    SELECT json_build_array("userId", "exerciseSlug", "checkId", example)::text AS row
    FROM "CheckFailure" ORDER BY 1`;
  return { progress: progress.map((r) => r.row), failures: failures.map((r) => r.row) };
}

async function expectInStep() {
  const [want, got] = [await oracle(), await summaries()];
  expect(got.progress).toEqual(want.progress);
  expect(got.failures).toEqual(want.failures);
}

async function progressOf(userId: string, exerciseSlug = "create-tasks") {
  return db().exerciseProgress.findUnique({ where: { userId_exerciseSlug: { userId, exerciseSlug } } });
}

async function failuresOf(userId: string, exerciseSlug = "create-tasks") {
  const rows = await db().checkFailure.findMany({ where: { userId, exerciseSlug }, orderBy: { checkId: "asc" } });
  return rows.map((r) => r.checkId);
}

describe("the dashboard's summaries follow every writer", () => {
  const queueName = uniqueQueue("dashboard-progress");

  beforeAll(async () => {
    await useOwnDatabase("dashboard_progress", { QUEUE_NAME: queueName });
  });

  afterAll(async () => {
    await gradingQueue()
      .obliterate({ force: true })
      .catch(() => undefined);
    await gradingQueue().close();
    await db().$disconnect();
  });

  it("a submission stored, claimed, released and graded (the web app, the worker)", async () => {
    const student = await createUser();
    const { id } = await createSubmission(student, { exercise: "create-tasks", code: "import asyncio\n" });
    const stored = await db().submission.findUniqueOrThrow({ where: { id } });
    expect(await progressOf(student.id)).toMatchObject({
      attempts: 1,
      failedAttempts: 0,
      bestScore: null,
      attemptsToPass: null,
      firstAt: stored.createdAt,
      lastAt: stored.createdAt,
    });
    expect((await claimSubmission(id)).kind).toBe("claimed");
    await releaseClaim(id);
    expect((await claimSubmission(id)).kind).toBe("claimed");
    await expectInStep();

    expect(
      await storeResult(id, report("create-tasks", ["timing.concurrent", "loop.not-blocked"]), 900),
    ).not.toBeNull();
    expect(await progressOf(student.id)).toMatchObject({
      attempts: 1,
      failedAttempts: 1,
      bestScore: 5,
      passedAt: null,
    });
    expect(await failuresOf(student.id)).toEqual(["loop.not-blocked", "timing.concurrent"]);
    await expectInStep();

    const second = await createSubmission(student, { exercise: "create-tasks", code: "import asyncio\n# 2\n" });
    expect((await claimSubmission(second.id)).kind).toBe("claimed");
    expect(await storeResult(second.id, report("create-tasks", []), 900)).not.toBeNull();
    const passed = await db().submission.findUniqueOrThrow({ where: { id: second.id } });
    expect(await progressOf(student.id)).toMatchObject({
      attempts: 2,
      failedAttempts: 1,
      attemptsToPass: 2,
      bestScore: 10,
      bestAt: passed.createdAt,
      passedAt: passed.createdAt,
    });
    // The first attempt's failures still count: any attempt, not the latest.
    expect(await failuresOf(student.id)).toEqual(["loop.not-blocked", "timing.concurrent"]);
    await expectInStep();
  });

  it("a grading the grader could not do (the sweeper's and the worker's fault report)", async () => {
    const student = await createUser();
    const { id } = await createSubmission(student, { exercise: "create-tasks", code: "import asyncio\n" });
    expect(await storeResult(id, faultReport("create-tasks", "The grader could not grade this"), null)).not.toBeNull();
    expect(await progressOf(student.id)).toMatchObject({ attempts: 1, failedAttempts: 1, bestScore: null });
    expect(await failuresOf(student.id)).toEqual([]);
    await expectInStep();
  });

  it("a regrade that corrects the grader, and one the sandbox broke", async () => {
    const student = await createUser();
    const first = await submission(student.id, "create-tasks", 3 * HOUR, ["output.lines"]);
    const second = await submission(student.id, "create-tasks", 2 * HOUR, ["timing.concurrent"]);
    expect(await failuresOf(student.id)).toEqual(["output.lines", "timing.concurrent"]);
    const since = new Date();
    // The first attempt was right after all: it passes, its failure goes, the cell is passed.
    expect(await storeRegrade(first.id, since, report("create-tasks", []), false)).toBe(true);
    expect(await progressOf(student.id)).toMatchObject({
      attempts: 2,
      failedAttempts: 1,
      attemptsToPass: 1,
      bestScore: 10,
      passedAt: first.createdAt,
    });
    expect(await failuresOf(student.id)).toEqual(["timing.concurrent"]);
    await expectInStep();
    // A broken regrade changes nothing the student earned.
    expect(await storeRegrade(second.id, since, faultReport("create-tasks", "engine gone"), true)).toBe(true);
    expect(await failuresOf(student.id)).toEqual(["timing.concurrent"]);
    await expectInStep();
    // A regrade whose own run failed differently replaces the attempt's failures.
    expect(await storeRegrade(second.id, new Date(), report("create-tasks", ["loop.not-blocked"]), false)).toBe(true);
    expect(await failuresOf(student.id)).toEqual(["loop.not-blocked"]);
    await expectInStep();
  });

  it("submissions and students deleted", async () => {
    const student = await createUser();
    const other = await createUser();
    const kept = await submission(student.id, "create-tasks", 2 * HOUR, ["output.lines"]);
    const gone = await submission(student.id, "create-tasks", 1 * HOUR, ["timing.concurrent"]);
    await submission(other.id, "first-coroutine", 1 * HOUR, ["output.lines"]);
    await db().submission.deleteMany({ where: { id: gone.id } });
    expect(await progressOf(student.id)).toMatchObject({ attempts: 1, lastAt: kept.createdAt });
    expect(await failuresOf(student.id)).toEqual(["output.lines"]);
    await db().submission.deleteMany({ where: { id: kept.id } });
    expect(await progressOf(student.id)).toBeNull();
    expect(await failuresOf(student.id)).toEqual([]);
    await db().user.delete({ where: { id: other.id } });
    expect(await db().exerciseProgress.count({ where: { userId: other.id } })).toBe(0);
    expect(await db().checkFailure.count({ where: { userId: other.id } })).toBe(0);
    await expectInStep();
  });

  it("concurrent writes to one cell: each refresh sees what the others committed", async () => {
    const student = await createUser();
    const rows = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db().submission.create({
          data: { userId: student.id, exerciseSlug: "create-tasks", code: `# ${i}\n`, status: "RUNNING" },
        }),
      ),
    );
    // Eight gradings of one student's exercise stored at once, each in its own transaction, while
    // more attempts arrive: without the cell lock, a refresh misses a grading committed under it.
    await Promise.all([
      ...rows.map((r, i) => storeResult(r.id, report("create-tasks", [CHECKS[i % CHECKS.length]]), 900)),
      ...Array.from({ length: 4 }, (_, i) =>
        db().submission.create({ data: { userId: student.id, exerciseSlug: "create-tasks", code: `# late ${i}\n` } }),
      ),
    ]);
    expect(await progressOf(student.id)).toMatchObject({ attempts: 12, failedAttempts: 8, bestScore: 7.5 });
    expect(await failuresOf(student.id)).toEqual([...CHECKS].sort());
    await expectInStep();
  });

  it("rows written straight by SQL, many cells in one statement", async () => {
    const students = await Promise.all(Array.from({ length: 30 }, () => createUser()));
    const ids = students.map((s) => s.id);
    // 30 students × 3 exercises × 2 attempts: 90 cells in one statement (the bulk path locks the table).
    await db().$executeRaw`
      INSERT INTO "Submission" (id, "userId", "exerciseSlug", code, status, verdict, score, "maxScore", "createdAt")
      SELECT 'bulk-' || u.id || '-' || e.slug || '-' || a, u.id, e.slug, 'import asyncio', 'GRADED',
        (CASE WHEN a = 2 THEN 'PASSED' ELSE 'FAILED' END)::"Verdict", CASE WHEN a = 2 THEN 10 ELSE 5 END, 10,
        now() - make_interval(hours => 3 - a)
      FROM "User" u CROSS JOIN (SELECT slug FROM "Exercise" ORDER BY "order" LIMIT 3) e
      CROSS JOIN generate_series(1, 2) a
      WHERE u.id = ANY(${ids})`;
    await db().$executeRaw`
      INSERT INTO "GradingResult" (id, "submissionId", verdict, score, "maxScore", report, "failedChecks")
      SELECT 'g-' || s.id, s.id, s.verdict, s.score, s."maxScore", '{}',
        CASE WHEN s.verdict = 'FAILED' THEN ARRAY['output.lines'] ELSE ARRAY[]::text[] END
      FROM "Submission" s WHERE s."userId" = ANY(${ids})`;
    expect(await db().exerciseProgress.count({ where: { userId: { in: ids } } })).toBe(90);
    expect(await db().checkFailure.count({ where: { userId: { in: ids } } })).toBe(90);
    expect(await db().exerciseProgress.count({ where: { userId: { in: ids }, attemptsToPass: 2 } })).toBe(90);
    await expectInStep();
  });

  it("the migration's backfill rebuilds the summaries of existing submissions", async () => {
    await expectInStep();
    const before = await summaries();
    expect(before.progress.length).toBeGreaterThan(90);
    const sql = readFileSync(MIGRATION, "utf8");
    const backfill = sql.slice(sql.indexOf("-- Backfill"));
    expect(backfill).toMatch(/^-- Backfill[^]*dashboard_refresh_progress/);
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`DELETE FROM "ExerciseProgress"`;
      await tx.$executeRaw`DELETE FROM "CheckFailure"`;
      await tx.$executeRawUnsafe(backfill);
    });
    expect(await summaries()).toEqual(before);
  });
});
