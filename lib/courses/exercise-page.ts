import { deadlinesFor } from "../cohorts/deadlines";
import { attemptsOf } from "./attempts";
import { getDraft } from "./drafts";
import { getExercise, listCourse, type CourseEntry } from "./exercises";
import { attemptAllowance } from "./limits";
import { NO_PROGRESS, progressFor } from "./progress";

/**
 * Everything one student's page of one exercise shows: the exercise, their draft, attempts,
 * progress, own due date (extensions applied) and attempt allowance. Only reads: the instructor's
 * "view as student" loads the same thing for someone else and must leave no trace.
 */
export async function exercisePageData(userId: string, slug: string) {
  const exercise = await sharedExercise(slug);
  if (!exercise) return null;
  const [draft, attempts, progress, deadlines, allowance] = await Promise.all([
    getDraft(userId, slug),
    attemptsOf(userId, slug),
    progressFor(userId, slug),
    deadlinesFor(userId),
    attemptAllowance(userId, slug),
  ]);
  return {
    exercise,
    draft,
    attempts,
    progress: progress.get(slug) ?? NO_PROGRESS,
    deadline: deadlines.get(slug),
    allowance,
  };
}

export type ExercisePageData = NonNullable<Awaited<ReturnType<typeof exercisePageData>>>;

/**
 * What every student's page shows alike — an exercise's row (statement, starter, hints, metadata)
 * and the course outline — read once per process and kept for SHARED_TTL_MS: at a lab's start, 300
 * students opening the same exercise cost one read instead of 600. The rows change only when a
 * deployment syncs exercises/ (prisma/seed.ts); the short life bounds how long a re-sync goes unseen.
 */
const SHARED_TTL_MS = 15_000;

const globalForShared = globalThis as unknown as {
  coursePageShared?: Map<string, { at: number; value: Promise<unknown> }>;
};

function shared<T>(key: string, read: () => Promise<T>): Promise<T> {
  const entries = (globalForShared.coursePageShared ??= new Map());
  const hit = entries.get(key);
  if (hit && Date.now() - hit.at < SHARED_TTL_MS) return hit.value as Promise<T>;
  const value = read();
  entries.set(key, { at: Date.now(), value });
  // A failed read (the database away) is not kept: the next request asks again.
  value.catch(() => entries.get(key)?.value === value && entries.delete(key));
  return value;
}

/** getExercise, shared by every request for SHARED_TTL_MS (an unknown slug's null too: slugs are few). */
export function sharedExercise(slug: string): ReturnType<typeof getExercise> {
  return shared(`exercise:${slug}`, () => getExercise(slug));
}

/** listCourse, shared by every request for SHARED_TTL_MS. */
export function sharedCourse(): Promise<CourseEntry[]> {
  return shared("course", () => listCourse());
}
