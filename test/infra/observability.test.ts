import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../helpers/session";
import { freePort } from "../helpers/ports";
import { startWeb, type WebServer } from "../helpers/web";
import {
  referenceSolution,
  SLUG,
  startPrivateRedis,
  startWorker,
  uniqueQueue,
  useOwnDatabase,
  waitFor,
  type PrivateRedis,
  type WorkerProcess,
} from "../submissions/fixture";

/**
 * Probes and metrics of the running processes (`next start` and `npm run worker`), on a Redis of
 * the test's own so that it can be stopped: readiness answers 503 naming what is down, metrics
 * (Prometheus text, scraped as Prometheus would) move when a grading happens.
 */
const METRICS_TOKEN = `metrics-${randomUUID()}`;
/** A line of the submitted code that no log may show. */
const CODE_MARKER = `code-marker-${randomUUID()}`;

/** The value of one sample in Prometheus text (0 when the series is absent: a counter not moved yet). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

async function json(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("health probes and metrics of the web app and the worker", () => {
  const queue = uniqueQueue("obs");
  let redis: PrivateRedis;
  let web: WebServer;
  let worker: WorkerProcess;
  let workerUrl: string;
  let env: Record<string, string>;
  const scrapeWeb = async () => {
    const res = await fetch(`${web.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  const scrapeWorker = async () => {
    const res = await fetch(`${workerUrl}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const databaseUrl = await useOwnDatabase("obs", { QUEUE_NAME: queue, REDIS_URL: redis.url });
    env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queue, REDIS_URL: redis.url };
    const port = await freePort();
    workerUrl = `http://127.0.0.1:${port}`;
    [web, worker] = await Promise.all([
      startWeb({ env: { ...env, METRICS_TOKEN } }),
      startWorker({
        ...env,
        GRADER_CONCURRENCY: "1",
        SANDBOX_POOL_SIZE: "1",
        WORKER_HTTP_PORT: String(port),
        WORKER_HTTP_HOST: "127.0.0.1",
        SANDBOX_TAG: `obs-${randomUUID().slice(0, 8)}`,
      }),
    ]);
  }, 600_000);

  afterAll(async () => {
    await Promise.all([web?.stop(), worker?.stop()]);
    await redis?.shutdown();
  });

  it("answers liveness and readiness with each dependency checked", async () => {
    expect(await json(`${web.url}/api/health/live`)).toEqual({ status: 200, body: { status: "live" } });
    const webReady = await json(`${web.url}/api/health/ready`);
    expect(webReady.status).toBe(200);
    expect(webReady.body).toMatchObject({
      status: "ready",
      checks: { database: { ok: true }, redis: { ok: true } },
    });
    expect(await json(`${workerUrl}/live`)).toEqual({ status: 200, body: { status: "live" } });
    const workerReady = await json(`${workerUrl}/ready`);
    expect(workerReady.status, JSON.stringify(workerReady.body)).toBe(200);
    expect(Object.keys(workerReady.body.checks as object).sort()).toEqual([
      "docker engine",
      "redis",
      "sandbox image",
      "sandbox pool",
      "taking jobs",
    ]);
  });

  it("keeps the web app's metrics behind METRICS_TOKEN", async () => {
    expect((await fetch(`${web.url}/api/metrics`)).status).toBe(401);
    const wrong = await fetch(`${web.url}/api/metrics`, { headers: { authorization: "Bearer not-the-token" } });
    expect(wrong.status).toBe(401);
  });

  it("moves the metrics when a student submits and a grading happens", { timeout: 120_000 }, async () => {
    const webBefore = await scrapeWeb();
    const workerBefore = await scrapeWorker();
    const graded = { verdict: "passed", exercise: SLUG };
    expect(sample(workerBefore, "asyncio_course_sandbox_pool_size")).toBe(1);
    expect(sample(webBefore, "asyncio_course_queue_jobs", { state: "waiting" })).toBe(0);

    const student = await createUser();
    const cookie = await signIn(web.url, student.email, student.password);
    const posted = await fetch(`${web.url}/api/submissions`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ exercise: SLUG, code: `${referenceSolution()}\n# ${CODE_MARKER}\n` }),
    });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: string };

    // The live stream is counted while it is open, and counted out once it closed after the verdict.
    const stream = await fetch(`${web.url}/api/submissions/${id}/events`, {
      headers: { cookie, accept: "text/event-stream" },
      signal: AbortSignal.timeout(60_000),
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read();
    expect(sample(await scrapeWeb(), "asyncio_course_live_streams_open", { stream: "status" })).toBe(1);
    let text = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      text += new TextDecoder().decode(chunk.value);
    expect(text).toContain('"status":"GRADED"');
    await waitFor(
      "the stream to be counted out",
      async () => sample(await scrapeWeb(), "asyncio_course_live_streams_open", { stream: "status" }),
      (open) => open === 0,
      5000,
    );

    const after = await scrapeWorker();
    expect(sample(after, "asyncio_course_gradings_total", graded)).toBe(
      sample(workerBefore, "asyncio_course_gradings_total", graded) + 1,
    );
    expect(sample(after, "asyncio_course_grading_duration_seconds_count", { exercise: SLUG })).toBe(1);
    expect(sample(after, "asyncio_course_grading_duration_seconds_sum", { exercise: SLUG })).toBeGreaterThan(0.3);
    expect(sample(after, "asyncio_course_submission_to_verdict_seconds_count")).toBe(1);
    // The pool's container went to the grading: a warm one, not a miss; the pool refills.
    expect(sample(after, "asyncio_course_sandbox_pool_misses_total")).toBe(0);
    expect(after).toMatch(/^process_cpu_seconds_total /m);

    // The worker's log: one JSON object per line, the grading's with its ids and duration, no code.
    const lines = worker.output().split("\n").filter(Boolean);
    const events = lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    const gradedEvent = events.find((e) => String(e.msg).startsWith(`graded ${id} `));
    expect(gradedEvent).toMatchObject({
      level: "info",
      process: "worker",
      submission: id,
      exercise: SLUG,
      verdict: "passed",
      durationMs: expect.any(Number),
    });
    expect(Date.parse(String(gradedEvent!.time))).toBeGreaterThan(Date.now() - 120_000);
    expect(worker.output()).not.toContain(CODE_MARKER);
  });

  it("counts sign-ins refused by the rate limit", async () => {
    const student = await createUser();
    const before = sample(await scrapeWeb(), "asyncio_course_rate_limit_refusals_total", { limit: "sign-in" });
    // SIGNIN_FAILURES_PER_ACCOUNT (5) failures, then the next attempt is refused before any check.
    for (let i = 0; i < 6; i++) await signIn(web.url, student.email, "wrong password").catch(() => undefined);
    const after = sample(await scrapeWeb(), "asyncio_course_rate_limit_refusals_total", { limit: "sign-in" });
    expect(after).toBeGreaterThanOrEqual(before + 1);
  });

  it("answers 503 naming Redis while it is down, and 200 again once it is back", { timeout: 60_000 }, async () => {
    await redis.shutdown();
    try {
      const webDown = await json(`${web.url}/api/health/ready`);
      expect(webDown.status).toBe(503);
      expect(webDown.body).toMatchObject({ status: "not ready", checks: { database: { ok: true } } });
      const webRedis = (webDown.body.checks as Record<string, { ok: boolean; reason?: string }>).redis;
      expect(webRedis.ok).toBe(false);
      expect(webRedis.reason).toBeTruthy();
      const workerDown = await json(`${workerUrl}/ready`);
      expect(workerDown.status).toBe(503);
      expect(workerDown.body).toMatchObject({ checks: { redis: { ok: false }, "docker engine": { ok: true } } });
      // Liveness does not depend on Redis: an orchestrator must not restart the process for it.
      expect((await json(`${web.url}/api/health/live`)).status).toBe(200);
      expect((await json(`${workerUrl}/live`)).status).toBe(200);
    } finally {
      await redis.start();
    }
    await waitFor(
      "the web app ready again",
      () => json(`${web.url}/api/health/ready`),
      (r) => r.status === 200,
      20_000,
    );
    await waitFor(
      "the worker ready again",
      () => json(`${workerUrl}/ready`),
      (r) => r.status === 200,
      20_000,
    );
  });

  it("a worker without a Docker engine is live but not ready, and says why", { timeout: 90_000 }, async () => {
    const port = await freePort();
    const lost = await startWorker({
      ...env,
      QUEUE_NAME: uniqueQueue("obs-nodocker"),
      DOCKER_HOST: "unix:///nonexistent/docker.sock",
      SANDBOX_POOL_SIZE: "0",
      WORKER_HTTP_PORT: String(port),
      WORKER_HTTP_HOST: "127.0.0.1",
    });
    try {
      expect((await json(`http://127.0.0.1:${port}/live`)).status).toBe(200);
      const ready = await json(`http://127.0.0.1:${port}/ready`);
      expect(ready.status).toBe(503);
      const checks = ready.body.checks as Record<string, { ok: boolean; reason?: string }>;
      expect(checks["docker engine"].ok).toBe(false);
      expect(checks["sandbox image"]).toMatchObject({ ok: false, reason: expect.stringMatching(/Docker engine/) });
      expect(checks.redis.ok).toBe(true);
    } finally {
      await lost.stop();
    }
  });
});
