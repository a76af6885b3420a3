import type { Job } from "bullmq";
import { isInfrastructureFault } from "../lib/queue/faults";
import { GRADING_ATTEMPTS } from "../lib/queue/grading-queue";
import { SandboxUnavailable } from "./sandbox/run";

/** How long a finished grading or regrade waits for the database to store it (then the job retries). */
export const STORE_RETRY_MS = 60_000;

/**
 * The one rule for a grading that threw (first grading and regrade alike): an infrastructure fault
 * (the sandbox or engine unavailable, a lost database or Redis) goes back to the queue for a retry
 * with backoff, unless this is the job's last attempt — then the caller stores an ERROR result
 * instead. A job without its own `attempts` gets the grading job's, GRADING_ATTEMPTS.
 */
export function retryOnQueue(error: unknown, job: Pick<Job, "attemptsMade" | "opts">): boolean {
  const attempt = job.attemptsMade + 1;
  const lastAttempt = attempt >= (job.opts.attempts ?? GRADING_ATTEMPTS);
  return (error instanceof SandboxUnavailable || isInfrastructureFault(error)) && !lastAttempt;
}
