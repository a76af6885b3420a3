import { Worker, type Job } from "bullmq";
import { pendingRows, type ExerciseTest } from "../../lib/contracts/exercise-tests";
import { workerEnv } from "../../lib/env/worker";
import { updateTest, writeDescription } from "../../lib/exercise-tests/store";
import { redisConnection } from "../../lib/queue/connection";
import { briefMessage } from "../../lib/queue/faults";
import { exerciseTestQueueName, type ExerciseTestJob } from "../../lib/queue/exercise-test-queue";
import { publishExerciseTestChange } from "../../lib/queue/status-channel";
import { listExercises, loadDefinition, readExercise } from "../catalog/catalog";
import { shippedSolutions, verifySolution } from "../catalog/self-check";
import type { SandboxPool } from "../sandbox/pool";
import { describeExercise } from "./describe";

/** Gradings of one test at once, as `npm run exercises:check` does by default. */
const PARALLEL = 2;

/**
 * An admin's test of an exercise (queued by lib/exercise-tests/start.ts): every shipped solution
 * graded through the real sandbox `repeat` times, exactly as `npm run exercises:check` grades them
 * (grader/catalog/self-check.ts), each row written to the test's key in Redis as it lands.
 */
export async function processExerciseTest(
  job: Job<ExerciseTestJob>,
  pool?: SandboxPool,
  log: (m: string) => void = () => undefined,
) {
  const { testId, exercise, repeat } = job.data;
  const folder = readExercise(exercise);
  await writeDescription(await describeExercise(folder));
  const solutions = shippedSolutions(folder, await loadDefinition(folder));
  const rows = pendingRows(solutions, repeat);
  // One writer per test: writes are chained so that rows never go back in time.
  let superseded = false;
  let writes = Promise.resolve();
  const write = (patch: Partial<ExerciseTest>) =>
    (writes = writes.then(async () => {
      if (superseded) return;
      if (!(await updateTest(exercise, testId, { ...patch, rows: rows.map((r) => ({ ...r })) }))) superseded = true;
      else await publishExerciseTestChange(exercise);
    }));
  await write({ status: "RUNNING", startedAt: new Date().toISOString() });
  if (superseded) return { skipped: "superseded" };
  log(`testing ${exercise}: ${rows.length} gradings (${solutions.length} solutions × ${repeat})`);

  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < rows.length && !superseded) {
        const row = rows[next++];
        const solution = solutions.find((s) => s.file === row.file)!;
        row.status = "running";
        void write({});
        try {
          const outcome = await verifySolution(folder, solution, pool);
          Object.assign(row, {
            verdict: outcome.verdict,
            failed: outcome.failed,
            elapsedMs: outcome.elapsedMs,
            ok: outcome.ok,
            problem: outcome.problem ?? null,
          });
        } catch (error) {
          // The sandbox could not grade it (an infrastructure fault): a mismatch the admin must see.
          Object.assign(row, { verdict: "error", ok: false, problem: `The grader failed: ${briefMessage(error)}` });
        }
        row.status = "done";
        void write({});
      }
    }),
  );
  const mismatched = rows.filter((r) => !r.ok).length;
  await write({
    status: "DONE",
    finishedAt: new Date().toISOString(),
    message:
      `${rows.length - mismatched} of ${rows.length} gradings as expected` +
      `${mismatched ? `, ${mismatched} mismatched` : ""}, in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  });
  await writes;
  log(`tested ${exercise}: ${rows.length - mismatched}/${rows.length} as expected in ${Date.now() - started} ms`);
  return { mismatched };
}

/**
 * The worker's side of exercise tests: a consumer of their queue (one test at a time). The
 * descriptions the admin pages read come from describeCatalogue, which the worker runs at start.
 */
export function startExerciseTestWorker(pool: SandboxPool | undefined, log: (m: string) => void) {
  const config = workerEnv();
  const worker = new Worker<ExerciseTestJob>(exerciseTestQueueName(), (job) => processExerciseTest(job, pool, log), {
    connection: redisConnection("worker"),
    concurrency: 1,
    lockDuration: config.GRADER_LOCK_MS,
    stalledInterval: config.GRADER_LOCK_MS,
    maxStalledCount: 0,
  });
  worker.on("error", (error) => log(`exercise test queue error: ${error.message}`));
  worker.on("failed", async (job, error) => {
    if (!job) return;
    const { testId, exercise } = job.data;
    const message = `The test stopped: ${briefMessage(error)}`;
    const stored = await updateTest(exercise, testId, {
      status: "ERROR",
      finishedAt: new Date().toISOString(),
      message,
    }).catch(() => null);
    if (stored) await publishExerciseTestChange(exercise).catch(() => undefined);
    log(`exercise test ${testId} (${exercise}) failed: ${briefMessage(error)}`);
  });
  return worker;
}

/**
 * Describes every exercise into Redis for the admin pages. Some 0.4 s of CPU: the worker does it
 * before it takes jobs, so that the first gradings after a start do not share the CPU with it.
 */
export async function describeCatalogue(log: (m: string) => void): Promise<void> {
  for (const folder of listExercises()) {
    try {
      await writeDescription(await describeExercise(folder));
    } catch (error) {
      log(`could not describe ${folder.meta.slug}: ${briefMessage(error)}`);
    }
    // Yield between exercises: the rest of the start goes on meanwhile.
    await new Promise((r) => setImmediate(r));
  }
}
