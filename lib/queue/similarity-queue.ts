import type { Queue } from "bullmq";
import { sharedEnv } from "../env/shared";
import { queueKind } from "./queue";

/**
 * Similarity scans (lib/similarity) have a queue of their own, consumed by the workers one at a time:
 * comparing a cohort's submissions takes seconds of CPU and must never delay a verdict. The job
 * names its SimilarityScan row; the row holds everything else (status, result, error).
 */
export interface SimilarityJob {
  /** The SimilarityScan row's id (named runId in jobs already queued, so it stays). */
  runId: string;
}

export const SIMILARITY_JOB = "compare";
/** A repeated job (a BullMQ job scheduler) that queues a scan for every deadline just passed. */
export const DEADLINE_CHECK_JOB = "deadline-check";

export const similarityQueueName = () => `${sharedEnv().QUEUE_NAME}-similarity`;

const similarity = queueKind<SimilarityJob>({
  key: "similarity",
  name: similarityQueueName,
  jobName: SIMILARITY_JOB,
  jobOptions: {
    attempts: 3,
    backoff: { type: "exponential", delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  what: "Enqueueing the similarity scan",
});

export const similarityQueue = similarity.queue;

/** The job id is the scan id: adding it twice is a no-op. */
export async function enqueueSimilarity(
  scanId: string,
  queue?: Queue<SimilarityJob>,
  timeoutMs?: number,
): Promise<void> {
  await similarity.add({ runId: scanId }, scanId, { queue, timeoutMs });
}
