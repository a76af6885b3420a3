import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * docker-compose.yml validated by Compose itself: `docker compose config --format json` where the
 * plugin exists, else Debian's docker-compose 1.29 (`npm test` installs it), whose YAML output
 * is read with the PyYAML it depends on. Neither available: the test fails and says so.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REQUIRED = { NEXTAUTH_SECRET: "c".repeat(48), POSTGRES_PASSWORD: "compose-test-pw" };

function sh(cmd: string, env: Record<string, string | undefined>) {
  const clean = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete clean[k];
  return spawnSync("bash", ["-c", cmd], { cwd: ROOT, encoding: "utf8", env: clean });
}

function composeTool(): "plugin" | "v1" {
  if (sh("docker compose version", {}).status === 0) return "plugin";
  if (sh("docker-compose version", {}).status === 0) return "v1";
  throw new Error(
    "Neither `docker compose` nor `docker-compose` is installed, so docker-compose.yml cannot be validated: " +
      "apt-get install -y docker-compose",
  );
}

function config(env: Record<string, string | undefined>) {
  const cmd =
    composeTool() === "plugin"
      ? "docker compose config --format json"
      : "docker-compose config | python3 -c 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'";
  return sh(`set -o pipefail; ${cmd}`, env);
}

type Service = {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | string;
  environment?: Record<string, string>;
  volumes?: (string | { source?: string; target: string })[];
  depends_on?: Record<string, { condition: string }>;
  network_mode?: string;
  ports?: unknown[];
  healthcheck?: { test: string[] | string };
};

describe("docker-compose.yml", () => {
  const run = config({ ...REQUIRED, DOCKER_HOST: undefined, SANDBOX_RUNTIME: "runsc", GRADER_CONCURRENCY: "3" });
  const parsed = () => {
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  };
  const targets = (s: Service) =>
    (s.volumes ?? []).map((v) => (typeof v === "string" ? v.replace(/:(rw|ro)$/, "") : `${v.source}:${v.target}`));

  it("is valid Compose with the production services", () => {
    expect(Object.keys(parsed().services).sort()).toEqual([
      "migrate",
      "postgres",
      "redis",
      "sandbox-image",
      "web",
      "worker",
    ]);
  });

  it("keeps PostgreSQL data in a volume and Redis data persistent (append-only)", () => {
    const { services, volumes } = parsed();
    expect(targets(services.postgres).some((v) => v.includes("/var/lib/postgresql/data"))).toBe(true);
    expect(String(services.redis.command)).toMatch(/--appendonly,yes|--appendonly yes/);
    expect(targets(services.redis).some((v) => v.includes(":/data"))).toBe(true);
    expect(Object.keys(volumes)).toEqual(expect.arrayContaining(["postgres-data", "redis-data"]));
  });

  it("gives the worker the host's Docker engine and the grading settings", () => {
    const { worker } = parsed().services;
    expect(targets(worker).some((v) => v.endsWith(":/var/run/docker.sock"))).toBe(true);
    expect(worker.environment).toMatchObject({
      GRADER_CONCURRENCY: "3",
      SANDBOX_RUNTIME: "runsc",
      NODE_ENV: "production",
    });
    // The worker holds the Docker socket: it gets none of the web app's secrets.
    for (const name of ["NEXTAUTH_SECRET", "NEXTAUTH_URL", "GITHUB_ID", "GITHUB_SECRET"])
      expect(worker.environment, name).not.toHaveProperty(name);
    expect(parsed().services.web.environment!.NEXTAUTH_SECRET).toBe(REQUIRED.NEXTAUTH_SECRET);
    expect(worker.depends_on).toMatchObject({
      migrate: { condition: "service_completed_successfully" },
      "sandbox-image": { condition: "service_completed_successfully" },
    });
  });

  it("builds the sandbox image from grader/sandbox/Dockerfile, without network, as a one-shot job", () => {
    const { services } = parsed();
    const sandbox = services["sandbox-image"];
    expect(sandbox.build?.context).toMatch(/grader\/sandbox$/);
    expect(sandbox.network_mode).toBe("none");
    expect(services.worker.environment!.SANDBOX_IMAGE).toBe(sandbox.image);
  });

  it("builds web and worker from the production Dockerfiles under docker/", () => {
    const { services } = parsed();
    expect(services.web.build?.dockerfile).toBe("docker/web.Dockerfile");
    expect(services.worker.build?.dockerfile).toBe("docker/worker.Dockerfile");
    expect(services.web.depends_on).toMatchObject({ migrate: { condition: "service_completed_successfully" } });
  });

  it("checks the web app's and each worker's readiness endpoints (docs/operations.md)", () => {
    const { web, worker } = parsed().services;
    expect(String(web.healthcheck?.test)).toContain("http://127.0.0.1:3000/api/health/ready");
    expect(worker.environment!.WORKER_HTTP_PORT).toBe("9464");
    expect(String(worker.healthcheck?.test)).toContain("http://127.0.0.1:9464/ready");
    // The probes ask over loopback inside the container: the worker's port is not published on the host.
    expect(worker.ports ?? []).toEqual([]);
  });

  it("refuses to start without a secret: no default in production", () => {
    const missing = config({ ...REQUIRED, NEXTAUTH_SECRET: undefined });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("NEXTAUTH_SECRET");
  });
});
