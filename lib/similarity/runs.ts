import { z } from "zod";
import { HttpError } from "../auth/session";
import type { SimilarityRunView } from "../contracts/similarity";
import { slugSchema } from "../contracts/slug";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { enqueueSimilarity, similarityQueue } from "../queue/similarity-queue";

/**
 * Asking for a similarity run: a SimilarityRun row (QUEUED) and a job on the similarity queue that a
 * worker picks up (grader/similarity-job.ts). Nothing is compared in the web request.
 */
export const similarityRequestSchema = z.object({ exerciseSlug: slugSchema("Not an exercise") });

/** A run still queued or running after this long is taken as lost: a new request queues another. */
const STALE_AFTER_MS = 30 * 60_000;

export const runInclude = {
  requestedBy: { select: { name: true } },
  _count: { select: { pairs: true } },
} satisfies Prisma.SimilarityRunInclude;
type RunRow = Prisma.SimilarityRunGetPayload<{ include: typeof runInclude }>;

export function runView(run: RunRow): SimilarityRunView {
  return {
    id: run.id,
    exerciseSlug: run.exerciseSlug,
    status: run.status,
    requestedBy: run.requestedBy?.name ?? null,
    compared: run.compared,
    durationMs: run.durationMs,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    pairCount: run._count.pairs,
  };
}

/**
 * Queues a run for one exercise of a cohort, or answers the one already waiting (two instructors
 * pressing "Compare now" at once get the same run). `requestedById` is null for a run after a deadline.
 */
export async function requestSimilarity(
  cohortId: string,
  exerciseSlug: string,
  requestedById: string | null,
  queue = similarityQueue(),
): Promise<{ run: SimilarityRunView; alreadyQueued: boolean }> {
  if (!(await db().exercise.count({ where: { slug: exerciseSlug } }))) throw new HttpError(404, "No such exercise.");
  const { run, alreadyQueued } = await db().$transaction(async (tx) => {
    // One request at a time per cohort and exercise, so the check below cannot race another.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`similarity:${cohortId}:${exerciseSlug}`}))`;
    const pending = await tx.similarityRun.findFirst({
      where: {
        cohortId,
        exerciseSlug,
        status: { in: ["QUEUED", "RUNNING"] },
        createdAt: { gt: new Date(Date.now() - STALE_AFTER_MS) },
      },
      include: runInclude,
      orderBy: { createdAt: "desc" },
    });
    if (pending) return { run: pending, alreadyQueued: true };
    const created = await tx.similarityRun.create({
      data: { cohortId, exerciseSlug, requestedById },
      include: runInclude,
    });
    return { run: created, alreadyQueued: false };
  });
  try {
    await enqueueSimilarity(run.id, queue);
  } catch (error) {
    // The row must not sit QUEUED forever for a job that was never added.
    await db().similarityRun.update({
      where: { id: run.id },
      data: { status: "ERROR", error: "The queue could not take the run.", finishedAt: new Date() },
    });
    throw new HttpError(503, `The similarity queue cannot take the run right now: ${(error as Error).message}`);
  }
  return { run: runView(run), alreadyQueued };
}
