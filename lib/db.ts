import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { sharedEnv } from "./env/shared";
import { driverErrorCause } from "./queue/faults";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/** One Prisma client per process (kept across Next.js hot reloads in development). */
export function db(): PrismaClient {
  globalForPrisma.prisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: sharedEnv().DATABASE_URL }),
  });
  return globalForPrisma.prisma;
}

/** Whether `error` is PostgreSQL refusing a write for the constraint `name` (as the pg adapter reports it). */
export function violatesConstraint(error: unknown, name: string): boolean {
  return driverErrorCause(error)?.constraint?.index === name;
}
