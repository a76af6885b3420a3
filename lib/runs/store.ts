import type IORedis from "ioredis";
import { runViewSchema, type RunView } from "../contracts/runs";
import { sharedEnv } from "../env/shared";
import { redisConnection } from "../queue/connection";
import { whenReady } from "../queue/status-channel";

/**
 * A student's latest run of an exercise lives in Redis only, one key per student and exercise:
 * the next run replaces it, and it expires on its own an hour after it was last written. A run
 * is never a submission: no database row, no grade, nothing an instructor sees.
 */
export const RUN_TTL_SECONDS = 3600;

const keyOf = (userId: string, exercise: string) =>
  `asyncio-course:${sharedEnv().QUEUE_NAME}:run:${userId}:${exercise}`;

const globalForRuns = globalThis as unknown as { runStore?: IORedis };

async function redis(): Promise<IORedis> {
  globalForRuns.runStore ??= redisConnection("producer");
  await whenReady(globalForRuns.runStore, 2000);
  return globalForRuns.runStore;
}

export async function readRun(userId: string, exercise: string): Promise<RunView | null> {
  const text = await (await redis()).get(keyOf(userId, exercise));
  if (!text) return null;
  try {
    const parsed = runViewSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Stores a new run, replacing the student's previous run of the exercise. */
export async function putRun(userId: string, view: RunView): Promise<void> {
  await (await redis()).set(keyOf(userId, view.exercise), JSON.stringify(view), "EX", RUN_TTL_SECONDS);
}

/** Writes only while the stored run is still `ARGV[1]`: a newer run is never overwritten by an older one. */
const REPLACE_IF_CURRENT = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, cur = pcall(cjson.decode, v)
if not ok or cur.id ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1`;

/** Applies `patch` to run `runId` if it is still the student's latest run; returns the new view, or null. */
export async function updateRun(
  userId: string,
  exercise: string,
  runId: string,
  patch: Partial<Omit<RunView, "id" | "exercise">>,
): Promise<RunView | null> {
  const current = await readRun(userId, exercise);
  if (!current || current.id !== runId) return null;
  const next: RunView = { ...current, ...patch };
  const written = await (
    await redis()
  ).eval(REPLACE_IF_CURRENT, 1, keyOf(userId, exercise), runId, JSON.stringify(next), String(RUN_TTL_SECONDS));
  return written === 1 ? next : null;
}
