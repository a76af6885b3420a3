import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { sharedEnv } from "./env/shared";
import { driverErrorCause } from "./queue/faults";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/**
 * How long an interactive transaction waits for a pooled connection. Every other query waits in
 * pg's pool as long as it takes; Prisma's default of 2 s made a submission the one request to fail
 * (a 500) when a lab's start kept the pool busy, while the pages queued beside it were served.
 */
export const TRANSACTION_MAX_WAIT_MS = 10_000;

/** One Prisma client per process (kept across Next.js hot reloads in development). */
export function db(): PrismaClient {
  const env = sharedEnv();
  globalForPrisma.prisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE }),
    // The running time too: on a saturated event loop a short transaction's few round trips take longer.
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: 15_000 },
  });
  return globalForPrisma.prisma;
}

/**
 * Whether `error` says the database is too busy to take the work now: no pooled connection for a
 * transaction within TRANSACTION_MAX_WAIT_MS (P2028), or the pool's own wait for one (P2024). Nothing
 * was written; the request is worth retrying in a few seconds (a 503, never a 500).
 */
export function databaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "P2024" || (code === "P2028" && /Unable to start a transaction/i.test((error as Error).message));
}

/** Whether `error` is PostgreSQL refusing a write for the constraint `name` (as the pg adapter reports it). */
export function violatesConstraint(error: unknown, name: string): boolean {
  return driverErrorCause(error)?.constraint?.index === name;
}
