import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSubmission } from "../../lib/submissions/create";
import { gradingQueue } from "../../lib/queue/grading-queue";
import { docker, removalsSettled, SANDBOX_LABEL, TAG_LABEL } from "../../grader/sandbox/docker";
import { createUser } from "../helpers/session";
import { referenceSolution, SLUG, startWorker, uniqueQueue, useOwnDatabase, waitFor } from "../submissions/fixture";

/**
 * Whoever starts a sandbox removes it before it exits, whichever way it exits. Each case runs its
 * processes with a SANDBOX_TAG of its own and counts, on the shared engine, only the containers
 * carrying that tag: the ones its processes created (the engine's events) and the ones still there.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ENDLESS = fileURLToPath(new URL("./submissions/endless-loop.py", import.meta.url));
const REFERENCE = `${ROOT}exercises/${SLUG}/reference.py`;
const WRONG = `${ROOT}exercises/${SLUG}/wrong/no-await.py`;

const newTag = (what: string) => `leaks-${what}-${randomUUID().slice(0, 8)}`;

async function standing(tag: string): Promise<string[]> {
  const found = await docker().listContainers({ all: true, filters: { label: [`${TAG_LABEL}=${tag}`] } });
  return found.map((c) => `${c.Id.slice(0, 12)} ${c.State}`);
}

/**
 * The containers with `tag` left once the engine finished the removals already asked of it: a
 * running container removed with force can still read "removing" for a moment on a loaded engine
 * after the command's request returned. Any other state is a container the command left behind.
 */
async function leftAfterRemovals(tag: string): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  let left = await standing(tag);
  while (left.length && left.every((c) => c.endsWith(" removing")) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    left = await standing(tag);
  }
  return left;
}

/** How many containers with `tag` the engine created since `sinceMs`, by its own event log. */
async function created(tag: string, sinceMs: number): Promise<number> {
  const stream = (await docker().getEvents({
    since: Math.floor(sinceMs / 1000) - 1,
    until: Math.ceil(Date.now() / 1000) + 1,
    filters: JSON.stringify({ type: ["container"], event: ["create"], label: [`${TAG_LABEL}=${tag}`] }),
  })) as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8").split("\n").filter(Boolean).length;
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** How long the command took to end after `interrupt` signalled it. */
  endedAfterMs: number;
  /** Whether any process of its group (npm, tsx, node) outlived it. */
  groupAlive: boolean;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs an npm script as a terminal would (its own process group); `interrupt`, when given, is called
 * with its pid a second after its first container appeared (its grading under way).
 */
function npm(args: string[], tag: string, interrupt?: (pid: number) => void): Promise<Finished> {
  const child = spawn("npm", ["run", "--silent", ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SANDBOX_TAG: tag },
  });
  let stdout = "";
  let stderr = "";
  let signalledAt = 0;
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  if (interrupt) {
    const poll = setInterval(async () => {
      if ((await standing(tag)).length === 0) return;
      clearInterval(poll);
      setTimeout(() => {
        signalledAt = Date.now();
        interrupt(child.pid!);
      }, 1000);
    }, 100);
    child.once("exit", () => clearInterval(poll));
  }
  const killer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 120_000);
  return new Promise((resolve) =>
    child.once("close", (code, signal) => {
      clearTimeout(killer);
      resolve({
        code,
        signal,
        stdout,
        stderr,
        endedAfterMs: Date.now() - signalledAt,
        groupAlive: groupAlive(child.pid!),
      });
    }),
  );
}

describe("no sandbox container outlives the process that started it", () => {
  it("npm run grade removes its containers before it exits: passed and failed gradings", async () => {
    const tag = newTag("cli");
    const since = Date.now();
    const passed = await npm(["grade", "--", "--exercise", SLUG, "--file", REFERENCE, "--json"], tag);
    expect(passed.code, passed.stderr).toBe(0);
    expect(JSON.parse(passed.stdout).verdict).toBe("passed");
    expect(await standing(tag)).toEqual([]);
    const failed = await npm(["grade", "--", "--exercise", SLUG, "--file", WRONG, "--json"], tag);
    expect(failed.code, failed.stderr).toBe(1);
    expect(await standing(tag)).toEqual([]);
    // It did start containers (at least one per grading): none is left of them.
    expect(await created(tag, since)).toBeGreaterThanOrEqual(2);
  });

  it("npm run grade piped into a reader that stops early (| head -1) still removes its containers", async () => {
    const tag = newTag("pipe");
    const since = Date.now();
    const piped = spawn(
      "bash",
      ["-c", `npm run --silent grade -- --exercise ${SLUG} --file '${REFERENCE}' | head -1`],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, SANDBOX_TAG: tag },
      },
    );
    let stdout = "";
    piped.stdout.on("data", (d) => (stdout += d));
    await new Promise((resolve) => piped.once("close", resolve));
    expect(stdout).toMatch(/PASSED/);
    expect(await standing(tag)).toEqual([]);
    expect(await created(tag, since)).toBeGreaterThanOrEqual(1);
  });

  it("npm run exercises:check on one exercise leaves none of its containers", async () => {
    const tag = newTag("check");
    const since = Date.now();
    const check = await npm(["exercises:check", "--", "--only", SLUG], tag);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/0 mismatched/);
    expect(await standing(tag)).toEqual([]);
    expect(await created(tag, since)).toBeGreaterThanOrEqual(3);
  });

  it("Ctrl-C (SIGINT to the command's process group) mid-grading removes the running container", async () => {
    const tag = newTag("sigint");
    const since = Date.now();
    const run = await npm(["grade", "--", "--exercise", SLUG, "--file", ENDLESS, "--json"], tag, (pid) =>
      process.kill(-pid, "SIGINT"),
    );
    // The endless loop would run to the sandbox's time limit (seconds more): the interrupt ends it.
    expect(run.endedAfterMs).toBeLessThan(3000);
    expect(run.groupAlive).toBe(false);
    expect(run.code ?? run.signal, run.stderr).not.toBe(0);
    expect(run.stderr).toMatch(/SIGINT: removing the sandbox containers/);
    expect(await leftAfterRemovals(tag)).toEqual([]);
    expect(await created(tag, since)).toBeGreaterThanOrEqual(1);
  });

  it("SIGTERM to npm run grade mid-grading removes the running container", async () => {
    const tag = newTag("sigterm");
    const since = Date.now();
    const run = await npm(["grade", "--", "--exercise", SLUG, "--file", ENDLESS, "--json"], tag, (pid) =>
      process.kill(pid, "SIGTERM"),
    );
    // npm passes it on (the script execs tsx, which relays it to node): nothing runs on orphaned.
    expect(run.endedAfterMs).toBeLessThan(3000);
    expect(run.groupAlive).toBe(false);
    expect(run.code ?? run.signal, run.stderr).not.toBe(0);
    expect(run.stderr).toMatch(/SIGTERM: removing the sandbox containers/);
    expect(await leftAfterRemovals(tag)).toEqual([]);
    expect(await created(tag, since)).toBeGreaterThanOrEqual(1);
  });
});

describe("the worker: cancelled gradings and stops leave no container", () => {
  const queueName = uniqueQueue("leaks");
  let env: Record<string, string>;

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("leaks", { QUEUE_NAME: queueName });
    env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queueName, GRADER_CONCURRENCY: "1", SANDBOX_POOL_SIZE: "2" };
  }, 60_000);

  afterAll(async () => {
    await gradingQueue().obliterate({ force: true });
    await gradingQueue().close();
  });

  it("an in-process grading called off removes its container, off the caller's path", async () => {
    const { grade } = await import("../../grader/grade");
    const { RunCancelled } = await import("../../grader/sandbox/run");
    const abort = new AbortController();
    const grading = grade(SLUG, "import time\nwhile True:\n    time.sleep(0.01)\n", { signal: abort.signal });
    // Called off once its container stands (this process's own label: the test process's pid).
    const mine = `asyncio-course.worker=${(await import("node:os")).hostname()}:${process.pid}`;
    await waitFor(
      "the grading's container",
      () => docker().listContainers({ all: true, filters: { label: [SANDBOX_LABEL, mine] } }),
      (c) => c.length > 0,
      20_000,
    );
    abort.abort();
    await expect(grading).rejects.toBeInstanceOf(RunCancelled);
    await removalsSettled();
    expect(await docker().listContainers({ all: true, filters: { label: [SANDBOX_LABEL, mine] } })).toEqual([]);
  });

  it(
    "a worker stopped right after a verdict removes the used container and its warm pool",
    { timeout: 120_000 },
    async () => {
      const tag = newTag("worker");
      const since = Date.now();
      const worker = await startWorker({ ...env, SANDBOX_TAG: tag });
      try {
        const id = (await createSubmission(await createUser(), { exercise: SLUG, code: referenceSolution() })).id;
        await waitFor(
          "the verdict",
          () => db().submission.findUniqueOrThrow({ where: { id } }),
          (s) => s.status === "GRADED",
          60_000,
        );
        // The used container waits REMOVAL_DELAY_MS for its removal; two warm ones wait for jobs.
        expect((await standing(tag)).length).toBeGreaterThanOrEqual(2);
        worker.signal("SIGTERM");
        expect(await worker.exited).toBe(0);
      } finally {
        await worker.stop();
      }
      expect(await standing(tag)).toEqual([]);
      expect(await created(tag, since)).toBeGreaterThanOrEqual(3);
    },
  );

  it(
    "a worker stopped mid-grading finishes the job in hand and leaves no container",
    { timeout: 120_000 },
    async () => {
      const tag = newTag("worker-busy");
      const worker = await startWorker({ ...env, SANDBOX_TAG: tag });
      try {
        const id = (await createSubmission(await createUser(), { exercise: SLUG, code: referenceSolution() })).id;
        await waitFor(
          "the grading to start",
          () => db().submission.findUniqueOrThrow({ where: { id } }),
          (s) => s.status === "RUNNING",
          30_000,
        );
        worker.signal("SIGTERM");
        expect(await worker.exited).toBe(0);
        expect((await db().submission.findUniqueOrThrow({ where: { id } })).status).toBe("GRADED");
      } finally {
        await worker.stop();
      }
      expect(await standing(tag)).toEqual([]);
    },
  );
});
