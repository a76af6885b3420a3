import { db } from "../../lib/db";
import { similarityQueue } from "../../lib/queue/similarity-queue";
import { requestSimilarity } from "../../lib/similarity/runs";

/** Deadlines older than this when first seen (a cohort set up late) get no automatic scan. */
const LOOKBACK_MS = 7 * 24 * 3600_000;

/**
 * A scan for every deadline that has passed with no scan since: called by the worker's repeated
 * deadline check. A deadline moved later after its scan gets a new scan once the new date passes;
 * the scan is made on the cohort's deadline (a student's extension is not waited for).
 */
export async function queueAfterDeadlines(now = new Date(), queue = similarityQueue()): Promise<string[]> {
  const due = await db().$queryRaw<{ cohortId: string; exerciseSlug: string }[]>`
    SELECT d."cohortId", d."exerciseSlug" FROM "Deadline" d
    WHERE d."dueAt" <= ${now} AND d."dueAt" > ${new Date(now.getTime() - LOOKBACK_MS)}
      AND NOT EXISTS (
        SELECT 1 FROM "SimilarityScan" s
        WHERE s."cohortId" = d."cohortId" AND s."exerciseSlug" = d."exerciseSlug" AND s."createdAt" >= d."dueAt")`;
  const queued: string[] = [];
  for (const d of due) {
    const { run } = await requestSimilarity(d.cohortId, d.exerciseSlug, null, queue);
    queued.push(run.id);
  }
  return queued;
}
