import type { Queue } from "bullmq";
import { sharedEnv } from "../env/shared";
import { withTimeout } from "./connection";
import { queueKind } from "./queue";

/** A grading job names its submission; the job id is the submission id, so a repeat add is a no-op. */
export interface GradingJob {
  submissionId: string;
  /**
   * What to grade, when the student had nothing else waiting or grading as they submitted: the
   * worker starts the sandbox without reading the submission first (its claim still decides). The
   * worker drops it from the job once taken, so finished jobs keep no code in Redis.
   */
  start?: GradingStart;
}

export interface GradingStart {
  exerciseSlug: string;
  code: string;
}

export const GRADING_JOB = "grade";
export const GRADING_ATTEMPTS = 8;

const grading = queueKind<GradingJob>({
  key: "grading",
  name: () => sharedEnv().QUEUE_NAME,
  jobName: GRADING_JOB,
  /** Retries are for infrastructure faults only; 2 s doubling gives an outage about 4 minutes. */
  jobOptions: {
    attempts: GRADING_ATTEMPTS,
    backoff: { type: "exponential", delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  what: "Enqueueing the grading job",
});

/** This process's producer-side queue handle (one per process, kept across dev hot reloads). */
export const gradingQueue = grading.queue;

/** Adds the grading job for a stored submission; fails within `timeoutMs` when Redis is away. */
export async function enqueueGrading(
  submissionId: string,
  { start, queue, timeoutMs }: { start?: GradingStart; queue?: Queue<GradingJob>; timeoutMs?: number } = {},
): Promise<void> {
  await grading.add(start ? { submissionId, start } : { submissionId }, submissionId, { queue, timeoutMs });
}

export interface QueueHealth {
  waiting: number;
  active: number;
  failed: number;
  delayed: number;
  oldestWaitingAgeMs: number | null;
}

export async function queueHealth(queue = gradingQueue()): Promise<QueueHealth> {
  return withTimeout(
    (async () => {
      const counts = await queue.getJobCounts("waiting", "active", "failed", "delayed");
      const [oldest] = await queue.getJobs(["waiting"], 0, 0, true);
      return {
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        failed: counts.failed ?? 0,
        delayed: counts.delayed ?? 0,
        oldestWaitingAgeMs: oldest ? Math.max(0, Date.now() - oldest.timestamp) : null,
      };
    })(),
    3000,
    "Reading the queue's counts",
  );
}
