import type { Queue } from "bullmq";
import { sharedEnv } from "../env/shared";
import { queueKind } from "./queue";

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

const tests = queueKind<ExerciseTestJob>({
  key: "exercise-test",
  name: exerciseTestQueueName,
  jobName: EXERCISE_TEST_JOB,
  /** One attempt: a test half done by a lost worker is better started again by the admin, who sees it. */
  jobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  what: "Enqueueing the exercise test",
});

export const exerciseTestQueue = tests.queue;

export async function enqueueExerciseTest(job: ExerciseTestJob, queue?: Queue<ExerciseTestJob>): Promise<void> {
  await tests.add(job, job.testId, { queue });
}
