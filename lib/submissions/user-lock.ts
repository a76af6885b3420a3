import type { Prisma } from "../generated/prisma/client";

/**
 * Serialises one student's submission bookkeeping (the fair-use count at submit time, the
 * one-grading-at-a-time claim in workers) with a transaction-scoped advisory lock.
 */
export async function lockStudent(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked
    FROM (SELECT pg_advisory_xact_lock(hashtextextended(${"submissions:" + userId}, 0))) AS l`;
}
