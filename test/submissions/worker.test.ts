import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { enqueueGrading, gradingQueue } from "../../lib/queue/grading-queue";
import { createSubmission } from "../../lib/submissions/create";
import { claimSubmission, storeResult } from "../../grader/submissions/grading";
import type { GradeReport } from "../../grader/checks/result";
import { docker } from "../../grader/sandbox/docker";
import { createUser } from "../helpers/session";
import {
  referenceSolution,
  SLUG,
  startWorker,
  uniqueQueue,
  useOwnDatabase,
  waitFor,
  type WorkerProcess,
} from "./fixture";

/**
 * Worker processes under signals: SIGKILL mid-grade loses nothing and stores one result; SIGTERM
 * finishes the job in hand and takes no new one. Submissions enter through the same code the
 * POST route runs (store, then enqueue), without the web server.
 */
describe("grading worker", () => {
  const queueName = uniqueQueue("worker");
  let env: Record<string, string>;
  const workers: WorkerProcess[] = [];
  const start = async (extra: Record<string, string> = {}) => {
    const worker = await startWorker({ ...env, GRADER_CONCURRENCY: "1", GRADER_LOCK_MS: "4000", ...extra });
    workers.push(worker);
    return worker;
  };
  const submit = async (code = referenceSolution()) =>
    (await createSubmission(await createUser(), { exercise: SLUG, code })).id;
  const statusOf = (id: string) =>
    db()
      .submission.findUniqueOrThrow({ where: { id } })
      .then((s) => s.status);
  const resultsOf = (id: string) => db().gradingResult.count({ where: { submissionId: id } });
  const gradingsIn = (worker: WorkerProcess, id: string) => worker.output().split(`grading ${id} `).length - 1;

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("worker", { QUEUE_NAME: queueName });
    env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queueName };
  }, 60_000);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  afterAll(async () => {
    await gradingQueue().obliterate({ force: true });
    await gradingQueue().close();
  });

  it(
    "recovers a job whose worker was SIGKILLed mid-grade and stores exactly one result",
    { timeout: 90_000 },
    async () => {
      const first = await start();
      const id = await submit();
      await waitFor(
        "the first worker to start grading",
        () => statusOf(id),
        (s) => s === "RUNNING",
        30_000,
      );
      const label = `asyncio-course.worker=${hostname()}:${first.innerPid()}`;
      await waitFor(
        "its sandbox container",
        () => docker().listContainers({ filters: { label: [label] } }),
        (c) => c.length > 0,
        20_000,
      );
      first.signal("SIGKILL", true);
      expect(await first.exited).toBe("SIGKILL");
      expect(await statusOf(id)).toBe("RUNNING");
      expect(await resultsOf(id)).toBe(0);

      const killedAt = Date.now();
      const second = await start();
      expect(second.output()).toMatch(/removed \d+ orphan sandbox container/);
      expect(await docker().listContainers({ all: true, filters: { label: [label] } })).toHaveLength(0);
      const row = await waitFor(
        "the second worker to take over and grade",
        () => db().submission.findUniqueOrThrow({ where: { id } }),
        (s) => s.status === "GRADED",
        60_000,
      );
      console.log(
        `SIGKILL → graded by the second worker ${Date.now() - killedAt} ms later (lock ` +
          `${env.GRADER_LOCK_MS ?? 4000} ms)`,
      );
      expect(row.verdict).toBe("PASSED");
      expect(await resultsOf(id)).toBe(1);
      expect(gradingsIn(first, id)).toBe(1);
      expect(gradingsIn(second, id)).toBe(1);

      // A job that runs again after the result is stored (e.g. killed between storing and acking) does
      // nothing: carrying the code, it starts a grading ahead of its claim, which the claim calls off.
      await gradingQueue().remove(id);
      await enqueueGrading(id, { start: { exerciseSlug: SLUG, code: referenceSolution() } });
      await waitFor(
        "the repeated job to finish",
        () => gradingQueue().getJobState(id),
        (s) => s === "completed",
        20_000,
      );
      expect((await gradingQueue().getJob(id))?.returnvalue).toEqual({ skipped: "done" });
      expect(await resultsOf(id)).toBe(1);
      expect(gradingsIn(second, id)).toBe(1);
    },
  );

  it("grades the code the database holds, not the copy a job carries", { timeout: 60_000 }, async () => {
    await start();
    // A job written straight to Redis with a passing solution, for a submission of the untouched starter.
    const starter = readFileSync(new URL(`../../exercises/${SLUG}/starter.py`, import.meta.url), "utf8");
    const { id } = await db().submission.create({
      data: { userId: (await createUser()).id, exerciseSlug: SLUG, code: starter },
    });
    await enqueueGrading(id, { start: { exerciseSlug: SLUG, code: referenceSolution() } });
    const row = await waitFor(
      "the grading",
      () => db().submission.findUniqueOrThrow({ where: { id } }),
      (s) => s.status === "GRADED",
      45_000,
    );
    expect(row.verdict).toBe("FAILED");
    expect(row.score).toBe(0);
    expect(await resultsOf(id)).toBe(1);
  });

  it("stores a result once even when two attempts finish the same grading", async () => {
    const id = (
      await db().submission.create({ data: { userId: (await createUser()).id, exerciseSlug: SLUG, code: "x" } })
    ).id;
    expect((await claimSubmission(id)).kind).toBe("claimed");
    const report: GradeReport = {
      exercise: SLUG,
      verdict: "passed",
      score: 10,
      maxScore: 10,
      checks: [],
      elapsedMs: 1,
      timeline: [],
    };
    const stored = await Promise.all([
      storeResult(id, report, 5),
      storeResult(id, { ...report, verdict: "failed", score: 0 }, 6),
    ]);
    expect(stored.filter(Boolean)).toHaveLength(1);
    expect(await resultsOf(id)).toBe(1);
    expect((await claimSubmission(id)).kind).toBe("done");
  });

  it("on SIGTERM finishes the job in hand, takes no new one, and exits 0", { timeout: 90_000 }, async () => {
    const worker = await start();
    const a = await submit();
    const b = await submit();
    const running = await waitFor(
      "one of the two submissions to start",
      async () => [await statusOf(a), await statusOf(b)],
      (s) => s.includes("RUNNING"),
      30_000,
    );
    const [inHand, waiting] = running[0] === "RUNNING" ? [a, b] : [b, a];
    worker.signal("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toMatch(/SIGTERM: finishing the current job/);
    expect(await statusOf(inHand)).toBe("GRADED");
    expect(await resultsOf(inHand)).toBe(1);
    expect(await statusOf(waiting)).toBe("QUEUED");
    expect(gradingsIn(worker, waiting)).toBe(0);

    // The next worker picks the waiting one up.
    const next = await start();
    await waitFor(
      "the next worker to grade the waiting submission",
      () => statusOf(waiting),
      (s) => s === "GRADED",
      40_000,
    );
    expect(gradingsIn(next, waiting)).toBe(1);
  });

  it(
    "retries an unreachable Docker engine with backoff instead of giving a verdict",
    { timeout: 120_000 },
    async () => {
      const broken = await start({ DOCKER_HOST: "unix:///nonexistent/docker.sock" });
      const id = await submit();
      const faults = () => broken.output().split(`infrastructure fault on ${id}, will retry`).length - 1;
      await waitFor(
        "two failed attempts",
        async () => faults(),
        (n) => n >= 2,
        60_000,
      );
      await broken.stop();
      const job = await gradingQueue().getJob(id);
      expect(job!.attemptsMade).toBeGreaterThanOrEqual(2);
      expect(await gradingQueue().getJobState(id)).toMatch(/delayed|waiting/);
      expect(await statusOf(id)).toBe("QUEUED");
      expect(await resultsOf(id)).toBe(0);

      const healthy = await start();
      const row = await waitFor(
        "a healthy worker to grade it",
        () => db().submission.findUniqueOrThrow({ where: { id } }),
        (s) => s.status === "GRADED",
        60_000,
      );
      expect(row.verdict).toBe("PASSED");
      expect(await resultsOf(id)).toBe(1);
      expect(gradingsIn(healthy, id)).toBe(1);
    },
  );

  it("grades one submission per student at a time", { timeout: 90_000 }, async () => {
    await start({ GRADER_CONCURRENCY: "2" });
    const student = await createUser();
    const ids = [
      (await createSubmission(student, { exercise: SLUG, code: referenceSolution() })).id,
      (await createSubmission(student, { exercise: SLUG, code: referenceSolution() })).id,
    ];
    let bothRunning = false;
    await waitFor(
      "both submissions of one student to be graded",
      async () => {
        const rows = await db().submission.findMany({ where: { id: { in: ids } } });
        if (rows.filter((r) => r.status === "RUNNING").length > 1) bothRunning = true;
        return rows.map((r) => r.status);
      },
      (s) => s.every((x) => x === "GRADED"),
      60_000,
    );
    expect(bothRunning).toBe(false);
    const rows = await db().submission.findMany({ where: { id: { in: ids } }, orderBy: { startedAt: "asc" } });
    expect(rows[1].startedAt!.getTime()).toBeGreaterThanOrEqual(rows[0].gradedAt!.getTime());
  });
});
