import { z } from "zod";
import { HttpError } from "../auth/session";
import type { SimilarityScanView } from "../contracts/similarity";
import { slugSchema } from "../contracts/slug";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { enqueueSimilarity, similarityQueue } from "../queue/similarity-queue";

/**
 * Asking for a similarity scan: a SimilarityScan row (QUEUED) and a job on the similarity queue that a
 * worker picks up (grader/similarity-job.ts). Nothing is compared in the web request.
 */
export const similarityRequestSchema = z.object({ exerciseSlug: slugSchema("Not an exercise") });

/** A scan still queued or running after this long is taken as lost: a new request queues another. */
const STALE_AFTER_MS = 30 * 60_000;

export const scanInclude = {
  requestedBy: { select: { name: true } },
  _count: { select: { pairs: true } },
} satisfies Prisma.SimilarityScanInclude;
type ScanRow = Prisma.SimilarityScanGetPayload<{ include: typeof scanInclude }>;

export function scanView(scan: ScanRow): SimilarityScanView {
  return {
    id: scan.id,
    exerciseSlug: scan.exerciseSlug,
    status: scan.status,
    requestedBy: scan.requestedBy?.name ?? null,
    compared: scan.compared,
    durationMs: scan.durationMs,
    error: scan.error,
    createdAt: scan.createdAt.toISOString(),
    finishedAt: scan.finishedAt?.toISOString() ?? null,
    pairCount: scan._count.pairs,
  };
}

/**
 * Queues a scan for one exercise of a cohort, or answers the one already waiting (two instructors
 * pressing "Compare now" at once get the same scan). `requestedById` is null for a scan after a deadline.
 * The answer's `run` is the scan (the API's name for it).
 */
export async function requestSimilarity(
  cohortId: string,
  exerciseSlug: string,
  requestedById: string | null,
  queue = similarityQueue(),
): Promise<{ run: SimilarityScanView; alreadyQueued: boolean }> {
  if (!(await db().exercise.count({ where: { slug: exerciseSlug } }))) throw new HttpError(404, "No such exercise.");
  const { scan, alreadyQueued } = await db().$transaction(async (tx) => {
    // One request at a time per cohort and exercise, so the check below cannot race another.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`similarity:${cohortId}:${exerciseSlug}`}))`;
    const pending = await tx.similarityScan.findFirst({
      where: {
        cohortId,
        exerciseSlug,
        status: { in: ["QUEUED", "RUNNING"] },
        createdAt: { gt: new Date(Date.now() - STALE_AFTER_MS) },
      },
      include: scanInclude,
      orderBy: { createdAt: "desc" },
    });
    if (pending) return { scan: pending, alreadyQueued: true };
    const created = await tx.similarityScan.create({
      data: { cohortId, exerciseSlug, requestedById },
      include: scanInclude,
    });
    return { scan: created, alreadyQueued: false };
  });
  try {
    await enqueueSimilarity(scan.id, queue);
  } catch (error) {
    // The row must not sit QUEUED forever for a job that was never added.
    await db().similarityScan.update({
      where: { id: scan.id },
      data: { status: "ERROR", error: "The queue could not take the run.", finishedAt: new Date() },
    });
    throw new HttpError(503, `The similarity queue cannot take the run right now: ${(error as Error).message}`);
  }
  return { run: scanView(scan), alreadyQueued };
}
