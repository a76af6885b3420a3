import { Queue } from "bullmq";
import { sharedEnv } from "../env/shared";
import { redisConnection, withTimeout } from "./connection";

/**
 * Runs ("try my code", no grade) have a queue of their own beside the grading queue, consumed by
 * the same worker processes with a concurrency of one: a crowd of runs before a deadline waits
 * among itself and never delays a submission's verdict.
 */
export interface RunJob {
  runId: string;
  userId: string;
  exercise: string;
  code: string;
}

export const RUN_JOB = "run";
export const RUN_ATTEMPTS = 3;

/** The run queue's name: the grading queue's with "-run" (both follow QUEUE_NAME). */
export const runQueueName = () => `${sharedEnv().QUEUE_NAME}-run`;

/** The code travels in the job: it is removed as soon as the job ends, whatever the outcome. */
const JOB_OPTIONS = {
  attempts: RUN_ATTEMPTS,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: true,
  removeOnFail: true,
} as const;

const globalForQueue = globalThis as unknown as { runQueue?: Queue<RunJob> };

export function runQueue(): Queue<RunJob> {
  if (!globalForQueue.runQueue) {
    const queue = new Queue<RunJob>(runQueueName(), { connection: redisConnection("producer") });
    queue.on("error", () => undefined);
    globalForQueue.runQueue = queue;
  }
  return globalForQueue.runQueue;
}

export async function enqueueRun(job: RunJob, queue = runQueue(), timeoutMs = 2000): Promise<void> {
  await withTimeout(queue.add(RUN_JOB, job, { ...JOB_OPTIONS, jobId: job.runId }), timeoutMs, "Enqueueing the run");
}
