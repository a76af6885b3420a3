import type { Job } from "bullmq";
import type { RunLine, RunResult } from "../lib/contracts/runs";
import { workerEnv } from "../lib/env/worker";
import { briefMessage } from "../lib/queue/faults";
import type { RunJob } from "../lib/queue/run-queue";
import { publishRunChange } from "../lib/queue/status-channel";
import { updateRun } from "../lib/runs/store";
import { describeProblem } from "./checks/problems";
import { timelineOf } from "./checks/timeline";
import { ScenarioView } from "./checks/view";
import { retryOnQueue } from "./retry";
import { describeFailure, wallTimeMs } from "./sandbox/limits";
import type { SandboxPool } from "./sandbox/pool";
import { runInSandbox, type ScenarioSpec } from "./sandbox/run";

/** A run is the student's file as a script (`python solution.py`), in the grading sandbox, with its limits. */
export const RUN_SCENARIO: ScenarioSpec = { id: "run", script: true, timeout: 10 };
const WALL_TIME_MS = wallTimeMs([RUN_SCENARIO]);
/** What a browser is shown of the output, at most (the sandbox's output limit caps it anyway). */
const MAX_LINES = 2000;
const MAX_STDERR = 4000;
/** While a run runs, its lines so far are written to its state in Redis (and announced) at most this often. */
export const LIVE_EVERY_MS = 150;
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Runs `code` as a script in a fresh sandbox and says what happened, in the student's terms. Throws only for
 * infrastructure faults. `onLine` gets each printed line while it runs, timed as the result's lines are.
 */
export async function runScript(
  code: string,
  pool?: SandboxPool,
  onLine?: (line: RunLine) => void,
): Promise<RunResult> {
  const config = workerEnv();
  const run = await runInSandbox(
    {
      solution: code,
      scenarios: [RUN_SCENARIO],
      wallTimeMs: WALL_TIME_MS,
      onLine:
        onLine &&
        ((line) => {
          if (line.scenario === RUN_SCENARIO.id) onLine({ t: round(Math.max(0, line.t)), text: line.text });
        }),
    },
    pool,
  );
  const ev = run.report?.scenarios.find((s) => s.id === RUN_SCENARIO.id);
  if (!ev) {
    const { message, limit } = describeFailure(run.failure ?? "no-report", {
      wallTimeMs: WALL_TIME_MS,
      memoryMb: config.SANDBOX_MEMORY_MB,
    });
    return {
      outcome: limit ? "limit" : "error",
      message,
      lines: [],
      moreLines: 0,
      stderr: run.stderr.slice(0, MAX_STDERR),
      exception: null,
      timeline: [],
      elapsed: null,
    };
  }
  const view = new ScenarioView(RUN_SCENARIO, ev);
  const origin = ev.outside.started;
  // Lines and the final record come on two pipes: the last line may be read just after the final
  // record, so the run lasted at least until its last line arrived.
  const lastLine = ev.lines.length ? ev.lines[ev.lines.length - 1].t : null;
  const returned = ev.outside.returned ?? ev.outside.exited;
  const end = returned === null ? null : Math.max(returned, lastLine ?? returned);
  const error = ev.final?.error;
  const exception =
    error && error.type && error.phase !== "missing" && error.phase !== "not-async"
      ? { type: error.type, message: error.message ?? "", trace: error.trace ?? [] }
      : null;
  const message = describeProblem(view, config.SANDBOX_OUTPUT_KB, config.SANDBOX_MEMORY_MB);
  return {
    outcome: ev.limit ? "limit" : exception ? "exception" : message ? "error" : "finished",
    message,
    lines: ev.lines
      .slice(0, MAX_LINES)
      .map((l) => ({ t: round(Math.max(0, l.t - origin)), text: l.text, ...(l.partial ? { partial: true } : {}) })),
    moreLines: Math.max(0, ev.lines.length - MAX_LINES),
    stderr: ev.stderr.slice(0, MAX_STDERR),
    exception,
    timeline: timelineOf(view),
    elapsed: end === null ? null : round(end - origin),
  };
}

/**
 * A running run's lines so far, written to its state (`live`) and announced to its SSE streams: the
 * first line at once, then at most every LIVE_EVERY_MS. Writes go one after another, and `close`
 * writes what is left and waits for them all, so no write of lines lands after the run's result.
 */
class LiveLines {
  private lines: RunLine[] = [];
  private written = 0;
  private lastWrite = 0;
  private timer: NodeJS.Timeout | undefined;
  private writes = Promise.resolve();
  private closed = false;

  constructor(private write: (lines: RunLine[]) => Promise<boolean>) {}

  push(line: RunLine): void {
    if (this.closed || this.lines.length >= MAX_LINES) return;
    this.lines.push(line);
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastWrite + LIVE_EVERY_MS - Date.now()));
  }

  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.closed && this.lines.length > this.written) {
      this.written = this.lines.length;
      this.lastWrite = Date.now();
      const lines = this.lines.slice();
      this.writes = this.writes.then(() =>
        this.write(lines).then(
          (current) => {
            if (!current) this.closed = true; // superseded by a newer run: nothing more to write
          },
          () => undefined, // best effort: the next write, or the result, carries these lines
        ),
      );
    }
    return this.writes;
  }

  /** Writes the lines not yet written, once, and waits until every write is done. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}

/**
 * The worker's side of a run (queued by lib/runs/create.ts): skipped when the student has started
 * a newer run of the exercise meanwhile; its outcome goes to the run's key in Redis, never to the
 * database — no grade, no attempt, no hint.
 */
export async function processRun(job: Job<RunJob>, pool?: SandboxPool, log: (m: string) => void = () => undefined) {
  const { runId, userId, exercise, code } = job.data;
  const running = await updateRun(userId, exercise, runId, {
    status: "RUNNING",
    startedAt: new Date().toISOString(),
    live: { lines: [] },
  });
  if (!running) return { skipped: "superseded" };
  await publishRunChange(userId, exercise);
  const started = Date.now();
  const live = new LiveLines(async (lines) => {
    const current = await updateRun(userId, exercise, runId, { live: { lines } });
    if (current) await publishRunChange(userId, exercise);
    return current !== null;
  });
  let result: RunResult;
  let status: "DONE" | "ERROR" = "DONE";
  try {
    result = await runScript(code, pool, (line) => live.push(line));
  } catch (error) {
    await live.close();
    if (retryOnQueue(error, job)) {
      log(`infrastructure fault on run ${runId}, will retry: ${briefMessage(error)}`);
      await updateRun(userId, exercise, runId, { status: "QUEUED", startedAt: null, live: null });
      await publishRunChange(userId, exercise);
      throw error;
    }
    log(`cannot run ${runId}: ${briefMessage(error)}`);
    status = "ERROR";
    result = {
      outcome: "error",
      message: `The sandbox could not run your code (${briefMessage(error)}). Please try again.`,
      lines: [],
      moreLines: 0,
      stderr: "",
      exception: null,
      timeline: [],
      elapsed: null,
    };
  }
  await live.close();
  const stored = await updateRun(userId, exercise, runId, {
    status,
    finishedAt: new Date().toISOString(),
    live: null,
    result,
  });
  await publishRunChange(userId, exercise);
  log(
    `ran ${runId} (${exercise}) ${result.outcome} in ${Date.now() - started} ` +
      `ms${stored ? "" : " (superseded by a newer run)"}`,
  );
  return { outcome: result.outcome };
}
