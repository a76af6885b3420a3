import { db } from "../db";
import { withTimeout } from "../queue/connection";
import { briefMessage } from "../queue/faults";
import { readyPublisher } from "../queue/status-channel";

/** One dependency's check: resolves when it answers, rejects (or returns a reason) when it cannot serve. */
export type Check = () => Promise<string | null | void>;

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; ms: number; reason?: string }>;
}

/** How long one check may take: a dependency slower than this is as good as down for a probe. */
const CHECK_TIMEOUT_MS = 2000;

/** Runs the checks side by side; ready only when every one answered in time. */
export async function readiness(checks: Record<string, Check>): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const started = Date.now();
      let reason: string | undefined;
      try {
        reason = (await withTimeout(check(), CHECK_TIMEOUT_MS, name, "")) ?? undefined;
      } catch (error) {
        reason = briefMessage(error);
      }
      const result = { ok: !reason, ms: Date.now() - started, ...(reason ? { reason: redacted(reason) } : {}) };
      return [name, result] as const;
    }),
  );
  return { ready: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
}

/** 200 when ready, else 503 with each failing check's reason; never cached. */
export function readinessResponse(state: Readiness): Response {
  return Response.json(
    { status: state.ready ? "ready" : "not ready", checks: state.checks },
    { status: state.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}

/** A reason may quote a connection string: its password never leaves the process. */
function redacted(reason: string): string {
  return reason.replace(/\/\/[^/@\s]*@/g, "//***@").slice(0, 300);
}

/** The database answers a query. */
export const databaseCheck: Check = async () => {
  await db().$queryRaw`SELECT 1`;
};

/** Redis answers a PING on a connection without an offline queue (fails at once while Redis is away). */
export const redisCheck: Check = async () => {
  const connection = await readyPublisher(CHECK_TIMEOUT_MS);
  if (connection.status !== "ready") return `Redis is not connected (${connection.status})`;
  await connection.ping();
};
