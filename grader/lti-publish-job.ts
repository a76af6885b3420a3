import { UnrecoverableError, Worker, type Job } from "bullmq";
import { deliverScore } from "./lti/deliver";
import { ltiQueueName, type LtiPublishJob } from "../lib/lti/publish-queue";
import { ServiceError } from "../lib/lti/token";
import { redisConnection } from "../lib/queue/connection";

/**
 * Scores for LMS gradebooks (lib/lti/publish.ts), delivered beside the gradings. An LMS that is down
 * or answers 5xx is retried with exponential backoff (the job's attempts); a 4xx is the LMS's final
 * word: recorded on the row for the instructor, not retried.
 */
export function startLtiPublishWorker(lockMs: number, log: (message: string) => void) {
  const worker = new Worker<LtiPublishJob>(
    ltiQueueName(),
    async (job: Job<LtiPublishJob>) => {
      try {
        const outcome = await deliverScore(job.data.publishId);
        log(`lti score ${job.data.publishId}: ${outcome}`);
        return outcome;
      } catch (error) {
        if (error instanceof ServiceError && error.permanent) {
          log(`lti score ${job.data.publishId} refused by the LMS: ${error.message}`);
          throw new UnrecoverableError(error.message);
        }
        throw error;
      }
    },
    { connection: redisConnection("worker"), concurrency: 4, lockDuration: lockMs, stalledInterval: lockMs },
  );
  worker.on("error", (error) => log(`lti queue error: ${error.message}`));
  worker.on("failed", (job, error) => {
    if (job) log(`lti score ${job.data.publishId} attempt ${job.attemptsMade} failed: ${error.message}`);
  });
  return worker;
}
