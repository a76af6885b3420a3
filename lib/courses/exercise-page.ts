import { deadlinesFor } from "../cohorts/deadlines";
import { attemptsOf } from "./attempts";
import { getDraft } from "./drafts";
import { getExercise } from "./exercises";
import { attemptAllowance } from "./limits";
import { NO_PROGRESS, progressFor } from "./progress";

/**
 * Everything one student's page of one exercise shows: the exercise, their draft, attempts,
 * progress, own due date (extensions applied) and attempt allowance. Only reads: the instructor's
 * "view as student" loads the same thing for someone else and must leave no trace.
 */
export async function exercisePageData(userId: string, slug: string) {
  const exercise = await getExercise(slug);
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
