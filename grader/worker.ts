/**
 * The grading worker (`npm run worker`): takes jobs from the BullMQ queue, grades each submission in
 * the sandbox and stores one result per submission. Any number of workers may share a Redis.
 *   SIGTERM / SIGINT: finish the jobs in hand, then exit 0.
 *   SIGKILL mid-grade: the job's lock lapses and a worker takes it over (stalled-job recovery).
 */
import { DelayedError, Worker, type Job } from "bullmq";
import { db } from "../lib/db";
import { workerEnv } from "../lib/env/worker";
import { redisConnection } from "../lib/queue/connection";
import { briefMessage, retryInfrastructureFaults } from "../lib/queue/faults";
import { gradingQueue, type GradingJob } from "../lib/queue/grading-queue";
import { runQueueName, type RunJob } from "../lib/queue/run-queue";
import { publishChange, publishRunChange, readyPublisher } from "../lib/queue/status-channel";
import { warmUp, WARM_UP_MS } from "../lib/startup/warm-up";
import { updateRun } from "../lib/runs/store";
import { claimSubmission, faultReport, gradingInput, releaseClaim, storeResult } from "./submissions/grading";
import { isFinal } from "../lib/contracts/submissions";
import { statusView } from "../lib/submissions/view";
import { REGRADE_JOB, type RegradeJob } from "../lib/instructor/regrade";
import { sweep } from "./submissions/sweeper";
import type { GradeReport } from "./checks/result";
import { listExercises, loadDefinition } from "./catalog/catalog";
import { grade } from "./grade";
import { processRegrade } from "./regrade-job";
import { processRun } from "./run-job";
import { describeCatalogue, startExerciseTestWorker } from "./exercise-test-worker/job";
import { startSimilarityWorker } from "./similarity-job";
import { startLtiPublishWorker } from "./lti-publish-job";
import { retryOnQueue, STORE_RETRY_MS } from "./retry";
import { SandboxPool } from "./sandbox/pool";
import { reapOrphanSandboxes } from "./sandbox/run";
import { sandboxImageProblem } from "./sandbox/container";
import { docker, removeAllSandboxes } from "./sandbox/docker";
import { metrics, sampleOnScrape } from "../lib/observability/metrics";
import { logger } from "../lib/observability/logger";
import { redisCheck, type Check } from "../lib/observability/health";
import { serveProbes } from "./observability/probe-server";
import { exitAfterSandboxes } from "./sandbox/lifetime";

/** How long a job waits while the same student has another submission grading. */
const BUSY_DELAY_MS = 1500;

const logs = logger("worker");
/** One event of the worker's log (lib/observability/logger.ts): a message and the event's own fields. */
const log = (message: string, fields: Record<string, unknown> = {}) => logs.info(fields, message);

/** Containers started ahead of the next jobs (SANDBOX_POOL_SIZE; 0 starts every sandbox cold). */
let pool: SandboxPool | undefined;

/**
 * A grading started before its claim is confirmed, so that the claim's round trips run beside the
 * sandbox instead of before it. `cancel` calls it off when the claim refuses it.
 */
function gradeAhead(exerciseSlug: string, code: string) {
  const abort = new AbortController();
  const started = Date.now();
  const report = grade(exerciseSlug, code, { pool, signal: abort.signal });
  report.catch(() => undefined); // awaited later, or cancelled: never an unhandled rejection
  const cancel = async () => {
    abort.abort();
    await report.catch(() => undefined);
  };
  return { exerciseSlug, code, started, report, cancel };
}

/**
 * Starts the grading of a job before its claim when the claim is likely to grant it: from what the
 * job carries on its first attempt (then dropped from it), else from an unlocked read.
 */
async function startAhead(job: Job<GradingJob>) {
  const { submissionId, start } = job.data;
  if (start && job.attemptsMade === 0) {
    job.updateData({ submissionId }).catch(() => undefined); // no code kept in Redis once taken
    return gradeAhead(start.exerciseSlug, start.code);
  }
  const input = await gradingInput(submissionId);
  if (!input || input.ownerBusy || isFinal(input.status)) return undefined;
  return gradeAhead(input.exerciseSlug, input.code);
}

async function processGrading(job: Job<GradingJob>, token?: string) {
  // An instructor's regrade of an already graded submission (lib/instructor): a new result beside the old.
  if (job.name === REGRADE_JOB) return processRegrade(job as Job<RegradeJob>, pool, log);
  const id = job.data.submissionId;
  let ahead = await startAhead(job);
  const claim = await claimSubmission(id).catch(async (error: unknown) => {
    await ahead?.cancel();
    throw error;
  });
  if (claim.kind !== "claimed") await ahead?.cancel();
  if (claim.kind === "busy") {
    await job.moveToDelayed(Date.now() + BUSY_DELAY_MS, token);
    throw new DelayedError();
  }
  if (claim.kind !== "claimed") return { skipped: claim.kind };
  const { exerciseSlug, code } = claim.submission;
  // The grading counts only for the code the database holds (not what a job or an early read said).
  if (ahead && (ahead.exerciseSlug !== exerciseSlug || ahead.code !== code)) {
    await ahead.cancel();
    ahead = undefined;
  }
  const attempt = job.attemptsMade + 1;
  const event = { job: job.id, submission: id, exercise: exerciseSlug, attempt };
  log(`grading ${id} (${exerciseSlug}) attempt ${attempt}`, event);
  await publishChange(id);
  const started = ahead?.started ?? Date.now();
  let report: GradeReport;
  try {
    report = await (ahead?.report ?? grade(exerciseSlug, code, { pool }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (retryOnQueue(error, job)) {
      log(`infrastructure fault on ${id}, will retry: ${message}`, event);
      await releaseClaim(id);
      await publishChange(id);
      throw error;
    }
    log(`cannot grade ${id}: ${message}`, event);
    report = faultReport(exerciseSlug, `The grader could not grade this submission: ${message}`);
  }
  // A finished grading is kept through a database restart: failing the job here would throw the
  // result away and grade the submission all over again on the retry.
  const runMs = Date.now() - started;
  const stored = await retryInfrastructureFaults(
    () => storeResult(id, report, runMs),
    STORE_RETRY_MS,
    (error, waitMs) =>
      log(`cannot store the result of ${id} yet, retrying in ${waitMs} ms: ${briefMessage(error)}`, event),
  );
  // The stored state itself: the live stream sends it without reading it back.
  await publishChange(id, stored ? statusView(stored, { report }) : undefined);
  if (stored) {
    const m = metrics();
    m.gradings.inc({ verdict: report.verdict, exercise: exerciseSlug });
    m.gradingDuration.observe({ exercise: exerciseSlug }, runMs / 1000);
    m.submissionToVerdict.observe((Date.now() - claim.submission.createdAt.getTime()) / 1000);
  }
  const durationMs = Date.now() - started;
  log(
    `graded ${id} ${report.verdict} ${report.score}/${report.maxScore} in ${durationMs} ` +
      `ms${stored ? "" : " (already stored by another attempt)"}`,
    { ...event, verdict: report.verdict, score: report.score, durationMs, stored: !!stored },
  );
  return { verdict: report.verdict, stored };
}

/** What a stop signal does: until the worker takes jobs, remove the pool's containers and exit. */
let onStopSignal = (signal: string) => {
  log(`${signal} while starting: removing the sandbox containers started so far`);
  void exitAfterSandboxes(0);
};
process.on("SIGTERM", () => onStopSignal("SIGTERM"));
process.on("SIGINT", () => onStopSignal("SIGINT"));

/** Where the worker is in its life, for readiness: it takes jobs only while "running". */
let phase: "starting" | "running" | "stopping" = "starting";

/** What readiness checks: every dependency a grading needs, and whether this worker takes jobs. */
function readinessChecks(): Record<string, Check> {
  return {
    redis: redisCheck,
    "docker engine": async () => void (await docker().ping()),
    "sandbox image": sandboxImageProblem,
    "sandbox pool": async () => pool?.problem() ?? null,
    "taking jobs": async () => (phase === "running" ? null : `the worker is ${phase}`),
  };
}

async function main() {
  const config = workerEnv();
  if (config.WORKER_HTTP_PORT) {
    const port = config.WORKER_HTTP_PORT;
    // Probes answer from the start (live; not ready until the worker takes jobs).
    await serveProbes({ port, host: config.WORKER_HTTP_HOST, checks: readinessChecks }).then(
      () => log(`probes and metrics on http://${config.WORKER_HTTP_HOST}:${port} (/live, /ready, /metrics)`),
      (error: unknown) => log(`cannot serve probes on port ${port}: ${error instanceof Error ? error.message : error}`),
    );
    sampleOnScrape(() => {
      metrics().poolSize.set(config.SANDBOX_POOL_SIZE);
      metrics().poolWarm.set(pool?.warm ?? 0);
    });
  }
  const reaped = await reapOrphanSandboxes().catch((error) => {
    log(`could not look for orphan sandboxes: ${error instanceof Error ? error.message : error}`);
    return 0;
  });
  if (reaped) log(`removed ${reaped} orphan sandbox container(s)`);
  // Every grading would be retried for it until the image appears: say so once, plainly, at start.
  const imageProblem = await sandboxImageProblem();
  if (imageProblem) log(imageProblem);
  if (config.SANDBOX_POOL_SIZE > 0) pool = new SandboxPool(config.SANDBOX_POOL_SIZE);
  const warmUpProblems = await warmUp({
    "Redis (status notices)": async () => {
      if ((await readyPublisher()).status !== "ready") throw new Error("no answer within 2 s");
    },
    "exercise definitions": () => Promise.all(listExercises().map(loadDefinition)),
    // Jobs wait the moment it takes: one taken before would start a cold container beside them.
    "the sandbox pool": async () => pool?.waitUntilFull(WARM_UP_MS),
    "exercise descriptions": () => describeCatalogue(log),
    // The claim's and the store's own queries, on an id that is never a submission's: nothing changes.
    "the claim and the store": async () => {
      await gradingInput("");
      await claimSubmission("");
      await storeResult("", faultReport("", "warm-up"), null);
    },
  });
  for (const problem of warmUpProblems) log(`warm-up: ${problem}; the first job that needs it connects`);

  const queue = gradingQueue();
  const worker = new Worker<GradingJob>(config.QUEUE_NAME, processGrading, {
    connection: redisConnection("worker"),
    concurrency: config.GRADER_CONCURRENCY,
    lockDuration: config.GRADER_LOCK_MS,
    stalledInterval: config.GRADER_LOCK_MS,
    maxStalledCount: 2,
  });
  worker.on("error", (error) => log(`queue error: ${error.message}`));
  worker.on("failed", async (job, error) => {
    // Out of retries (or stalled too often): the student gets an ERROR result rather than silence.
    if (!job) return;
    const id = job.data.submissionId;
    if ((await job.getState().catch(() => "unknown")) !== "failed") {
      // BullMQ retries it after a backoff; say why, or a database outage would go unseen in the log.
      log(`attempt ${job.attemptsMade} on ${id} failed, will retry: ${briefMessage(error)}`);
      return;
    }
    const slug =
      (
        await db()
          .submission.findUnique({ where: { id }, select: { exerciseSlug: true } })
          .catch(() => null)
      )?.exerciseSlug ?? "";
    // The last line only: a Prisma message opens with a frame of the worker's source code.
    const report = faultReport(
      slug,
      `The grader could not grade this submission (${briefMessage(error)}). Please submit again.`,
    );
    const stored = await storeResult(id, report, null).catch(() => false);
    if (stored) await publishChange(id);
    log(`gave up on ${id}: ${briefMessage(error)}`, { job: job.id, submission: id });
  });

  // Students' runs (no grade) on a queue of their own, one at a time: they never delay a verdict.
  const runWorker = new Worker<RunJob>(runQueueName(), (job) => processRun(job, pool, log), {
    connection: redisConnection("worker"),
    concurrency: 1,
    lockDuration: config.GRADER_LOCK_MS,
    stalledInterval: config.GRADER_LOCK_MS,
    maxStalledCount: 1,
  });
  runWorker.on("error", (error) => log(`run queue error: ${error.message}`));
  runWorker.on("failed", async (job, error) => {
    // Its job is removed on failure (the code goes with it), so its state cannot tell: count attempts.
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const { runId, userId, exercise } = job.data;
    const stored = await updateRun(userId, exercise, runId, {
      status: "ERROR",
      finishedAt: new Date().toISOString(),
    }).catch(() => null);
    if (stored) await publishRunChange(userId, exercise).catch(() => undefined);
    log(`gave up on run ${runId}: ${briefMessage(error)}`);
  });

  // Admins' tests of an exercise's shipped solutions (issue 17), on their own queue.
  const testWorker = startExerciseTestWorker(pool, log);
  // Similarity scans (lib/similarity): CPU-bound comparisons, one at a time, beside the gradings.
  const similarity = startSimilarityWorker(config.GRADER_LOCK_MS, log);
  // Scores for LMS gradebooks (LTI AGS, issue 26), on their own queue.
  const ltiPublish = startLtiPublishWorker(config.GRADER_LOCK_MS, log);

  let sweeping = false;
  const sweeper = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const outcome = await sweep(queue);
      if (outcome.requeued.length) log(`sweeper re-enqueued ${outcome.requeued.length}: ${outcome.requeued.join(" ")}`);
      if (outcome.failed.length)
        log(`sweeper closed ${outcome.failed.length} failed job(s): ${outcome.failed.join(" ")}`);
    } catch (error) {
      log(`sweep failed: ${briefMessage(error)}`);
    } finally {
      sweeping = false;
    }
  }, config.GRADER_SWEEP_MS);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    phase = "stopping";
    log(`${signal}: finishing the current job(s), taking no new ones`);
    clearInterval(sweeper);
    await Promise.all([worker.close(), runWorker.close(), testWorker.close(), similarity.close(), ltiPublish.close()]);
    await pool?.close();
    await queue.close().catch(() => undefined);
    await db().$disconnect();
    // Used containers still waiting for their removal, and any the engine could not remove while
    // it was away (a later worker reaps what is left even then).
    const left = await removeAllSandboxes();
    log(left ? `stopped, ${left} sandbox container(s) left for the next worker to reap` : "stopped");
    await exitAfterSandboxes(0);
  };
  onStopSignal = (signal) => void stop(signal);

  await Promise.all([
    worker.waitUntilReady(),
    runWorker.waitUntilReady(),
    testWorker.waitUntilReady(),
    similarity.ready,
  ]);
  phase = "running";
  log(
    `ready: queue "${config.QUEUE_NAME}", concurrency ${config.GRADER_CONCURRENCY}; runs on ` +
      `"${runQueueName()}", concurrency 1`,
  );
}

main().catch((error) => {
  logs.fatal(`worker failed to start: ${error instanceof Error ? error.message : error}`);
  void exitAfterSandboxes(1);
});
