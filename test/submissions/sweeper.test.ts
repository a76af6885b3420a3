import { UnrecoverableError, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { redisConnection } from "../../lib/queue/connection";
import { enqueueGrading, gradingQueue } from "../../lib/queue/grading-queue";
import { DEFAULT_SWEEP, sweep } from "../../grader/submissions/sweeper";
import { createUser } from "../helpers/session";
import { SLUG, uniqueQueue, useOwnDatabase, waitFor } from "./fixture";

/** The sweeper against real PostgreSQL and Redis: what it re-enqueues, what it leaves, what it closes. */
describe("sweeper", () => {
  const queueName = uniqueQueue("sweeper");
  const later = (ms: number) => Date.now() + ms;
  const newSubmission = async (data: { status?: "QUEUED" | "RUNNING"; startedAt?: Date } = {}) =>
    (
      await db().submission.create({
        data: { userId: (await createUser()).id, exerciseSlug: SLUG, code: "pass\n", ...data },
      })
    ).id;

  beforeAll(async () => {
    await useOwnDatabase("sweeper", { QUEUE_NAME: queueName });
  }, 60_000);

  afterAll(async () => {
    await gradingQueue().obliterate({ force: true });
    await gradingQueue().close();
  });

  it("re-enqueues a stored submission the queue never got, once, and leaves young ones alone", async () => {
    const lost = await newSubmission();
    const young = await newSubmission();
    await db().submission.update({ where: { id: young }, data: { createdAt: new Date(later(10_000)) } });
    const outcome = await sweep(gradingQueue(), DEFAULT_SWEEP, later(DEFAULT_SWEEP.queuedGraceMs + 1000));
    expect(outcome.requeued).toContain(lost);
    expect(outcome.requeued).not.toContain(young);
    expect(await gradingQueue().getJobState(lost)).toBe("waiting");
    const again = await sweep(gradingQueue(), DEFAULT_SWEEP, later(DEFAULT_SWEEP.queuedGraceMs + 1000));
    expect(again.requeued).not.toContain(lost);
  });

  it("re-enqueues a RUNNING submission only once its worker is long gone", async () => {
    const recent = await newSubmission({ status: "RUNNING", startedAt: new Date() });
    const stale = await newSubmission({
      status: "RUNNING",
      startedAt: new Date(Date.now() - DEFAULT_SWEEP.runningStaleMs - 1000),
    });
    const outcome = await sweep(gradingQueue());
    expect(outcome.requeued).toContain(stale);
    expect(outcome.requeued).not.toContain(recent);
  });

  it("closes a submission whose job failed for good with an ERROR result the student can read", async () => {
    const id = await newSubmission();
    await enqueueGrading(id);
    const worker = new Worker(
      queueName,
      async () => {
        throw new UnrecoverableError("engine on fire");
      },
      { connection: redisConnection("worker") },
    );
    await waitFor(
      "the job to fail",
      () => gradingQueue().getJobState(id),
      (s) => s === "failed",
      20_000,
    );
    await worker.close();
    const outcome = await sweep(gradingQueue(), DEFAULT_SWEEP, later(DEFAULT_SWEEP.queuedGraceMs + 1000));
    expect(outcome.failed).toContain(id);
    const row = await db().submission.findUniqueOrThrow({ where: { id }, include: { results: true } });
    expect(row).toMatchObject({ status: "ERROR", verdict: "ERROR" });
    expect(row.results).toHaveLength(1);
    expect((row.results[0].report as { error: string }).error).toMatch(/engine on fire.*submit again/);
    expect((await sweep(gradingQueue(), DEFAULT_SWEEP, later(DEFAULT_SWEEP.queuedGraceMs + 1000))).failed).toEqual([]);
  });
});
