import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/env/shared";
import { parseWebEnv } from "../../lib/env/web";
import { parseWorkerEnv } from "../../lib/env/worker";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SECRET = "s".repeat(40);

/** Either process's configuration, for the variables both read. */
const parseEnv = (source: Record<string, string | undefined>) => ({
  ...parseWorkerEnv(source),
  ...parseWebEnv(source),
});

describe("lib/env: the web app's and the worker's configuration", () => {
  it("gives local defaults for an empty environment", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/asyncio_course");
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379/0");
    expect(env.GRADER_CONCURRENCY).toBe(5);
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("gives each process only its own settings: the worker reads no web secret", () => {
    const source = { NEXTAUTH_SECRET: SECRET, GITHUB_ID: "id", GITHUB_SECRET: "gh-secret", GRADER_CONCURRENCY: "3" };
    const worker = parseWorkerEnv(source);
    for (const name of ["NEXTAUTH_SECRET", "NEXTAUTH_URL", "GITHUB_ID", "GITHUB_SECRET", "SIGNUPS_PER_ADDRESS"])
      expect(worker, name).not.toHaveProperty(name);
    expect(worker.GRADER_CONCURRENCY).toBe(3);
    const web = parseWebEnv(source);
    expect(web).toMatchObject({ NEXTAUTH_SECRET: SECRET, GITHUB_ID: "id", GITHUB_SECRET: "gh-secret" });
    for (const name of ["GRADER_CONCURRENCY", "DOCKER_HOST", "SANDBOX_IMAGE"])
      expect(web, name).not.toHaveProperty(name);
    // The worker starts in production without the web app's secret.
    expect(parseWorkerEnv({ NODE_ENV: "production" }).NODE_ENV).toBe("production");
  });

  it("coerces numbers and keeps given values", () => {
    const env = parseEnv({ GRADER_CONCURRENCY: "4", SANDBOX_MEMORY_MB: "512", SANDBOX_RUNTIME: "runsc" });
    expect(env.GRADER_CONCURRENCY).toBe(4);
    expect(env.SANDBOX_MEMORY_MB).toBe(512);
    expect(env.SANDBOX_RUNTIME).toBe("runsc");
  });

  it.each([
    ["GRADER_CONCURRENCY", "lots"],
    ["GRADER_CONCURRENCY", "0"],
    ["DATABASE_URL", "not a url"],
    ["NEXTAUTH_SECRET", "short"],
    ["QUEUE_NAME", "Bad Name"],
  ])("rejects %s=%s with one ConfigError line naming the variable", (name, value) => {
    let error: unknown;
    try {
      parseEnv({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).not.toContain("\n");
  });

  it("refuses production without NEXTAUTH_SECRET, never a default", () => {
    expect(() => parseWebEnv({ NODE_ENV: "production" })).toThrow(/NEXTAUTH_SECRET is required in production/);
    expect(parseWebEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: SECRET }).NEXTAUTH_SECRET).toBe(SECRET);
  });

  it("refuses a plain-http public NEXTAUTH_URL in production (session cookies would not be Secure)", () => {
    const production = { NODE_ENV: "production", NEXTAUTH_SECRET: SECRET };
    expect(() => parseWebEnv({ ...production, NEXTAUTH_URL: "http://course.example.edu" })).toThrow(
      /NEXTAUTH_URL must be https in production/,
    );
    for (const url of ["https://course.example.edu", "http://localhost:3000", "http://127.0.0.1:4123"])
      expect(parseWebEnv({ ...production, NEXTAUTH_URL: url }).NEXTAUTH_URL).toBe(url);
    expect(parseWebEnv({ NEXTAUTH_URL: "http://course.example.edu" }).NEXTAUTH_URL).toBe("http://course.example.edu");
  });

  it("ends a process on a bad value with exit 2 and one line on stderr, no stack trace", () => {
    const run = spawnSync(
      "node_modules/.bin/tsx",
      ["-e", 'import { workerEnv } from "./lib/env/worker"; workerEnv(); console.log("unreachable");'],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, GRADER_CONCURRENCY: "many" } },
    );
    expect(run.status).toBe(2);
    expect(run.stdout).not.toContain("unreachable");
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^Invalid configuration: GRADER_CONCURRENCY /),
    ]);
  });
});

describe(".env.example", () => {
  it("documents every variable lib/env/ reads", () => {
    const source = ["shared", "web", "worker"]
      .map((name) => readFileSync(join(ROOT, `lib/env/${name}.ts`), "utf8"))
      .join("\n");
    const example = readFileSync(join(ROOT, ".env.example"), "utf8");
    const read = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+): z\./gm)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(5);
    const documented = (name: string) => new RegExp(`^#? ?${name}=`, "m").test(example);
    expect(read.filter((name) => !documented(name))).toEqual([]);
    for (const extra of ["GITHUB_ID", "GITHUB_SECRET", "SANDBOX_BUILD"]) expect(documented(extra), extra).toBe(true);
  });
});
