import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { webEnv } from "../env/web";
import { redisConnection } from "../queue/connection";
import { whenReady } from "../queue/status-channel";

/**
 * Limits on guessing passwords and on creating accounts, counted in Redis so that every web
 * process shares them. While Redis is away each process falls back to counting in its own memory:
 * the limits get looser for a moment, never switched off.
 *
 * The client address comes from X-Forwarded-For, which a client can forge unless a proxy in front
 * overwrites it; so failed sign-ins are also capped per account whatever the address, at a few
 * times the per-address limit (a forger cannot get past that; a victim is locked out only by a
 * flood of failures).
 */
const QUARTER_HOUR = 15 * 60;
const HOUR = 60 * 60;
const ACCOUNT_WIDE_FACTOR = 4;

interface Limits {
  redis: ReturnType<typeof redisConnection>;
  accountAtAddress: RateLimiterAbstract;
  account: RateLimiterAbstract;
  address: RateLimiterAbstract;
  signups: RateLimiterAbstract;
}

const globalForLimits = globalThis as unknown as { authLimits?: Limits };

/**
 * The limits, their Redis connection first made (or 2 s spent trying). A count sent while it is
 * still connecting is refused (rejectIfRedisNotReady) and kept in this process's memory instead: a
 * fresh server's first failures were split between the two, and the lockout they had earned was
 * missed. Once Redis has gone away ("reconnecting") the memory fallback answers at once.
 */
async function limits(): Promise<Limits> {
  globalForLimits.authLimits ??= createLimits();
  const { redis } = globalForLimits.authLimits;
  if (redis.status === "wait" || redis.status === "connecting" || redis.status === "connect")
    await whenReady(redis, 2000);
  return globalForLimits.authLimits;
}

function createLimits(): Limits {
  const config = webEnv();
  const redis = redisConnection("producer");
  const limiter = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `ratelimit:${keyPrefix}`,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration }),
    });
  return {
    redis,
    accountAtAddress: limiter("signin-account-address", config.SIGNIN_FAILURES_PER_ACCOUNT, QUARTER_HOUR),
    account: limiter("signin-account", config.SIGNIN_FAILURES_PER_ACCOUNT * ACCOUNT_WIDE_FACTOR, QUARTER_HOUR),
    address: limiter("signin-address", config.SIGNIN_FAILURES_PER_ADDRESS, HOUR),
    signups: limiter("signup-address", config.SIGNUPS_PER_ADDRESS, HOUR),
  };
}

/** The client's address as the nearest proxy (or `next start` itself) reported it. */
export function clientAddress(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown";
}

/** The three counts one sign-in attempt is held to, each with its key. */
async function signInCounts(email: string, address: string): Promise<[RateLimiterAbstract, string][]> {
  const { accountAtAddress, account, address: byAddress } = await limits();
  const normalized = email.trim().toLowerCase();
  return [
    [accountAtAddress, `${normalized}|${address}`],
    [account, normalized],
    [byAddress, address],
  ];
}

/** Seconds until this sign-in may be tried, or null when it may be tried now. */
export async function signInWait(email: string, address: string): Promise<number | null> {
  const waits = await Promise.all(
    (await signInCounts(email, address)).map(async ([limiter, key]) => {
      const state = await limiter.get(key);
      return state && state.consumedPoints >= limiter.points ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;
    }),
  );
  const wait = Math.max(...waits);
  return wait > 0 ? wait : null;
}

/** Counts a failed sign-in against the account and the address; a success clears this address's count. */
export async function recordSignIn(email: string, address: string, succeeded: boolean): Promise<void> {
  const [accountAtAddress, ...wider] = await signInCounts(email, address);
  if (succeeded) {
    await accountAtAddress[0].delete(accountAtAddress[1]).catch(() => undefined);
    return;
  }
  await Promise.all([accountAtAddress, ...wider].map(([limiter, key]) => consumeQuietly(limiter, key)));
}

/** Counts one sign-up from `address`: seconds to wait when over the limit, else null. */
export async function signUpWait(address: string): Promise<number | null> {
  try {
    await (await limits()).signups.consume(address);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}

/** A consume past the limit rejects with the limiter's state: counting it is all that is wanted here. */
async function consumeQuietly(limiter: RateLimiterAbstract, key: string): Promise<void> {
  await limiter.consume(key).catch((rejection) => {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  });
}
