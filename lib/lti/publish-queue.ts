import { sharedEnv } from "../env/shared";
import { queueKind } from "../queue/queue";
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

const publishes = queueKind<LtiPublishJob>({
  key: "lti",
  name: ltiQueueName,
  jobName: LTI_PUBLISH_JOB,
  jobOptions: () => {
    const config = ltiEnv();
    return {
      attempts: config.LTI_PUBLISH_ATTEMPTS,
      backoff: { type: "exponential", delay: config.LTI_PUBLISH_BACKOFF_MS },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  },
  what: "Enqueueing the score for the LMS",
});

export const ltiQueue = publishes.queue;

/** One job per score version (row and timestamp): adding the same version twice is a no-op. */
export async function enqueuePublish(publishId: string, timestamp: Date, queue = ltiQueue()): Promise<void> {
  await publishes.add({ publishId }, `${publishId}-${timestamp.getTime()}`, { queue, timeoutMs: 5000 });
}
