import { Queue } from "bullmq";
import { sharedEnv } from "../env/shared";
import { redisConnection, withTimeout } from "./connection";

/**
 * An admin's test of an exercise (every shipped solution graded through the real sandbox, N
 * times) is a job of its own queue, consumed by the grading workers one at a time: it never runs
 * in a web request, and a test of 25 gradings does not hold up the students' submissions' queue.
 */
export interface ExerciseTestJob {
  testId: string;
  exercise: string;
  repeat: number;
}

export const EXERCISE_TEST_JOB = "exercise-test";

export const exerciseTestQueueName = () => `${sharedEnv().QUEUE_NAME}-exercise-test`;

/** One attempt: a test half done by a lost worker is better started again by the admin, who sees it. */
const JOB_OPTIONS = { attempts: 1, removeOnComplete: true, removeOnFail: true } as const;

const globalForQueue = globalThis as unknown as { exerciseTestQueue?: Queue<ExerciseTestJob> };

export function exerciseTestQueue(): Queue<ExerciseTestJob> {
  if (!globalForQueue.exerciseTestQueue) {
    const queue = new Queue<ExerciseTestJob>(exerciseTestQueueName(), { connection: redisConnection("producer") });
    queue.on("error", () => undefined);
    globalForQueue.exerciseTestQueue = queue;
  }
  return globalForQueue.exerciseTestQueue;
}

export async function enqueueExerciseTest(job: ExerciseTestJob, queue = exerciseTestQueue()): Promise<void> {
  await withTimeout(
    queue.add(EXERCISE_TEST_JOB, job, { ...JOB_OPTIONS, jobId: job.testId }),
    2000,
    "Enqueueing the exercise test",
  );
}
