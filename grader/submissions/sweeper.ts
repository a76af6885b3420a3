import type { Queue } from "bullmq";
import { db } from "../../lib/db";
import { briefMessage } from "../../lib/queue/faults";
import { enqueueGrading, type GradingJob } from "../../lib/queue/grading-queue";
import { publishChange } from "../../lib/queue/status-channel";
import { faultReport, storeResult } from "./grading";

/**
 * Finds stored submissions that the queue has lost track of — Redis was away at submit time, or
 * restarted without its data — and enqueues them again. Safe to run in every worker at once: the
 * job id is the submission id, and a job for a finished submission does nothing.
 */
export interface SweepOptions {
  /** A QUEUED submission younger than this may still be on its way into the queue. */
  queuedGraceMs: number;
  /** A RUNNING submission older than this lost its worker (a live grading ends far sooner). */
  runningStaleMs: number;
}

export const DEFAULT_SWEEP: SweepOptions = { queuedGraceMs: 5_000, runningStaleMs: 10 * 60_000 };

export interface SweepOutcome {
  checked: number;
  requeued: string[];
  failed: string[];
}

export async function sweep(
  queue: Queue<GradingJob>,
  options: SweepOptions = DEFAULT_SWEEP,
  now = Date.now(),
): Promise<SweepOutcome> {
  const candidates = await db().submission.findMany({
    where: {
      OR: [
        { status: "QUEUED", createdAt: { lt: new Date(now - options.queuedGraceMs) } },
        { status: "RUNNING", startedAt: { lt: new Date(now - options.runningStaleMs) } },
      ],
    },
    orderBy: { createdAt: "asc" },
    select: { id: true, exerciseSlug: true },
    take: 500,
  });
  const outcome: SweepOutcome = { checked: candidates.length, requeued: [], failed: [] };
  for (const { id, exerciseSlug } of candidates) {
    const state = await queue.getJobState(id);
    if (state === "unknown" || state === "completed") {
      // A completed job for an unfinished submission means its data was lost on the way: run it again.
      if (state === "completed") await queue.remove(id);
      await enqueueGrading(id, { queue });
      outcome.requeued.push(id);
    } else if (state === "failed") {
      const job = await queue.getJob(id);
      // The last line: a failed reason from Prisma opens with a frame of the worker's source code.
      const reason = job?.failedReason ? briefMessage(job.failedReason) : "the grading job failed";
      if (
        await storeResult(
          id,
          faultReport(exerciseSlug, `The grader could not grade this submission (${reason}). Please submit again.`),
          null,
        )
      ) {
        await publishChange(id);
        outcome.failed.push(id);
      }
    }
  }
  return outcome;
}
