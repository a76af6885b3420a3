import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { syncExercises } from "../../prisma/seed";
import { db } from "../../lib/db";
import { sharedEnv } from "../../lib/env/shared";

/**
 * Shared set-up for the submission-flow integration tests: a database of the test file's own
 * (migrated, exercises synced), a queue name of its own on Redis, and real worker processes.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SLUG = "first-coroutine";

/**
 * Creates (afresh) and migrates this file's database and points this process at it, with
 * `extraEnv` (e.g. QUEUE_NAME) applied before the configuration is first read. `baseUrl` names
 * the server (and the database name's prefix); by default the test database's.
 */
export async function useOwnDatabase(
  name: string,
  extraEnv: Record<string, string> = {},
  baseUrl?: string,
): Promise<string> {
  const base = new URL(
    baseUrl ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/asyncio_course_test",
  );
  // Named for the checkout too: two clones testing at once on one server (a session and its CI
  // run, helpers' worktrees) would otherwise drop each other's databases mid-test.
  const checkout = createHash("sha256").update(ROOT).digest("hex").slice(0, 6);
  const dbName = `${base.pathname.slice(1)}_sub_${name}_${checkout}`;
  if (dbName.length > 63) throw new Error(`database name ${dbName} is longer than PostgreSQL's 63 bytes`);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(base), { pathname: "/postgres" }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const url = Object.assign(new URL(base), { pathname: `/${dbName}` }).toString();
  // The project's own migration command, as `npm run db:migrate` runs it.
  const migrate = spawnSync(`${ROOT}node_modules/.bin/tsx`, ["prisma/migrate.ts"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url },
  });
  if (migrate.status !== 0) throw new Error(`db:migrate failed for ${dbName}:\n${migrate.stdout}\n${migrate.stderr}`);
  Object.assign(process.env, extraEnv, { DATABASE_URL: url });
  if (sharedEnv().DATABASE_URL !== url)
    throw new Error(`sharedEnv() was read before the test database was chosen (${sharedEnv().DATABASE_URL})`);
  await syncExercises(db());
  return url;
}

export const uniqueQueue = (name: string) => `test-${name}-${randomUUID().slice(0, 8)}`;

export function referenceSolution(): string {
  return readFileSync(`${ROOT}exercises/${SLUG}/reference.py`, "utf8");
}

export interface WorkerProcess {
  pid: number;
  /** The worker's node process under npm (the pid its sandbox containers are labelled with). */
  innerPid(): number | null;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  signal(signal: NodeJS.Signals, wholeGroup?: boolean): void;
  stop(): Promise<void>;
}

/** Starts `npm run worker` and waits until the worker reports ready. */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child: ChildProcess = spawn("npm", ["run", "--silent", "worker"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, GRADER_SWEEP_MS: "2000", ...env },
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, sig) => resolve(code ?? sig ?? "?")),
  );
  const signal = (sig: NodeJS.Signals, wholeGroup = false) => {
    try {
      process.kill(wholeGroup ? -child.pid! : child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  const worker: WorkerProcess = {
    pid: child.pid!,
    innerPid: () => {
      try {
        const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim().split(/\s+/);
        return children[0] ? Number(children[0]) : null;
      } catch {
        return null;
      }
    },
    output: () => output,
    exited,
    signal,
    async stop() {
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL", true), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 30_000;
  // A JSON log line's message (lib/observability/logger.ts), or a plain one's.
  while (!/"msg":"ready: |\] ready: /.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      signal("SIGKILL", true);
      throw new Error(`The worker did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return worker;
}

/** Polls the database (test-side only) until `check` holds, or fails after `timeoutMs` saying what was awaited. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!check(last)) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await probe();
  }
  return last;
}

export interface SseEvent {
  event: string;
  data: string;
  at: number;
}

/**
 * Reads a server-sent event stream until the server closes it (or `timeoutMs` passes, which
 * throws). Comments (heartbeats) are kept as events named ":".
 */
export async function readEventStream(
  url: string,
  cookie: string,
  timeoutMs: number,
): Promise<{ status: number; contentType: string; events: SseEvent[] }> {
  const res = await fetch(url, {
    headers: { cookie, accept: "text/event-stream" },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const events: SseEvent[] = [];
  if (!res.ok || !res.body) return { status: res.status, contentType: res.headers.get("content-type") ?? "", events };
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith(":")) events.push({ event: ":", data: block.slice(1).trim(), at: Date.now() });
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data !== undefined) events.push({ event, data, at: Date.now() });
    }
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", events };
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** `redis-cli shutdown nosave`: the data is gone, as after a crash of a Redis without persistence. */
  shutdown(): Promise<void>;
  start(): Promise<void>;
}

/** A redis-server of the test's own on a free loopback port, so outages don't touch the shared one. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  let server: ChildProcess | undefined;
  const ping = () =>
    spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.trim() === "PONG";
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    async start() {
      server = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", "/tmp"],
        { stdio: "ignore" },
      );
      const deadline = Date.now() + 5000;
      while (!ping()) {
        if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async shutdown() {
      const exited = new Promise((r) => server?.once("exit", r));
      spawnSync("redis-cli", ["-p", String(port), "shutdown", "nosave"]);
      await exited;
    },
  };
  await redis.start();
  return redis;
}
