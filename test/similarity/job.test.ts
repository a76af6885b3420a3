import { Queue, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processSimilarity } from "../../grader/similarity-job";
import { fragmentsSchema } from "../../lib/contracts/similarity";
import { db } from "../../lib/db";
import { redisConnection } from "../../lib/queue/connection";
import { DEADLINE_CHECK_JOB, similarityQueueName, type SimilarityJob } from "../../lib/queue/similarity-queue";
import { queueAfterDeadlines } from "../../grader/similarity/deadlines";
import { requestSimilarity } from "../../lib/similarity/runs";
import { uniqueQueue, useOwnDatabase, waitFor } from "../submissions/fixture";
import { BOB_CODE, CODE, seedSimilarityStory, SLUG, type SimilarityStory } from "./fixture";

/**
 * The similarity job on the real PostgreSQL and Redis: a run requested through lib/similarity is
 * taken off its BullMQ queue by a worker running grader/similarity-job.ts and compared with Dolos.
 */
describe("similarity runs in the worker", () => {
  let story: SimilarityStory;
  let queue: Queue<SimilarityJob>;
  let worker: Worker<SimilarityJob>;

  beforeAll(async () => {
    await useOwnDatabase("similarity_job", { QUEUE_NAME: uniqueQueue("similarity") });
    story = await seedSimilarityStory();
    queue = new Queue<SimilarityJob>(similarityQueueName(), { connection: redisConnection("producer") });
    worker = new Worker<SimilarityJob>(similarityQueueName(), (job) => processSimilarity(job), {
      connection: redisConnection("worker"),
      concurrency: 1,
    });
    await worker.waitUntilReady();
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
  });

  const finished = (runId: string) =>
    waitFor(
      `similarity run ${runId} to finish`,
      () => db().similarityScan.findUniqueOrThrow({ where: { id: runId }, include: { pairs: true } }),
      (r) => r.status === "DONE" || r.status === "ERROR",
      60_000,
    );

  it("finds the renamed copy, and neither independent solutions nor starter- or reference-only likeness", async () => {
    const { run, alreadyQueued } = await requestSimilarity(story.cohortId, SLUG, story.instructor.id, queue);
    expect([run.status, alreadyQueued]).toEqual(["QUEUED", false]);
    // A second press while it waits is the same run, not a second one.
    const again = await requestSimilarity(story.cohortId, SLUG, story.instructor.id, queue);
    expect([again.run.id, again.alreadyQueued]).toEqual([run.id, true]);

    const done = await finished(run.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe("DONE");
    // Seven enrolled students, each with one latest graded submission; Eve is not enrolled.
    expect(done.compared).toBe(7);
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    const { latest } = story;
    const pairs = done.pairs.map((p) => [p.leftSubmissionId, p.rightSubmissionId].sort().join("+"));
    expect(pairs).toEqual([[latest.ann, latest.bob].sort().join("+")]);
    const [pair] = done.pairs;
    expect(pair.similarity).toBeGreaterThan(0.9);

    // Fragments are line ranges inside both files, covering most of each.
    const fragments = fragmentsSchema.parse(pair.fragments);
    expect(fragments.length).toBeGreaterThan(0);
    const lines = (id: string) => (id === latest.ann ? CODE.sentinels : BOB_CODE).split("\n").length;
    for (const f of fragments) {
      expect(f.left.start.line).toBeGreaterThanOrEqual(1);
      expect(f.left.end.line).toBeLessThanOrEqual(lines(pair.leftSubmissionId));
      expect(f.right.end.line).toBeLessThanOrEqual(lines(pair.rightSubmissionId));
      expect(f.left.end.line).toBeGreaterThanOrEqual(f.left.start.line);
    }
    const covered = fragments.reduce((n, f) => n + f.left.end.line - f.left.start.line + 1, 0);
    expect(covered).toBeGreaterThan(lines(pair.leftSubmissionId) / 2);
  }, 90_000);

  it("runs again with the same job id without storing a pair twice", async () => {
    const run = await db().similarityScan.findFirstOrThrow({ where: { cohortId: story.cohortId, status: "DONE" } });
    await db().similarityScan.update({ where: { id: run.id }, data: { status: "RUNNING" } });
    const job = { name: "compare", data: { runId: run.id }, attemptsMade: 0, opts: { attempts: 3 } };
    await processSimilarity(job as never);
    expect(await db().similarityPair.count({ where: { scanId: run.id } })).toBe(1);
    // A finished run is left alone.
    expect(await processSimilarity(job as never)).toEqual({ skipped: "finished or missing" });
  });

  it("queues one run per passed deadline, from the worker's deadline check, and again after a move", async () => {
    // Due just now: after the runs of the tests above, so none of them counts as the run after it.
    const now = new Date();
    await db().deadline.create({ data: { cohortId: story.cohortId, exerciseSlug: SLUG, dueAt: now } });
    const before = await db().similarityScan.count({ where: { cohortId: story.cohortId } });
    // Through the queue, as the scheduler in grader/worker.ts adds it every minute.
    await queue.add(DEADLINE_CHECK_JOB, { runId: "" });
    const runs = await waitFor(
      "the deadline check to queue a run",
      () => db().similarityScan.findMany({ where: { cohortId: story.cohortId }, orderBy: { createdAt: "desc" } }),
      (r) => r.length === before + 1,
      30_000,
    );
    expect(runs[0].requestedById).toBeNull();
    await finished(runs[0].id);
    expect(await queueAfterDeadlines(new Date(), queue)).toEqual([]);

    // Moved a day later: nothing until it passes, then one more run.
    const moved = new Date(now.getTime() + 24 * 3600_000);
    await db().deadline.update({
      where: { cohortId_exerciseSlug: { cohortId: story.cohortId, exerciseSlug: SLUG } },
      data: { dueAt: moved },
    });
    expect(await queueAfterDeadlines(new Date(), queue)).toEqual([]);
    const queued = await queueAfterDeadlines(new Date(moved.getTime() + 60_000), queue);
    expect(queued).toHaveLength(1);
    await finished(queued[0]);
  }, 90_000);
});
