import type { Queue } from "bullmq";
import { sharedEnv } from "../env/shared";
import { queueKind } from "./queue";

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

const runs = queueKind<RunJob>({
  key: "run",
  name: runQueueName,
  jobName: RUN_JOB,
  /** The code travels in the job: it is removed as soon as the job ends, whatever the outcome. */
  jobOptions: {
    attempts: RUN_ATTEMPTS,
    backoff: { type: "exponential", delay: 1000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  what: "Enqueueing the run",
});

export const runQueue = runs.queue;

export async function enqueueRun(job: RunJob, queue?: Queue<RunJob>, timeoutMs?: number): Promise<void> {
  await runs.add(job, job.runId, { queue, timeoutMs });
}
