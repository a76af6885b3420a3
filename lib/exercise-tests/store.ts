import {
  exerciseDescriptionSchema,
  exerciseTestSchema,
  type ExerciseDescription,
  type ExerciseTest,
} from "../contracts/exercise-tests";
import { sharedEnv } from "../env/shared";
import { latestStore, parseStored, storeConnection } from "../redis/latest";

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

const tests = latestStore(exerciseTestSchema, TEST_TTL_SECONDS);

export function readTest(exercise: string): Promise<ExerciseTest | null> {
  return tests.read(testKey(exercise));
}

/** Stores a new test, replacing the exercise's previous one. */
export function putTest(view: ExerciseTest): Promise<void> {
  return tests.put(testKey(view.exercise), view);
}

/** Applies `patch` to test `testId` if it is still the exercise's latest; returns the new view, or null. */
export function updateTest(
  exercise: string,
  testId: string,
  patch: Partial<Omit<ExerciseTest, "id" | "exercise">>,
): Promise<ExerciseTest | null> {
  return tests.update(testKey(exercise), testId, patch);
}

export async function readDescription(exercise: string): Promise<ExerciseDescription | null> {
  return parseStored(exerciseDescriptionSchema, await (await storeConnection()).get(descriptionKey(exercise)));
}

export async function writeDescription(description: ExerciseDescription): Promise<void> {
  const redis = await storeConnection();
  await redis.set(descriptionKey(description.exercise), JSON.stringify(description), "EX", DESCRIPTION_TTL_SECONDS);
}
