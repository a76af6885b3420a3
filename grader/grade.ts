import { MAX_CODE_BYTES } from "../lib/contracts/limits";
import { workerEnv } from "../lib/env/worker";
import { loadDefinition, readExercise } from "./catalog/catalog";
import type { ExerciseDefinition } from "./catalog/definition";
import { Rng } from "./catalog/rng";
import { describeProblem } from "./checks/problems";
import { gated } from "./checks/gates";
import type { CheckResult, GradeReport } from "./checks/result";
import { timelineOf } from "./checks/timeline";
import { ScenarioView } from "./checks/view";
import { describeFailure, wallTimeMs as sandboxWallTimeMs } from "./sandbox/limits";
import type { SandboxPool } from "./sandbox/pool";
import { RunCancelled, runInSandbox, type SandboxOutcome } from "./sandbox/run";

export class SubmissionRejected extends Error {}

/** Turns raw bytes into submission text, or says clearly why it can't be graded. */
export function decodeSubmission(bytes: Buffer): string {
  if (bytes.length > MAX_CODE_BYTES)
    throw new SubmissionRejected(
      `The file is ${Math.round(bytes.length / 1024)} KiB; a submission may be at most ${MAX_CODE_BYTES / 1024} KiB.`,
    );
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SubmissionRejected("The file is not UTF-8 text: save it as UTF-8 and submit again.");
  }
  if (text.includes("\0")) throw new SubmissionRejected("The file contains NUL bytes: it is not a Python source file.");
  return text;
}

export interface GradeOptions {
  seed?: number;
  /** Warm containers to grade in (the worker keeps one); without it each run starts cold. */
  pool?: SandboxPool;
  /** Re-run once when timing alone fails while the trace shows concurrency (default true). */
  remeasure?: boolean;
  /** Calls the grading off (the worker's claim found it is not this worker's to grade): RunCancelled. */
  signal?: AbortSignal;
}

/** Grades one submission for one exercise through the sandbox. Throws only for grader faults. */
export async function grade(slug: string, source: string, options: GradeOptions = {}): Promise<GradeReport> {
  const folder = readExercise(slug);
  const definition = await loadDefinition(folder);
  const started = Date.now();
  const rng = new Rng(options.seed);
  const sideBySide = folder.meta.scenarioSchedule === "side-by-side";
  const once = (r: Rng) =>
    gradeOnce(slug, folder.meta.points, folder.driver, sideBySide, definition, source, r, options);
  const first = await once(rng);
  let report = first;
  if (options.remeasure !== false && worthRemeasuring(first.checks)) {
    if (options.signal?.aborted) throw new RunCancelled();
    report = { ...(await once(new Rng())), remeasured: true };
  }
  return { ...report, elapsedMs: Date.now() - started };
}

/**
 * A result that only the clock or the loop's watcher condemns is measured again before it fails
 * anyone: timing checks or the event loop's checks alone failing, or the container's backstop
 * running out (the scenarios' own time limits, enforced inside, did not), point at a loaded machine
 * rather than at the student. Code that really blocks fails its ordering or overlap checks too.
 */
function worthRemeasuring(checks: CheckResult[]): boolean {
  const failed = checks.filter((c) => !c.passed);
  return (
    failed.length > 0 &&
    failed.every((c) => c.id.startsWith("timing.") || c.id.startsWith("loop.") || c.id === "limits.wall-time")
  );
}

async function gradeOnce(
  slug: string,
  maxScore: number,
  driver: string,
  sideBySide: boolean,
  definition: ExerciseDefinition,
  source: string,
  rng: Rng,
  { pool, signal }: Pick<GradeOptions, "pool" | "signal">,
): Promise<GradeReport> {
  const specs = definition.scenarios(rng);
  const wallTimeMs = sandboxWallTimeMs(specs, definition.wallTimeMs);
  const outcome = await runInSandbox(
    { solution: source, driver, scenarios: specs, wallTimeMs, sideBySide, signal },
    pool,
  );
  const base = { exercise: slug, maxScore, elapsedMs: outcome.durationMs };
  if (!outcome.report) return { ...base, ...limitFailure(outcome, wallTimeMs) };

  const views: Record<string, ScenarioView> = {};
  for (const ev of outcome.report.scenarios) {
    const spec = specs.find((s) => s.id === ev.id)!;
    views[ev.id] = new ScenarioView(spec, ev);
  }
  const problems = Object.values(views)
    .map((v) => describeProblem(v, workerEnv().SANDBOX_OUTPUT_KB, workerEnv().SANDBOX_MEMORY_MB))
    .filter((p): p is string => p !== null);
  const checks = gated(Object.values(views), problems, definition.checks(views)).map((c) =>
    // A message is feedback, not a dump: cap what any check can say.
    c.message.length > 800 ? { ...c, message: `${c.message.slice(0, 797)}...` } : c,
  );
  const earned = checks.filter((c) => c.passed).reduce((sum, c) => sum + c.weight, 0);
  const total = Math.max(
    checks.reduce((sum, c) => sum + c.weight, 0),
    1e-9,
  );
  const passed = checks.every((c) => c.passed);
  const timelineView = definition.timeline ? views[definition.timeline.scenario] : undefined;
  return {
    ...base,
    verdict: passed ? "passed" : "failed",
    score: Math.round((earned / total) * maxScore * 100) / 100,
    checks,
    timeline: timelineView ? timelineOf(timelineView) : [],
    idealTimeline: timelineView && definition.timeline ? definition.timeline.ideal(timelineView.spec) : undefined,
    output: outputOf(Object.values(views)),
    workMs: workOnPath(Object.values(views), sideBySide),
  };
}

function limitFailure(
  outcome: SandboxOutcome,
  wallTimeMs: number,
): Omit<GradeReport, "exercise" | "maxScore" | "elapsedMs"> {
  const { check, message } = describeFailure(outcome.failure ?? "no-report", {
    wallTimeMs,
    memoryMb: workerEnv().SANDBOX_MEMORY_MB,
  });
  return {
    verdict: "failed",
    score: 0,
    checks: [{ id: check, passed: false, weight: 1, message }],
    timeline: [],
    output: outcome.stderr.slice(0, 4000),
  };
}

/**
 * The student's code's own time on the verdict's path, by the supervisor's clock: the longest
 * scenario where they ran side by side, their sum where one came after another.
 */
function workOnPath(views: ScenarioView[], sideBySide: boolean): number {
  const times = views.map((v) => (v.outside.returned === null ? 0 : v.outside.returned - v.outside.started));
  return Math.round((sideBySide ? Math.max(0, ...times) : times.reduce((a, b) => a + b, 0)) * 1000);
}

function outputOf(views: ScenarioView[]): string {
  return views
    .map((v) => `--- ${v.spec.id} ---\n${v.lines.join("\n")}${v.ev.stderr ? `\n[stderr]\n${v.ev.stderr}` : ""}`)
    .join("\n")
    .slice(0, 16 * 1024);
}
