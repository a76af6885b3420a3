import type IORedis from "ioredis";
import type { z } from "zod";
import {
  exerciseDescriptionSchema,
  exerciseTestSchema,
  type ExerciseDescription,
  type ExerciseTest,
} from "../contracts/exercise-tests";
import { sharedEnv } from "../env/shared";
import { redisConnection } from "../queue/connection";
import { whenReady } from "../queue/status-channel";

/**
 * Exercise tests and descriptions live in Redis only (no schema change): per exercise, the latest
 * test (kept a day after it was last written, replaced by the next test) and the worker's
 * description of the exercise (written by every worker at start and by every test).
 */
export const TEST_TTL_SECONDS = 24 * 3600;
export const DESCRIPTION_TTL_SECONDS = 30 * 24 * 3600;

const prefix = () => `asyncio-course:${sharedEnv().QUEUE_NAME}`;
const testKey = (exercise: string) => `${prefix()}:exercise-test:${exercise}`;
const descriptionKey = (exercise: string) => `${prefix()}:exercise-description:${exercise}`;

const globalForStore = globalThis as unknown as { exerciseTestStore?: IORedis };

async function redis(): Promise<IORedis> {
  globalForStore.exerciseTestStore ??= redisConnection("producer");
  await whenReady(globalForStore.exerciseTestStore, 2000);
  return globalForStore.exerciseTestStore;
}

function parse<T extends z.ZodType>(schema: T, text: string | null): z.infer<T> | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function readTest(exercise: string): Promise<ExerciseTest | null> {
  return parse(exerciseTestSchema, await (await redis()).get(testKey(exercise)));
}

/** Stores a new test, replacing the exercise's previous one. */
export async function putTest(view: ExerciseTest): Promise<void> {
  await (await redis()).set(testKey(view.exercise), JSON.stringify(view), "EX", TEST_TTL_SECONDS);
}

/** Writes only while the stored test is still `ARGV[1]`: a newer test is never overwritten by an older one. */
const REPLACE_IF_CURRENT = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, cur = pcall(cjson.decode, v)
if not ok or cur.id ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1`;

/** Applies `patch` to test `testId` if it is still the exercise's latest; returns the new view, or null. */
export async function updateTest(
  exercise: string,
  testId: string,
  patch: Partial<Omit<ExerciseTest, "id" | "exercise">>,
): Promise<ExerciseTest | null> {
  const current = await readTest(exercise);
  if (!current || current.id !== testId) return null;
  const next: ExerciseTest = { ...current, ...patch };
  const written = await (
    await redis()
  ).eval(REPLACE_IF_CURRENT, 1, testKey(exercise), testId, JSON.stringify(next), String(TEST_TTL_SECONDS));
  return written === 1 ? next : null;
}

export async function readDescription(exercise: string): Promise<ExerciseDescription | null> {
  return parse(exerciseDescriptionSchema, await (await redis()).get(descriptionKey(exercise)));
}

export async function writeDescription(description: ExerciseDescription): Promise<void> {
  await (
    await redis()
  ).set(descriptionKey(description.exercise), JSON.stringify(description), "EX", DESCRIPTION_TTL_SECONDS);
}
