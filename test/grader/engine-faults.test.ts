import { readFileSync } from "node:fs";
import Docker from "dockerode";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { gradingQueue } from "../../lib/queue/grading-queue";
import { createSubmission } from "../../lib/submissions/create";
import { SANDBOX_LABEL } from "../../grader/sandbox/docker";
import { sandboxImageTag } from "../../grader/sandbox/image";
import { startPrivateDocker, type PrivateDocker } from "../helpers/private-docker";
import { createUser } from "../helpers/session";
import { SLUG, startWorker, uniqueQueue, useOwnDatabase, waitFor, type WorkerProcess } from "../submissions/fixture";

/**
 * The Docker engine failing under a working grader, on an engine of the test's own (the shared one
 * is never stopped): restarted mid-run, and without the sandbox image. A correct solution must
 * never fail because the engine killed its container, a wrong one must still fail, every
 * submission gets exactly one result, and the worker carries on without a restart.
 */
const solution = (path: string) => readFileSync(new URL(`../../exercises/${SLUG}/${path}`, import.meta.url), "utf8");
const CORRECT = solution("reference.py");
const WRONG = solution("wrong/hardcoded-name.py");

describe("Docker engine faults under a running worker", () => {
  const queueName = uniqueQueue("engine");
  let engine: PrivateDocker;
  let client: Docker;
  let env: Record<string, string>;
  const workers: WorkerProcess[] = [];
  const start = async (extra: Record<string, string> = {}) => {
    const worker = await startWorker({
      ...env,
      GRADER_CONCURRENCY: "2",
      SANDBOX_POOL_SIZE: "2",
      GRADER_LOCK_MS: "10000",
      ...extra,
    });
    workers.push(worker);
    return worker;
  };
  // One student each: a student's submissions are graded one at a time, which would hide concurrency.
  const submit = async (code: string) => (await createSubmission(await createUser(), { exercise: SLUG, code })).id;
  const rowsOf = (ids: string[]) =>
    db().submission.findMany({ where: { id: { in: ids } }, include: { _count: { select: { results: true } } } });
  const sandboxes = (state?: "running" | "exited") =>
    client.listContainers({ all: true, filters: { label: [SANDBOX_LABEL], ...(state ? { status: [state] } : {}) } });
  const leftovers = async () => (await sandboxes()).map((c) => `${c.Id.slice(0, 12)} ${c.State} (${c.Status})`);
  const count = (text: string, needle: string) => text.split(needle).length - 1;
  /** The worker's retried attempts, by what the engine did. */
  const retriesIn = (worker: WorkerProcess) => {
    const retried = worker
      .output()
      .split("\n")
      .filter((line) => line.includes("infrastructure fault on "));
    const because = (cause: string) => retried.filter((line) => line.includes(cause)).length;
    return (
      `${retried.length} retried attempt(s) (engine unreachable ` +
      `${because("The Docker engine is not reachable")}, container killed from outside ` +
      `${because("killed from outside")})`
    );
  };

  const finished = (what: string, ids: string[], timeoutMs: number) =>
    waitFor(
      what,
      () => rowsOf(ids),
      (r) => r.every((s) => s.status === "GRADED" || s.status === "ERROR"),
      timeoutMs,
    );
  const fullPool = () =>
    waitFor(
      "a full warm pool",
      async () => (await sandboxes("running")).length,
      (n) => n === 2,
      30_000,
    );
  /** Containers the engine killed are removed once it is back; the worker leaves none when it stops. */
  async function stopLeavingNothing(worker: WorkerProcess) {
    await waitFor(
      "no exited sandbox container on the engine",
      async () => (await sandboxes("exited")).length,
      (n) => n === 0,
      30_000,
    );
    await worker.stop();
    expect(await leftovers()).toEqual([]);
  }

  /** Every submission graded once, with the verdict its code deserves. */
  async function expectGradedOnce(expected: Map<string, "PASSED" | "FAILED">, worker: WorkerProcess) {
    // The worker logs a grading after storing and announcing it, so the row can be read first.
    await waitFor(
      "the worker's log line for each stored grading",
      async () => [...expected.keys()].filter((id) => !worker.output().includes(`graded ${id} `)),
      (missing) => missing.length === 0,
      10_000,
    );
    const rows = await rowsOf([...expected.keys()]);
    expect(rows).toHaveLength(expected.size);
    for (const row of rows) {
      const want = expected.get(row.id);
      expect({
        id: row.id,
        status: row.status,
        verdict: row.verdict,
        results: row._count.results,
        error: row.errorMessage,
      }).toEqual({
        id: row.id,
        status: "GRADED",
        verdict: want,
        results: 1,
        error: null,
      });
      expect(count(worker.output(), `graded ${row.id} `)).toBe(1);
    }
    return rows;
  }

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("engine", { QUEUE_NAME: queueName });
    engine = await startPrivateDocker([sandboxImageTag()]);
    client = new Docker({ socketPath: engine.socketPath });
    env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queueName, DOCKER_HOST: engine.host };
  }, 300_000);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  afterAll(async () => {
    await gradingQueue()
      .obliterate({ force: true })
      .catch(() => undefined);
    await gradingQueue().close();
    await engine?.destroy();
  });

  it(
    "engine restarted mid-grading: right verdicts, one result each, none lost, worker carries on, no containers left",
    { timeout: 300_000 },
    async () => {
      const worker = await start();
      const expected = new Map<string, "PASSED" | "FAILED">();
      for (let i = 0; i < 4; i++) {
        expected.set(await submit(CORRECT), "PASSED");
        expected.set(await submit(WRONG), "FAILED");
      }
      const ids = [...expected.keys()];
      // Mid-run: gradings in hand and the warm pool full, i.e. more running sandboxes than the pool holds.
      await waitFor(
        "two gradings running beside a full warm pool",
        async () =>
          (await rowsOf(ids)).filter((r) => r.status === "RUNNING").length >= 1
            ? (await sandboxes("running")).length
            : 0,
        (n) => n >= 3,
        60_000,
      );
      const stoppedAt = Date.now();
      await engine.stop();
      const stopMs = Date.now() - stoppedAt;
      // Down long enough for the worker to meet the missing engine, not only the dying one.
      await new Promise((r) => setTimeout(r, 5000));
      await engine.start();
      const backAt = Date.now();
      const downMs = backAt - stoppedAt;

      const rows = await finished("every submission to be finished", ids, 180_000);
      const allGradedMs = Date.now() - backAt;
      const verdicts = rows.map((r) => `${expected.get(r.id) === "PASSED" ? "correct" : "wrong"}→${r.verdict}`);
      console.log(
        `engine restart mid-run: dockerd took ${stopMs} ms to stop, down ${downMs} ms in all; all ` +
          `${ids.length} finished ${allGradedMs} ms after it was back; ${retriesIn(worker)}; verdicts: ` +
          `${verdicts.join(", ")}`,
      );
      await expectGradedOnce(expected, worker);

      // The same worker, not restarted, grades new submissions both ways.
      const after = new Map<string, "PASSED" | "FAILED">([
        [await submit(CORRECT), "PASSED"],
        [await submit(WRONG), "FAILED"],
      ]);
      await finished("the submissions made after the restart", [...after.keys()], 60_000);
      await expectGradedOnce(after, worker);

      await stopLeavingNothing(worker);
    },
  );

  it(
    "engine restarted while idle: warm containers that died with it are not graded in",
    { timeout: 240_000 },
    async () => {
      const worker = await start();
      await fullPool();
      const stoppedAt = Date.now();
      await engine.stop();
      await engine.start();
      const backAt = Date.now();

      const expected = new Map<string, "PASSED" | "FAILED">([
        [await submit(CORRECT), "PASSED"],
        [await submit(WRONG), "FAILED"],
        [await submit(CORRECT), "PASSED"],
      ]);
      await finished("the submissions made after the restart", [...expected.keys()], 120_000);
      const rows = await expectGradedOnce(expected, worker);
      console.log(
        `engine restart while idle: down ${backAt - stoppedAt} ms; 3 submissions graded ` +
          `${Date.now() - backAt} ms after it was back, ${retriesIn(worker)}; verdicts: ` +
          `${rows.map((r) => r.verdict).join(", ")}`,
      );
      // Dead warm containers are dropped, not handed out and found dead: no attempt needed retrying.
      expect(count(worker.output(), "infrastructure fault on ")).toBe(0);

      await stopLeavingNothing(worker);
    },
  );

  it(
    "engine away for long (the refill backoff at its longest): the pool is full again within seconds of its return",
    { timeout: 240_000 },
    async () => {
      const worker = await start();
      await fullPool();
      await engine.stop();
      // Long enough for the doubling backoff of failed starts (1, 2, 4, 8, 16 s) to reach 30 s.
      await new Promise((r) => setTimeout(r, 40_000));
      await engine.start();
      const backAt = Date.now();
      await fullPool();
      const refillMs = Date.now() - backAt;
      console.log(`engine away 40 s: warm pool full again ${refillMs} ms after it was back`);
      // Before, the next start came at the end of a backoff of up to 30 s, whenever the engine returned.
      expect(refillMs).toBeLessThan(10_000);
      const expected = new Map<string, "PASSED" | "FAILED">([[await submit(CORRECT), "PASSED"]]);
      await finished("a submission after the outage", [...expected.keys()], 60_000);
      await expectGradedOnce(expected, worker);
      expect(count(worker.output(), "infrastructure fault on ")).toBe(0);
      await stopLeavingNothing(worker);
    },
  );

  it(
    "sandbox containers killed from outside mid-grading (docker kill): graded again, not failed",
    { timeout: 180_000 },
    async () => {
      const worker = await start();
      await fullPool();
      const expected = new Map<string, "PASSED" | "FAILED">([
        [await submit(CORRECT), "PASSED"],
        [await submit(WRONG), "FAILED"],
      ]);
      const ids = [...expected.keys()];
      await waitFor(
        "both gradings running",
        async () => (await rowsOf(ids)).filter((r) => r.status === "RUNNING").length,
        (n) => n === 2,
        30_000,
      );
      // Every running sandbox: the two in use and the warm ones, as an operator's `docker kill` would.
      const killed = (await sandboxes("running")).map((c) => c.Id);
      engine.cli("kill", ...killed);
      const killedAt = Date.now();
      await finished("both submissions to be finished", ids, 90_000);
      const rows = await expectGradedOnce(expected, worker);
      console.log(
        `docker kill of ${killed.length} running sandboxes: both graded ${Date.now() - killedAt} ms later, ` +
          `${retriesIn(worker)}; verdicts: ${rows.map((r) => r.verdict).join(", ")}`,
      );
      expect(worker.output()).toMatch(
        /infrastructure fault on \S+, will retry: The sandbox container was killed from outside/,
      );
      await stopLeavingNothing(worker);
    },
  );

  it(
    "sandbox image missing: no verdict, retried with backoff and a clear message, graded once the image appears",
    { timeout: 180_000 },
    async () => {
      const missing = `asyncio-sandbox:missing-${Date.now().toString(36)}`;
      const worker = await start({ SANDBOX_IMAGE: missing });
      expect(worker.output()).toContain(`The sandbox image ${missing} is missing: build it with`);
      const id = await submit(CORRECT);
      const faults = () =>
        count(
          worker.output(),
          `infrastructure fault on ${id}, will retry: The sandbox image ${missing} is missing: build it with`,
        );
      const firstAt = Date.now();
      await waitFor(
        "two attempts refused for the missing image",
        async () => faults(),
        (n) => n >= 2,
        60_000,
      );
      const [row] = await rowsOf([id]);
      expect({ status: row.status, results: row._count.results }).toEqual({ status: "QUEUED", results: 0 });
      expect(await gradingQueue().getJobState(id)).toMatch(/delayed|waiting/);

      engine.cli("tag", sandboxImageTag(), missing);
      const taggedAt = Date.now();
      await finished("the submission to be graded once the image is there", [id], 90_000);
      console.log(
        `missing image: ${faults()} attempt(s) retried over ${taggedAt - firstAt} ms; graded ` +
          `${Date.now() - taggedAt} ms after docker tag`,
      );
      await expectGradedOnce(new Map([[id, "PASSED"]]), worker);
      await worker.stop();
      engine.cli("rmi", missing);
      expect(await leftovers()).toEqual([]);
    },
  );
});
