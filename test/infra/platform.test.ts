import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * scripts/platform.sh's failure branches, for real: services configured at a loopback port where
 * nothing listens must stop set-up with what is missing and the command that fixes it.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NOTHING = "127.0.0.1:9"; // discard port: nothing listens here

function setup(env: Record<string, string>) {
  const run = spawnSync("bash", ["scripts/platform.sh", "setup"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

describe("platform.sh", () => {
  it("explains its usage", () => {
    const run = spawnSync("bash", ["scripts/platform.sh", "deploy"], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("usage: bash scripts/platform.sh setup|start|test");
  });

  it("stops on an unreachable DATABASE_URL, naming it and the fix", () => {
    const run = setup({ DATABASE_URL: `postgresql://postgres@${NOTHING}/asyncio_course` });
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/✓ Node dependencies \(\d+\.\ds\)/);
    expect(run.err).toContain("✗ PostgreSQL: DATABASE_URL points at 127.0.0.1:9, where no server answers");
    expect(run.err).toMatch(/fix: start PostgreSQL there, or unset DATABASE_URL/);
  });

  it("stops on an unreachable REDIS_URL", () => {
    const run = setup({ REDIS_URL: `redis://${NOTHING}/0` });
    expect(run.status).toBe(1);
    expect(run.out).toContain("✓ PostgreSQL");
    expect(run.err).toContain("✗ Redis: REDIS_URL points at 127.0.0.1:9, where no server answers");
    expect(run.err).toContain("fix: ");
  });

  it("stops on a DOCKER_HOST that does not answer", () => {
    const run = setup({ DOCKER_HOST: `tcp://${NOTHING}` });
    expect(run.status).toBe(1);
    expect(run.out).toContain("✓ Redis");
    expect(run.err).toContain(`✗ Docker engine: DOCKER_HOST=tcp://${NOTHING} does not answer docker info`);
    expect(run.err).toContain("fix: ");
  });
});

describe("platform.sh database step", () => {
  it("stops when the server answers but the database cannot be set up, without printing credentials", () => {
    const run = setup({ DATABASE_URL: "postgresql://no_such_role:secret-pw@127.0.0.1:5432/asyncio_course" });
    expect(run.status).toBe(1);
    expect(run.out).toContain('role "no_such_role" does not exist');
    expect(run.err).toContain("✗ Demo database: the database 127.0.0.1:5432/asyncio_course could not be set up");
    expect(run.out + run.err).not.toContain("secret-pw");
  });
});

/** The gVisor step on its own (sourced as platform.sh sources it), against an engine it may not change. */
function gvisorStep(arg: string) {
  const script =
    "ROOT=$PWD; source scripts/lib/steps.sh; source scripts/lib/services.sh; " +
    `step "gVisor runtime (runsc)" ensure_gvisor ${arg}`;
  const run = spawnSync("bash", ["-c", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DOCKER_HOST: `tcp://${NOTHING}` },
    timeout: 60_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

describe("platform.sh gVisor step", () => {
  it("says loudly that runsc cannot be had, and goes on, when the suite only wants it", () => {
    const run = gvisorStep("");
    expect(run.status).toBe(0);
    expect(run.err).toContain("⚠ gVisor (runsc) is NOT available: the engine has no runsc runtime");
    expect(run.err).toContain("test/grader/runsc.test.ts) will FAIL until it is. Fix: ");
    expect(run.err).toContain('"runtimeArgs":["--network=none","--oci-seccomp"]');
  });

  it("stops set-up when the worker is configured for runsc and it cannot be had", () => {
    const run = gvisorStep("required");
    expect(run.status).toBe(1);
    expect(run.err).toContain("✗ gVisor runtime (runsc): the engine has no runsc runtime");
    expect(run.err).toContain("fix: install runsc and add to the engine's daemon.json");
  });
});
