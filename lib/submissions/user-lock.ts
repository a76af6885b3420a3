import type { Prisma } from "../generated/prisma/client";

/**
 * Serialises one student's submission bookkeeping (the fair-use count at submit time, the
 * one-grading-at-a-time claim in workers) with a transaction-scoped advisory lock.
 */
export async function lockStudent(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked
    FROM (SELECT pg_advisory_xact_lock(hashtextextended(${"submissions:" + userId}, 0))) AS l`;
}

/**
 * Locks the owner of submission `id` as lockStudent does, in the same statement that finds them
 * (one round trip fewer on a grading's path): their id, or null when there is no such submission.
 */
export async function lockOwnerOf(tx: Prisma.TransactionClient, id: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ userId: string }[]>`SELECT s."userId" FROM "Submission" s,
    LATERAL (SELECT pg_advisory_xact_lock(hashtextextended('submissions:' || s."userId", 0))) AS l
    WHERE s.id = ${id}`;
  return rows[0]?.userId ?? null;
}
