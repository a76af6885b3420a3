import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import type Docker from "dockerode";
import { workerEnv } from "../../lib/env/worker";
import { logger } from "../../lib/observability/logger";
import { metrics } from "../../lib/observability/metrics";
import { describeDockerError, SANDBOX_CPUS, SandboxUnavailable, startSandbox, type StartedSandbox } from "./container";
import { docker, OWNER_LABEL, removeSandbox, removeSandboxLater, SANDBOX_LABEL } from "./docker";
import { isGvisor } from "./seccomp";
import { liveLineSchema, sandboxReportSchema, type LiveLine, type SandboxReport } from "./evidence";
import type { SandboxPool } from "./pool";

export { SandboxUnavailable } from "./container";

const harnessDir = fileURLToPath(new URL("../harness/", import.meta.url));
const RUNNER = readFileSync(harnessDir + "runner.py", "utf8");

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
  /** Pages served by the supervisor's HTTP fixture: never sent to the student's process. */
  http?: Record<string, { delay?: number; body: string; type?: string }>;
  files?: Record<string, string>;
  /**
   * Grader-supplied operations served by the supervisor (`h.op(name, arg)` in a driver), keyed by
   * name then by argument (a string, or the JSON of any other value): the hidden delay and result
   * of each call. Never sent to the student's process.
   */
  ops?: Record<string, Record<string, { delay?: number; result?: unknown; error?: string }>>;
  /**
   * The runner's guard writes an `op-task` record for each of those operations: the coroutine its
   * task runs (by the call's frames, which no code rewrites), so checks can count the tasks that
   * awaited them. Off by default: a heartbeat's operations would fill the trace.
   */
  attributeOps?: boolean;
  /**
   * The runner's guard writes a `connect-session` record for each connection to the HTTP fixture:
   * the aiohttp ClientSession whose request opened it (by the call's frames), or null outside one.
   */
  attributeSessions?: boolean;
  /** What only the checks need (expected values, hidden delays): never leaves the host. */
  hidden?: Record<string, unknown>;
}

/** What PID 1 streams of a run before its report, at most: lines, and bytes of its JSON lines. */
export const LIVE_LIMITS = { lines: 2000, bytes: 256 * 1024 };

/** The run was called off (its `signal` aborted): its container is removed, and there is no result. */
export class RunCancelled extends Error {
  constructor() {
    super("The sandbox run was called off.");
  }
}

export interface SandboxOutcome {
  report?: SandboxReport;
  /** Why there is no report: the container broke a limit or the harness failed. */
  failure?: "wall-time" | "memory" | "processes" | "no-report" | "forged-report" | "killed-harness";
  stderr: string;
  exitCode: number | null;
  durationMs: number;
}

/**
 * Runs one payload in a fresh container: from the warm pool when given one, else started cold. With
 * `onLine` (runs only), PID 1 also streams each printed line as it reads it, and `onLine` gets each one
 * of them; the report, which holds every line again, stays the only source of the result.
 */
export async function runInSandbox(opts: RunOptions, pool?: SandboxPool): Promise<SandboxOutcome> {
  try {
    const outcome = await runOnce(opts, pool);
    if (outcome.failure) metrics().sandboxFailures.inc({ kind: FAILURE_KINDS[outcome.failure] });
    return outcome;
  } catch (error) {
    if (error instanceof SandboxUnavailable) metrics().sandboxFailures.inc({ kind: "engine" });
    throw error;
  }
}

/** The kinds sandbox failures are counted by: a limit the code broke, or no valid report from PID 1. */
const FAILURE_KINDS: Record<NonNullable<SandboxOutcome["failure"]>, "limit" | "no-report"> = {
  "wall-time": "limit",
  memory: "limit",
  processes: "limit",
  "no-report": "no-report",
  "forged-report": "no-report",
  "killed-harness": "no-report",
};

interface RunOptions {
  solution: string;
  driver?: string;
  scenarios: ScenarioSpec[];
  wallTimeMs: number;
  sideBySide?: boolean;
  onLine?: (line: LiveLine) => void;
  /** Calls the run off: it rejects with RunCancelled as soon as it sees the abort. */
  signal?: AbortSignal;
}

async function runOnce(opts: RunOptions, pool?: SandboxPool): Promise<SandboxOutcome> {
  const config = workerEnv();
  const nonce = randomBytes(16).toString("hex");
  const payload = {
    nonce,
    runner: RUNNER,
    driver: opts.driver ?? "",
    solution: opts.solution,
    scenarios: opts.scenarios.map(({ hidden: _hidden, ...visible }) => visible),
    sideBySide: opts.sideBySide ?? false,
    limits: {
      outputBytes: config.SANDBOX_OUTPUT_KB * 1024,
      stderrBytes: 16 * 1024,
      traceRecords: 5000,
      traceRecordBytes: 64 * 1024,
      traceBytes: 4 * 1024 * 1024,
      cpus: SANDBOX_CPUS,
    },
    // A grading's payload has no "live": its supervisor writes the report alone, as it always did.
    ...(opts.onLine ? { live: LIVE_LIMITS } : {}),
  };
  const started = Date.now();
  const sandbox = pool ? await pool.take() : await startSandbox();
  const { container } = sandbox;
  let onAbort = () => {};
  const cancelled = new Promise<"cancelled">((resolve) => (onAbort = () => resolve("cancelled")));
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (opts.signal?.aborted) throw new RunCancelled();
    const reportLine = opts.onLine ? followLive(sandbox, nonce, opts.onLine) : sandbox.stdout.firstLine;
    sandbox.stream.end(JSON.stringify(payload) + "\n");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">(
      (resolve) => (timer = setTimeout(() => resolve("timeout"), opts.wallTimeMs)),
    );
    // The engine may lose the container (stopping, restarting): that is never the submission's fault.
    const exited = container.wait().then(
      () => "exited" as const,
      (error: unknown) => ({ lost: error }),
    );
    try {
      // A complete report is the verdict's evidence: no need to wait for the container to exit.
      const first = await Promise.race([reportLine.then(() => "report" as const), exited, timedOut, cancelled]);
      if (first === "cancelled") throw new RunCancelled();
      if (first === "report") {
        const parsed = parseReport(sandbox.stdout.text(), nonce);
        if (typeof parsed !== "string")
          return { report: parsed, stderr: sandbox.stderr.text(), exitCode: null, durationMs: Date.now() - started };
      }
    } finally {
      clearTimeout(timer);
    }
    return await endedWithoutReport(sandbox, exited, nonce, started, opts.wallTimeMs);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    removeSandboxLater(container);
  }
}

/**
 * A run's stdout: PID 1's live lines (JSON with this run's nonce, written as `json.dumps` writes
 * them), each handed to `onLine`, then the report. Resolves when a line that is not a live line has
 * ended: the report's, as `firstLine` does for a grading. A live line that fails its schema is dropped.
 */
function followLive(sandbox: StartedSandbox, nonce: string, onLine: (line: LiveLine) => void): Promise<void> {
  const prefix = `{"nonce": "${nonce}", "live": `;
  return new Promise((resolve) =>
    sandbox.stdout.onLines((text) => {
      if (!text.startsWith(prefix)) return resolve();
      let parsed;
      try {
        parsed = liveLineSchema.safeParse(JSON.parse(text));
      } catch {
        return;
      }
      if (!parsed.success || parsed.data.nonce !== nonce) return;
      try {
        onLine(parsed.data.live);
      } catch (error) {
        logger("worker").warn(`a live line's listener failed: ${(error as Error).message}`);
      }
    }),
  );
}

/** The container ended (or must be ended) without a report: which limit, or whose fault, it was. */
async function endedWithoutReport(
  sandbox: StartedSandbox,
  exited: Promise<"exited" | { lost: unknown }>,
  nonce: string,
  started: number,
  wallTimeMs: number,
): Promise<SandboxOutcome> {
  const { container } = sandbox;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">(
    (resolve) => (timer = setTimeout(() => resolve("timeout"), Math.max(0, started + wallTimeMs - Date.now()))),
  );
  let outcome: unknown;
  let state: Docker.ContainerInspectInfo["State"];
  try {
    outcome = await Promise.race([exited, timedOut]);
    if (typeof outcome === "object" && outcome && "lost" in outcome) throw outcome.lost;
    if (outcome === "timeout") await container.kill().catch(() => undefined);
    state = (await container.inspect()).State;
  } catch (error) {
    // The engine could not tell how the run ended (it stopped, restarted, lost the container):
    // the submission is not to blame, so it is graded again rather than given a verdict.
    throw new SandboxUnavailable(describeDockerError(error));
  } finally {
    clearTimeout(timer);
  }
  await new Promise((resolve) => setTimeout(resolve, 20)); // let the last demuxed bytes land
  const ended: SandboxOutcome = {
    stderr: sandbox.stderr.text(),
    exitCode: state.ExitCode ?? null,
    durationMs: Date.now() - started,
  };
  if (outcome === "timeout") return { ...ended, failure: "wall-time" };
  if (state.OOMKilled) return { ...ended, failure: "memory" };
  const parsed = parseReport(sandbox.stdout.text(), nonce);
  if (typeof parsed !== "string") return { ...ended, report: parsed };
  // gVisor's kernel ends with 2 when it cannot start a host thread: the submission's processes
  // and threads took what the sandbox allows (its fork bomb), as a pids limit does under runc.
  if (state.ExitCode === 2 && (await isGvisor(workerEnv().SANDBOX_RUNTIME))) return { ...ended, failure: "processes" };
  if (state.ExitCode === 137 && !state.OOMKilled) {
    if (await killedFromOutside(container.id, started))
      throw new SandboxUnavailable(
        "The sandbox container was killed from outside before the grading finished " +
          "(the Docker engine stopping or restarting?).",
      );
    return { ...ended, failure: "killed-harness" };
  }
  return { ...ended, failure: parsed };
}

/**
 * SIGKILL of PID 1 (exit 137) that neither our time limit nor the memory limit explains came from
 * outside when the engine recorded a kill of the container (`docker kill`, the engine stopping its
 * containers): every kill the engine is asked for is one of its events. Without one, the kill came
 * from inside — under gVisor a submission can SIGKILL PID 1 (its kernel does not shield a
 * namespace's init as Linux does) — and that is the submission's doing: a verdict, not a retry,
 * or the same submission would be graded again and again. An engine that cannot say is a fault.
 */
async function killedFromOutside(id: string, startedMs: number): Promise<boolean> {
  const since = Math.floor(startedMs / 1000) - 1;
  const until = Math.ceil(Date.now() / 1000) + 1;
  let text: string;
  try {
    const stream = (await docker().getEvents({
      since,
      until,
      filters: JSON.stringify({ container: [id], event: ["kill"] }),
    })) as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    text = Buffer.concat(chunks).toString("utf8");
  } catch (error) {
    throw new SandboxUnavailable(describeDockerError(error));
  }
  return text.split("\n").some((line) => line.includes('"kill"'));
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

/** Removes sandbox containers left behind by a worker that was killed mid-run. */
export async function reapOrphanSandboxes(): Promise<number> {
  const stale = await docker().listContainers({ all: true, filters: { label: [SANDBOX_LABEL] } });
  let removed = 0;
  for (const info of stale) {
    const [host, pid] = (info.Labels[OWNER_LABEL] ?? ":").split(":");
    // On this host a dead owner means an orphan; elsewhere only age can tell.
    const orphan = host === hostname() ? !processAlive(Number(pid)) : Date.now() / 1000 - info.Created > 600;
    if (!orphan) continue;
    await removeSandbox(docker().getContainer(info.Id));
    removed++;
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed worker stays a zombie until its new parent reaps it, which some inits (a container's,
  // a VM's agent) do late or never: signal 0 still succeeds, but it owns nothing any more.
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0] !== "Z";
  } catch {
    return true; // no /proc to tell (not Linux): trust the signal
  }
}
