import IORedis, { type RedisOptions } from "ioredis";
import { sharedEnv } from "../env/shared";

/**
 * Redis connections. A producer (the web app) must fail fast while Redis is away — a submission is
 * already stored and the worker's sweeper enqueues it later — so it keeps no offline queue. A
 * worker waits out an outage instead (BullMQ needs maxRetriesPerRequest: null for that).
 */
export type ConnectionRole = "producer" | "worker" | "subscriber";

const ROLE_OPTIONS: Record<ConnectionRole, RedisOptions> = {
  producer: { enableOfflineQueue: false, maxRetriesPerRequest: 1 },
  worker: { maxRetriesPerRequest: null },
  subscriber: { maxRetriesPerRequest: null },
};

export function redisConnection(role: ConnectionRole): IORedis {
  const connection = new IORedis(sharedEnv().REDIS_URL, {
    ...ROLE_OPTIONS[role],
    connectionName: `asyncio-course:${role}`,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // An outage is reported where it matters (a failed command); the reconnect loop itself is noise.
  connection.on("error", () => undefined);
  return connection;
}

/** Rejects after `ms` so a call into a Redis that is away cannot hold a request open (`hint` ends the message). */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  hint = " (is Redis reachable?)",
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms${hint}`)), ms);
  });
  work.catch(() => undefined); // a late failure after the timeout is expected, not unhandled
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
