import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { env } from "../../lib/env";
import { docker, SANDBOX_LABEL } from "./docker";
import { sandboxReportSchema, type SandboxReport } from "./evidence";
import { sandboxImageTag } from "./image";

const harnessDir = fileURLToPath(new URL("../harness/", import.meta.url));
const SUPERVISOR = readFileSync(harnessDir + "supervisor.py", "utf8");
const RUNNER = readFileSync(harnessDir + "runner.py", "utf8");
/** PID 1 of the container: reads the supervisor's source as the first stdin line and runs it. */
const BOOT = [
  "import sys,json",
  "src=json.loads(sys.stdin.buffer.readline())",
  'exec(compile(src,"<supervisor>","exec"),{"__name__":"__supervisor__"})',
].join("\n");
const MAX_REPORT_BYTES = 16 * 1024 * 1024;

export interface ScenarioSpec {
  id: string;
  /** "call" awaits solution.<fn>(*args, **kwargs); other names are coroutines in driver.py. */
  entry?: string;
  fn?: string;
  script?: boolean;
  requires?: string[];
  /** Names among `requires` that must be `async def`. */
  coroutines?: string[];
  args?: Record<string, unknown>;
  timeout: number;
  http?: Record<string, { delay?: number; body: string; type?: string }>;
  files?: Record<string, string>;
}

export interface SandboxRun {
  report?: SandboxReport;
  /** Why there is no report: the container broke a limit or the harness failed. */
  failure?: "wall-time" | "memory" | "no-report" | "forged-report";
  stderr: string;
  exitCode: number | null;
  durationMs: number;
}

export class SandboxUnavailable extends Error {}

export async function runInSandbox(opts: {
  solution: string;
  driver?: string;
  scenarios: ScenarioSpec[];
  wallTimeMs: number;
}): Promise<SandboxRun> {
  const config = env();
  const nonce = randomBytes(16).toString("hex");
  const payload = {
    nonce,
    runner: RUNNER,
    driver: opts.driver ?? "",
    solution: opts.solution,
    scenarios: opts.scenarios,
    limits: { outputBytes: config.SANDBOX_OUTPUT_KB * 1024, stderrBytes: 16 * 1024, traceRecords: 5000 },
  };
  const memory = config.SANDBOX_MEMORY_MB * 1024 * 1024;
  const started = Date.now();
  let container;
  try {
    container = await docker().createContainer({
      Image: sandboxImageTag(),
      Cmd: ["python3", "-I", "-S", "-c", BOOT],
      User: "65534:65534",
      WorkingDir: "/tmp",
      Env: ["LANG=C.UTF-8"],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      OpenStdin: true,
      StdinOnce: true,
      Tty: false,
      NetworkDisabled: true,
      Labels: { [SANDBOX_LABEL]: "1", "asyncio-course.worker": `${hostname()}:${process.pid}` },
      HostConfig: {
        NetworkMode: "none",
        ReadonlyRootfs: true,
        Tmpfs: { "/tmp": "rw,nosuid,nodev,size=16m,mode=1777" },
        Memory: memory,
        MemorySwap: memory,
        PidsLimit: config.SANDBOX_PIDS,
        NanoCpus: 1_000_000_000,
        CapDrop: ["ALL"],
        SecurityOpt: ["no-new-privileges"],
        Ulimits: [
          { Name: "nofile", Soft: 256, Hard: 256 },
          { Name: "fsize", Soft: 8 * 1024 * 1024, Hard: 8 * 1024 * 1024 },
        ],
        IpcMode: "private",
        ...(config.SANDBOX_RUNTIME ? { Runtime: config.SANDBOX_RUNTIME } : {}),
      },
    });
  } catch (error) {
    throw new SandboxUnavailable(describeDockerError(error));
  }
  try {
    const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
    const stdout = collect(MAX_REPORT_BYTES);
    const stderr = collect(64 * 1024);
    docker().modem.demuxStream(stream, stdout.sink, stderr.sink);
    await container.start();
    stream.end(JSON.stringify(SUPERVISOR) + "\n" + JSON.stringify(payload) + "\n");

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), opts.wallTimeMs)));
    const outcome = await Promise.race([container.wait(), timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout") await container.kill().catch(() => undefined);
    const state = (await container.inspect()).State;
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the last demuxed bytes land
    const run: SandboxRun = {
      stderr: stderr.text(),
      exitCode: state.ExitCode ?? null,
      durationMs: Date.now() - started,
    };
    if (outcome === "timeout") return { ...run, failure: "wall-time" };
    if (state.OOMKilled) return { ...run, failure: "memory" };
    const parsed = parseReport(stdout.text(), nonce);
    return typeof parsed === "string" ? { ...run, failure: parsed } : { ...run, report: parsed };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

function parseReport(text: string, nonce: string): SandboxReport | "no-report" | "forged-report" {
  const lastLine = text.trim().split("\n").pop();
  if (!lastLine) return "no-report";
  let json: unknown;
  try {
    json = JSON.parse(lastLine);
  } catch {
    return "no-report";
  }
  const result = sandboxReportSchema.safeParse(json);
  if (!result.success) return "no-report";
  return result.data.nonce === nonce ? result.data : "forged-report";
}

function collect(cap: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => {
    if (size + chunk.length <= cap) chunks.push(chunk);
    size += chunk.length;
  });
  return { sink, text: () => Buffer.concat(chunks).toString("utf8") };
}

function describeDockerError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|ECONNREFUSED|connect/.test(message))
    return `The Docker engine is not reachable (${message}). Start it (npm run setup does) or set DOCKER_HOST.`;
  if (/No such image/i.test(message))
    return `The sandbox image ${sandboxImageTag()} is missing: build it with 'bash grader/sandbox/build-image.sh'.`;
  return `The sandbox could not be created: ${message}`;
}

/** Removes sandbox containers left behind by a worker that was killed mid-run. */
export async function reapOrphanSandboxes(): Promise<number> {
  const stale = await docker().listContainers({ all: true, filters: { label: [SANDBOX_LABEL] } });
  let removed = 0;
  for (const info of stale) {
    const [host, pid] = (info.Labels["asyncio-course.worker"] ?? ":").split(":");
    // On this host a dead owner means an orphan; elsewhere only age can tell.
    const orphan = host === hostname() ? !processAlive(Number(pid)) : Date.now() / 1000 - info.Created > 600;
    if (!orphan) continue;
    await docker().getContainer(info.Id).remove({ force: true }).catch(() => undefined);
    removed++;
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
