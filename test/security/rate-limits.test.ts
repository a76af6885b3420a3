import { randomUUID } from "node:crypto";
import IORedis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { sharedEnv } from "../../lib/env/shared";
import { consume, rateLimiter } from "../../lib/redis/rate-limit";

/**
 * The one Redis rate limiter (lib/redis/rate-limit.ts) that sign-in, sign-up, runs and reports use,
 * against the real Redis. The web-level limits are tested through next start in auth.test.ts.
 */
describe("the Redis rate limiter", () => {
  const name = `test-${randomUUID().slice(0, 8)}`;
  const reader = new IORedis(sharedEnv().REDIS_URL, { maxRetriesPerRequest: 1 });

  afterAll(async () => {
    const keys = await reader.keys(`ratelimit:${name}*`);
    if (keys.length) await reader.del(...keys);
    reader.disconnect();
  });

  it("counts a fresh process's first uses in Redis, not in its memory fallback", async () => {
    // This file's process has not connected to Redis before: the first count is sent at once.
    const limiter = await rateLimiter(name, 3, 60);
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(await consume(limiter, "alice"));
    expect(waits.slice(0, 3)).toEqual([null, null, null]);
    expect(waits[3]).toBeGreaterThanOrEqual(1);
    expect(waits[3]).toBeLessThanOrEqual(60);
    // All four reached Redis, where every web process reads them.
    expect(Number(await reader.get(`ratelimit:${name}:alice`))).toBe(4);
  });

  it("hands out one limiter per name, keeping each key's count apart", async () => {
    const again = await rateLimiter(name, 3, 60);
    expect(again).toBe(await rateLimiter(name, 3, 60));
    expect(await consume(again, "alice")).toBeGreaterThanOrEqual(1);
    expect(await consume(again, "bob")).toBeNull();
  });
});
