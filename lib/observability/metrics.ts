import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (prom-client), one registry per process: the web app's at
 * /api/metrics, a worker's on its own port (WORKER_HTTP_PORT). Each process moves the metrics of
 * what it does; names are documented in docs/operations.md. Labels never carry a user, a
 * submission or code: only bounded sets (verdicts, exercise slugs, kinds).
 */
function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const seconds = [0.25, 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 60, 120];
  return {
    registry,
    /** Sampled from Redis at each scrape (the web app's): jobs by state, and how long the oldest has waited. */
    queueJobs: new Gauge({
      name: "asyncio_course_queue_jobs",
      help: "Grading jobs in the queue by state (waiting, active, delayed, failed).",
      labelNames: ["state"],
      registers,
    }),
    queueOldestAge: new Gauge({
      name: "asyncio_course_queue_oldest_waiting_seconds",
      help: "Age of the oldest waiting grading job (0 when none waits).",
      registers,
    }),
    gradings: new Counter({
      name: "asyncio_course_gradings_total",
      help: "Gradings stored by the worker, by verdict and exercise.",
      labelNames: ["verdict", "exercise"],
      registers,
    }),
    gradingDuration: new Histogram({
      name: "asyncio_course_grading_duration_seconds",
      help: "Time from a grading's start (sandbox taken) to its stored result, by exercise.",
      labelNames: ["exercise"],
      buckets: seconds,
      registers,
    }),
    submissionToVerdict: new Histogram({
      name: "asyncio_course_submission_to_verdict_seconds",
      help: "Time from the POST that stored a submission to its stored verdict (queueing included).",
      buckets: seconds,
      registers,
    }),
    sandboxFailures: new Counter({
      name: "asyncio_course_sandbox_failures_total",
      help: "Sandbox runs without a report: a limit broken, the engine failing, or no (valid) report.",
      labelNames: ["kind"],
      registers,
    }),
    poolWarm: new Gauge({
      name: "asyncio_course_sandbox_pool_warm",
      help: "Warm sandbox containers waiting in the worker's pool.",
      registers,
    }),
    poolSize: new Gauge({
      name: "asyncio_course_sandbox_pool_size",
      help: "The pool's configured size (SANDBOX_POOL_SIZE).",
      registers,
    }),
    poolMisses: new Counter({
      name: "asyncio_course_sandbox_pool_misses_total",
      help: "Sandboxes taken from an empty pool, started cold on the grading's path.",
      registers,
    }),
    liveStreams: new Gauge({
      name: "asyncio_course_live_streams_open",
      help: "Server-sent event streams open on the web app, by event.",
      labelNames: ["stream"],
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: "asyncio_course_rate_limit_refusals_total",
      help: "Requests refused with 429, by limit (sign-in, or the API's own limits).",
      labelNames: ["limit"],
      registers,
    }),
  };
}

type Metrics = ReturnType<typeof create> & { samplers: Set<() => Promise<void> | void> };
const globalForMetrics = globalThis as unknown as { asyncioCourseMetrics?: Metrics };

/** This process's metrics (kept on globalThis: Next.js may load this module once per route bundle). */
export function metrics(): Metrics {
  globalForMetrics.asyncioCourseMetrics ??= { ...create(), samplers: new Set() };
  return globalForMetrics.asyncioCourseMetrics;
}

/** Adds a reading taken at each scrape (gauges of things another service holds: the queue, the pool). */
export function sampleOnScrape(sampler: () => Promise<void> | void): void {
  metrics().samplers.add(sampler);
}

/** The exposition text and its content type, after every sampler has had its turn (a failed one is skipped). */
export async function scrape(): Promise<{ contentType: string; body: string }> {
  const { registry, samplers } = metrics();
  await Promise.allSettled([...samplers].map(async (sample) => sample()));
  return { contentType: registry.contentType, body: await registry.metrics() };
}
