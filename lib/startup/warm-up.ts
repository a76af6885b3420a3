import { db } from "../db";
import { withTimeout } from "../queue/connection";
import { briefMessage } from "../queue/faults";

/**
 * Opens, at a process's start, what its first request or job would otherwise open on a student's
 * clock: the database pool, Redis connections, modules. A part that fails (PostgreSQL or Redis
 * still starting) is named in the result and left to the request that needs it, which retries
 * or answers with its own error as it always did: a warm-up never stops a process from starting.
 */
export async function warmUp(parts: Record<string, () => Promise<unknown>>): Promise<string[]> {
  const problems: string[] = [];
  await Promise.all(
    Object.entries({ PostgreSQL: warmDatabase, ...parts }).map(([name, part]) =>
      withTimeout(part(), WARM_UP_MS, "the warm-up", "").catch((error: unknown) =>
        problems.push(`${name}: ${briefMessage(error)}`),
      ),
    ),
  );
  return problems;
}

/**
 * A session token sealed and opened once, with a throwaway secret: the first request's own session
 * then finds next-auth's JWT code and its crypto compiled.
 */
export async function rehearseSessions(): Promise<void> {
  const { encode, decode } = await import("next-auth/jwt");
  const secret = "warm-up-only-".padEnd(40, "0");
  if (!(await decode({ token: await encode({ token: { sub: "warm-up" }, secret }), secret })))
    throw new Error("a sealed token did not open");
}

/** A service that does not answer (Redis retries its connection for ever) must not hold a start. */
export const WARM_UP_MS = 3000;

/**
 * The pool's first connection (100–160 ms here), then one query of each kind the request paths
 * use: Prisma compiles each kind the first time it meets it (a read about 45 ms, a count or an
 * update 15–25 ms). None of them matches a row: the id is never a submission's.
 */
async function warmDatabase(): Promise<void> {
  await db().$queryRaw`SELECT 1`;
  const none = { id: "" };
  await db().submission.findUnique({ where: none });
  await db().submission.count({ where: none });
  await db().submission.updateMany({ where: none, data: { runMs: null } });
}
