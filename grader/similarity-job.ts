import { Queue, Worker, type Job } from "bullmq";
import { db } from "../lib/db";
import { redisConnection } from "../lib/queue/connection";
import { briefMessage, isInfrastructureFault } from "../lib/queue/faults";
import { DEADLINE_CHECK_JOB, similarityQueueName, type SimilarityJob } from "../lib/queue/similarity-queue";
import { queueAfterDeadlines } from "./similarity/deadlines";
import { latestGraded } from "../lib/similarity/submissions";
import { readExercise } from "./catalog/catalog";
import { compareOffThread } from "./similarity/off-thread";

/** How often a worker looks for deadlines just passed (one job per interval across all workers). */
const DEADLINE_CHECK_EVERY_MS = 60_000;

type Log = (message: string) => void;

/**
 * The worker's side of a similarity scan (lib/similarity/runs.ts queues it): compare each student's
 * latest graded submission with Dolos, store the most similar pairs and mark the scan DONE. A scan
 * already finished is left alone, so a repeated job changes nothing.
 */
export async function processSimilarity(job: Job<SimilarityJob>, log: Log = () => undefined) {
  if (job.name === DEADLINE_CHECK_JOB) {
    const queued = await queueAfterDeadlines();
    if (queued.length) log(`similarity after deadlines: queued ${queued.join(" ")}`);
    return { queued: queued.length };
  }
  const { runId: scanId } = job.data;
  const claimed = await db().similarityScan.updateMany({
    where: { id: scanId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "RUNNING" },
  });
  if (!claimed.count) return { skipped: "finished or missing" };
  try {
    return await compareScan(scanId, log);
  } catch (error) {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (isInfrastructureFault(error) && !lastAttempt) throw error;
    log(`similarity scan ${scanId} failed: ${briefMessage(error)}`);
    await db().similarityScan.update({
      where: { id: scanId },
      data: { status: "ERROR", error: briefMessage(error).slice(0, 500), finishedAt: new Date() },
    });
    return { error: briefMessage(error) };
  }
}

async function compareScan(scanId: string, log: Log) {
  const scan = await db().similarityScan.findUniqueOrThrow({
    where: { id: scanId },
    select: { cohortId: true, exerciseSlug: true, exercise: { select: { starter: true } } },
  });
  const started = Date.now();
  const submissions = await latestGraded(scan.cohortId, scan.exerciseSlug);
  const pairs = await compareOffThread(submissions, {
    ignored: [scan.exercise.starter, referenceOf(scan.exerciseSlug)],
  });
  const durationMs = Date.now() - started;
  await db().$transaction([
    // A retried job starts over: no pair is stored twice.
    db().similarityPair.deleteMany({ where: { scanId } }),
    db().similarityPair.createMany({
      data: pairs.map((p) => ({
        scanId,
        leftSubmissionId: p.leftId,
        rightSubmissionId: p.rightId,
        similarity: p.similarity,
        fragments: p.fragments,
      })),
    }),
    db().similarityScan.update({
      where: { id: scanId },
      data: { status: "DONE", compared: submissions.length, durationMs, finishedAt: new Date(), error: null },
    }),
  ]);
  log(`similarity scan ${scanId} (${scan.exerciseSlug}): ${submissions.length} compared, ${pairs.length} pairs`);
  return { compared: submissions.length, pairs: pairs.length };
}

/** The exercise folder's reference; an exercise whose folder is gone is compared without it. */
function referenceOf(slug: string): string {
  try {
    return readExercise(slug).reference;
  } catch {
    return "";
  }
}

/**
 * The similarity queue's consumer in this worker process: one scan at a time, plus the deadline
 * check. Returns at once (the caller installs its signal handlers first); `ready` settles when both
 * the consumer and the scheduler are in place.
 */
export function startSimilarityWorker(lockDuration: number, log: Log) {
  const worker = new Worker<SimilarityJob>(similarityQueueName(), (job) => processSimilarity(job, log), {
    connection: redisConnection("worker"),
    concurrency: 1,
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: 1,
  });
  worker.on("error", (error) => log(`similarity queue error: ${error.message}`));
  // Every worker upserts the same scheduler: there is still one deadline-check job per interval.
  const queue = new Queue<SimilarityJob>(similarityQueueName(), { connection: redisConnection("worker") });
  queue.on("error", () => undefined);
  const scheduled = queue
    .upsertJobScheduler(
      DEADLINE_CHECK_JOB,
      { every: DEADLINE_CHECK_EVERY_MS },
      { name: DEADLINE_CHECK_JOB, data: { runId: "" }, opts: { removeOnComplete: true, removeOnFail: true } },
    )
    .then(
      () => undefined,
      (error) => log(`cannot schedule the similarity deadline check: ${briefMessage(error)}`),
    );
  return {
    ready: Promise.all([worker.waitUntilReady(), scheduled]).then(() => undefined),
    async close() {
      await worker.close();
      await queue.close().catch(() => undefined);
    },
  };
}
