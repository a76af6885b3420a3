import { queueHealth } from "../queue/grading-queue";
import { metrics } from "./metrics";

/** The grading queue's depth by state and its oldest waiting job's age, read from Redis for a scrape. */
export async function sampleQueue(): Promise<void> {
  const { queueJobs, queueOldestAge } = metrics();
  const health = await queueHealth();
  for (const state of ["waiting", "active", "delayed", "failed"] as const) queueJobs.set({ state }, health[state]);
  queueOldestAge.set((health.oldestWaitingAgeMs ?? 0) / 1000);
}
