import type IORedis from "ioredis";
import type { z } from "zod";
import { redisConnection } from "../queue/connection";
import { whenReady } from "../queue/status-channel";

/**
 * "The latest X" kept in Redis only, one JSON value per key, expiring a while after it was last
 * written: a student's latest run of an exercise, an exercise's latest test. A newer value replaces
 * the older; an update of an older one (a worker that lost the race) writes nothing.
 */
const globalForStore = globalThis as unknown as { latestStore?: IORedis };

export async function storeConnection(): Promise<IORedis> {
  globalForStore.latestStore ??= redisConnection("producer");
  await whenReady(globalForStore.latestStore, 2000);
  return globalForStore.latestStore;
}

/** `text` parsed by `schema`, or null when it is absent, not JSON or not of that shape. */
export function parseStored<T extends z.ZodType>(schema: T, text: string | null): z.infer<T> | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes only while the stored value's id is still `ARGV[1]`. */
const REPLACE_IF_CURRENT = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, cur = pcall(cjson.decode, v)
if not ok or cur.id ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1`;

export function latestStore<T extends z.ZodType<{ id: string }>>(schema: T, ttlSeconds: number) {
  type Value = z.infer<T>;
  return {
    async read(key: string): Promise<Value | null> {
      return parseStored(schema, await (await storeConnection()).get(key));
    },
    /** Stores a new value, replacing the key's previous one. */
    async put(key: string, value: Value): Promise<void> {
      await (await storeConnection()).set(key, JSON.stringify(value), "EX", ttlSeconds);
    },
    /** Applies `patch` to value `id` if it is still the key's latest; returns the new value, or null. */
    async update(key: string, id: string, patch: Partial<Value>): Promise<Value | null> {
      const current = await this.read(key);
      if (!current || current.id !== id) return null;
      const next: Value = { ...current, ...patch, id };
      const redis = await storeConnection();
      const written = await redis.eval(REPLACE_IF_CURRENT, 1, key, id, JSON.stringify(next), String(ttlSeconds));
      return written === 1 ? next : null;
    },
  };
}
