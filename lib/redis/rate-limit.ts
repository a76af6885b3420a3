import type IORedis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { redisConnection } from "../queue/connection";
import { whenReady } from "../queue/status-channel";

/**
 * Rate limits counted in Redis, so that every web process shares them (sign-ins, sign-ups, runs,
 * verdict reports). While Redis is away each process falls back to counting in its own memory: the
 * limits get looser for a moment, never switched off.
 */
interface Limits {
  redis: IORedis;
  limiters: Map<string, RateLimiterAbstract>;
}

const globalForLimits = globalThis as unknown as { rateLimits?: Limits };

/**
 * The limiter named `name` (its Redis keys start with `ratelimit:<name>`), its Redis connection first
 * made (or 2 s spent trying). A count sent while the connection is still being made is refused
 * (rejectIfRedisNotReady) and kept in this process's memory instead: a fresh server's first counts
 * were split between the two, and a limit they had reached was missed. Once Redis has gone away
 * ("reconnecting") the memory fallback answers at once. `points` and `durationSeconds` are read
 * when the limiter is first asked for: one process keeps one limit per name.
 */
export async function rateLimiter(name: string, points: number, durationSeconds: number): Promise<RateLimiterAbstract> {
  globalForLimits.rateLimits ??= { redis: redisConnection("producer"), limiters: new Map() };
  const { redis, limiters } = globalForLimits.rateLimits;
  let limiter = limiters.get(name);
  if (!limiter) {
    limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `ratelimit:${name}`,
      points,
      duration: durationSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration: durationSeconds }),
    });
    limiters.set(name, limiter);
  }
  if (redis.status === "wait" || redis.status === "connecting" || redis.status === "connect")
    await whenReady(redis, 2000);
  return limiter;
}

/** Whole seconds (at least 1) until a limiter in state `state` lets the next count through. */
export const secondsToWait = (state: Pick<RateLimiterRes, "msBeforeNext">) =>
  Math.max(1, Math.ceil(state.msBeforeNext / 1000));

/** Counts one use by `key`: null when it is allowed, else the seconds to wait. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return secondsToWait(rejection);
    throw rejection;
  }
}
