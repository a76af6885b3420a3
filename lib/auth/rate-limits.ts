import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { webEnv } from "../env/web";
import { consume, rateLimiter, secondsToWait } from "../redis/rate-limit";

/**
 * Limits on guessing passwords and on creating accounts (counted as lib/redis/rate-limit.ts says).
 *
 * The client address comes from X-Forwarded-For, which a client can forge unless a proxy in front
 * overwrites it; so failed sign-ins are also capped per account whatever the address, at a few
 * times the per-address limit (a forger cannot get past that; a victim is locked out only by a
 * flood of failures).
 */
const QUARTER_HOUR = 15 * 60;
const HOUR = 60 * 60;
const ACCOUNT_WIDE_FACTOR = 4;

/** The client's address as the nearest proxy (or `next start` itself) reported it. */
export function clientAddress(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown";
}

/** The three counts one sign-in attempt is held to, each with its key. */
async function signInCounts(email: string, address: string): Promise<[RateLimiterAbstract, string][]> {
  const config = webEnv();
  const normalized = email.trim().toLowerCase();
  return [
    [
      await rateLimiter("signin-account-address", config.SIGNIN_FAILURES_PER_ACCOUNT, QUARTER_HOUR),
      `${normalized}|${address}`,
    ],
    [
      await rateLimiter("signin-account", config.SIGNIN_FAILURES_PER_ACCOUNT * ACCOUNT_WIDE_FACTOR, QUARTER_HOUR),
      normalized,
    ],
    [await rateLimiter("signin-address", config.SIGNIN_FAILURES_PER_ADDRESS, HOUR), address],
  ];
}

/** Seconds until this sign-in may be tried, or null when it may be tried now. */
export async function signInWait(email: string, address: string): Promise<number | null> {
  const waits = await Promise.all(
    (await signInCounts(email, address)).map(async ([limiter, key]) => {
      const state = await limiter.get(key);
      return state && state.consumedPoints >= limiter.points ? secondsToWait(state) : 0;
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
  // Past the limit a failure is still counted; the wait it would report is not wanted here.
  await Promise.all([accountAtAddress, ...wider].map(([limiter, key]) => consume(limiter, key)));
}

/** Counts one sign-up from `address`: seconds to wait when over the limit, else null. */
export async function signUpWait(address: string): Promise<number | null> {
  return consume(await rateLimiter("signup-address", webEnv().SIGNUPS_PER_ADDRESS, HOUR), address);
}
