import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { sharedEnv } from "./env/shared";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/** One Prisma client per process (kept across Next.js hot reloads in development). */
export function db(): PrismaClient {
  globalForPrisma.prisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: sharedEnv().DATABASE_URL }),
  });
  return globalForPrisma.prisma;
}
