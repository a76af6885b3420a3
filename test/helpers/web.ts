import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./ports";

/**
 * Runs the production build (`next start`) on a free loopback port for integration tests.
 * The build is reused when it is newer than the web sources, rebuilt (once, under a lock shared by
 * parallel test files) when it is missing or stale, so a test never runs yesterday's routes.
 */
export interface WebServer {
  url: string;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NEXT_BIN = join(ROOT, "node_modules/.bin/next");
const BUILD_ID = join(ROOT, ".next/BUILD_ID");
/** What the web build is made of: a change here makes the build stale. */
const WEB_SOURCES = [
  "app",
  "lib",
  "components",
  "grader",
  "public",
  "next.config.ts",
  "proxy.ts",
  "middleware.ts",
  "package-lock.json",
  "tsconfig.json",
  "prisma/schema.prisma",
];
export const TEST_SECRET = "integration-test-secret-0123456789abcdef";
/**
 * Every test signs up and signs in from 127.0.0.1 against the shared Redis, across runs: per-address
 * limits would trip on the suite itself. test/security/rate-limits.test.ts tests them as shipped.
 */
const LOOSE_ADDRESS_LIMITS = { SIGNUPS_PER_ADDRESS: "100000", SIGNIN_FAILURES_PER_ADDRESS: "100000" };

/** `log`: a file that receives all of the server's output (the returned tail keeps only 8000 characters). */
export async function startWeb(opts: { env?: Record<string, string>; log?: string } = {}): Promise<WebServer> {
  await ensureBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: TEST_SECRET,
      ...LOOSE_ADDRESS_LIMITS,
      ...opts.env,
    },
  });
  let output = "";
  child.stdout!.on("data", (d) => (output = (output + d).slice(-8000)));
  child.stderr!.on("data", (d) => (output = (output + d).slice(-8000)));
  if (opts.log) {
    const file = createWriteStream(opts.log);
    child.stdout!.pipe(file, { end: false });
    child.stderr!.pipe(file, { end: false });
  }
  const stop = () => stopGroup(child);
  try {
    await waitUntilAnswering(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      await fetch(`${url}/api/auth/csrf`, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`next start did not answer at ${url} within 30 s:\n${output()}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      /* already gone */
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildIsFresh(): boolean {
  if (!existsSync(BUILD_ID)) return false;
  const built = statSync(BUILD_ID).mtimeMs;
  return WEB_SOURCES.every((p) => newestMtime(join(ROOT, p)) <= built);
}

async function ensureBuild(): Promise<void> {
  if (buildIsFresh()) return;
  const lock = join(tmpdir(), `next-build-${ROOT.replace(/\W/g, "_")}.lock`);
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than the longest build is a crashed builder's.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Waited 4 minutes for another next build (lock ${lock}).`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    for (;;) {
      if (buildIsFresh()) return;
      const result = spawnSync(NEXT_BIN, ["build"], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 600_000,
        // Prerendering evaluates lib/env/web.ts, which refuses production without a secret.
        env: { ...process.env, NODE_ENV: "production", NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? TEST_SECRET },
      });
      const log = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim();
      if (result.status === 0 && existsSync(BUILD_ID)) return;
      // Someone outside this helper (npm test, a developer) is building: wait for theirs.
      if (/Another next build process is already running/.test(log) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 3000));
        continue;
      }
      throw new Error(
        `The web app's production build failed (next build exited ${result.status ?? result.signal}), so no ` +
          `web test can run.\n` +
          `Fix the build (app/ pages, next.config.ts) and re-run. Last lines of the ` +
          `build:\n${log.split("\n").slice(-40).join("\n")}`,
      );
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
