import { Queue } from "bullmq";
import { sharedEnv } from "../env/shared";
import { redisConnection, withTimeout } from "../queue/connection";
import { ltiEnv } from "./config";

/**
 * Scores on their way to LMS gradebooks (AGS), on a queue of their own: an LMS that is down must
 * never hold up a verdict. A job names a LtiScorePublish row; the row holds the score.
 */
export interface LtiPublishJob {
  publishId: string;
}

export const LTI_PUBLISH_JOB = "publish-score";
export const ltiQueueName = () => `${sharedEnv().QUEUE_NAME}-lti`;

const globalForQueue = globalThis as unknown as { ltiQueue?: Queue<LtiPublishJob> };

export function ltiQueue(): Queue<LtiPublishJob> {
  if (!globalForQueue.ltiQueue) {
    const queue = new Queue<LtiPublishJob>(ltiQueueName(), { connection: redisConnection("producer") });
    queue.on("error", () => undefined);
    globalForQueue.ltiQueue = queue;
  }
  return globalForQueue.ltiQueue;
}

/** One job per score version (row and timestamp): adding the same version twice is a no-op. */
export async function enqueuePublish(publishId: string, timestamp: Date, queue = ltiQueue()): Promise<void> {
  const config = ltiEnv();
  await withTimeout(
    queue.add(
      LTI_PUBLISH_JOB,
      { publishId },
      {
        jobId: `${publishId}-${timestamp.getTime()}`,
        attempts: config.LTI_PUBLISH_ATTEMPTS,
        backoff: { type: "exponential", delay: config.LTI_PUBLISH_BACKOFF_MS },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    ),
    5000,
    "Enqueueing the score for the LMS",
  );
}
