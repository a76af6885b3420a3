import syscalls from "../harness/syscalls.json";
import type { ScenarioSpec } from "../sandbox/run";
import {
  isBlockingCall,
  isLoopStep,
  isSpan,
  isTracedLine,
  pendingTasksSchema,
  validRecords,
  type HeldRun,
  type OpCall,
  type PendingTask,
  type ScenarioEvidence,
  type Span,
} from "../sandbox/evidence";

/**
 * How late a busy PID 1 may read a line without having waited for a CPU (its loop serving sibling
 * scenarios): seen up to 32 ms with 8 sandboxes grading at once on 2 cores.
 */
export const READ_JITTER = 0.04;
/**
 * How long a child may take from its payload to the student's call (loop start, the driver's first
 * grader operation) before that counts as the student's: seen up to 0.13 s under gVisor.
 */
export const CHILD_START = 0.2;
/**
 * The least share of a lower bound the loop's thread must have spent asleep or computing (not waiting
 * for a CPU). Honest waiting loses only the machine's lag after each wake-up of concurrent waits
 * (a single sleep loses none): half of the wait is far beyond that, and beyond what load gives code
 * that skipped its work.
 */
export const OWN_SHARE = 0.5;
/** Time that printed lines read from outside the process may lag the student's own writes. */
export const OUTSIDE_LAG = 0.2;
/**
 * A loop step that spent this long blocked (not computing, not waiting for a core) blocked the
 * loop. The runner records steps over 50 ms; shorter "blocked" time than this shows up in correct
 * code on a loaded machine (a virtual CPU's stolen time, a worker thread holding the GIL while it
 * waits for a core: 0.26 s was seen), while the blocking calls students really make (time.sleep,
 * open) are caught by name.
 */
export const BLOCKED_LIMIT = 0.3;

/** A stretch of the event loop's thread stuck in one call (not its poll) for longer than this blocked it. */
export const HELD_BLOCKED_LIMIT = 0.15;
/** x86_64 system call numbers, from the harness's one table (grader/harness/syscalls.json). */
export const NR = syscalls.numbers;
/** x86_64 syscalls (the harness's table) a blocked loop thread is most often found in, in the student's terms. */
const SYSCALL_NAMES: Record<number, string> = {
  [NR.read]: "a blocking read",
  [NR.poll]: "a blocking poll",
  [NR.nanosleep]: "a sleep (time.sleep)",
  [NR.recvfrom]: "a blocking socket read",
  [NR.futex]: "waiting on a lock or a thread",
  [NR.clock_nanosleep]: "a sleep (time.sleep)",
  [NR.wait4]: "waiting for a child process",
  // epoll_wait, epoll_pwait, epoll_pwait2 on a descriptor that is not the event loop's own
  [NR.epoll_wait]: "waiting on an epoll set that is not the event loop's",
  [NR.epoll_pwait]: "waiting on an epoll set that is not the event loop's",
  [NR.epoll_pwait2]: "waiting on an epoll set that is not the event loop's",
};
export const describeSyscall = (nr: number | null) =>
  nr === null ? "computing" : (SYSCALL_NAMES[nr] ?? `system call ${nr}`);

/**
 * Read-only helpers over one scenario's evidence, in the terms checks are written in. Getters named
 * `outside…` (and `ops`, `fixtures`, `lines`, `loopHeld`) are what PID 1 observed from outside the
 * student's interpreter; `spans`, `tracedLines`, `value`, `pending` and the other records come from
 * inside it and may only explain, or be cross-checked.
 */
export class ScenarioView {
  readonly ev: ScenarioEvidence;
  /** Records of a known kind that did not have the harness's shape: a sign of tampering. */
  readonly malformedRecords: number;

  constructor(
    readonly spec: ScenarioSpec,
    ev: ScenarioEvidence,
  ) {
    const { valid, malformed } = validRecords(ev.records);
    this.ev = { ...ev, records: valid };
    this.malformedRecords = malformed;
  }

  get outside() {
    return this.ev.outside;
  }
  /**
   * Seconds from the supervisor handing over the scenario to the student's call returning, by PID 1's
   * clock: what lower bounds judge. The earliest the call can have begun, so that a begin record
   * PID 1 read late never fails honest waiting. Load lengthens that clock (code that returns at once,
   * descheduled for 0.4 s, "waited" 0.4 s), never the loop thread's own time, asleep or computing:
   * the clock counts up to OWN_SHARE⁻¹ times that own time, which honest waiting always reaches.
   */
  get outsideElapsed(): number | null {
    const o = this.ev.outside;
    return o.returned === null ? null : Math.min(o.returned - o.started, o.threads.mainOwn / OWN_SHARE);
  }
  /** Seconds the loop's thread waited for a CPU during the scenario, read from /proc by PID 1. */
  get outsideCpuWait(): number {
    return this.ev.outside.threads.mainWait ?? 0;
  }
  /** Seconds from the call's start to its return, less the load's share: what upper bounds judge. */
  get outsideActiveElapsed(): number | null {
    const { returned } = this.ev.outside;
    // From the call's start, bounded from outside: the child's start (0.3 s and more under gVisor or
    // on a loaded machine) is the harness's, not the student's.
    return returned === null ? null : Math.max(0, returned - this.callStarted - this.outsideCpuWait);
  }
  /**
   * Seconds from the scenario's hand-over to a printed line's arrival at PID 1, or null: for lower
   * bounds, so counted up to OWN_SHARE⁻¹ times the loop thread's own time by then (see
   * `outsideElapsed`).
   */
  lineAt(text: string): number | null {
    const line = this.ev.lines.find((l) => l.text === text);
    return line === undefined ? null : Math.min(line.t - this.ev.outside.started, (line.own ?? 0) / OWN_SHARE);
  }
  /**
   * Seconds from the student's call beginning (the begin record, bounded) to a line's arrival: the origin
   * for "right at the start", so that the child's start (slow under load or gVisor) is not the
   * student's.
   */
  lineSinceCall(text: string): number | null {
    const t = this.lineTime(text);
    return t === null ? null : t - this.boundedBegin(Infinity);
  }
  /**
   * The begin record's arrival, bounded from outside: never before the hand-over, nor after
   * `notAfter`, the first line PID 1 read, or CHILD_START (plus the loop's wait for a CPU) past the
   * hand-over. The begin record is the child's own: a forged late begin hides at most that much.
   */
  private boundedBegin(notAfter: number): number {
    const { started, begun } = this.ev.outside;
    const firstLine = this.ev.lines[0]?.t ?? Infinity;
    const latest = started + CHILD_START + this.outsideCpuWait;
    return Math.max(started, Math.min(begun ?? started, firstLine, notAfter, latest));
  }
  /**
   * When the student's call began, by PID 1's clock, and never after the first grader operation PID 1
   * served: the origin for "returned at once", so that the child's start (slow under gVisor) is not
   * the student's.
   */
  get callStarted(): number {
    return this.boundedBegin(Math.min(Infinity, ...(this.ev.outside.ops?.calls ?? []).map((c) => c.start)));
  }
  /**
   * How much of a line's lateness, at most, is PID 1's own wait for a CPU before it read the line
   * (PID 1's record of itself, from /proc/self/schedstat), capped at `cap`: a load the submission
   * cannot cause beyond its container's share, and a bound so that it never excuses a missing wait.
   */
  readLag(text: string, cap: number): number {
    return Math.min(cap, this.ev.lines.find((l) => l.text === text)?.lag ?? 0);
  }
  /** Grader-supplied operations as the supervisor served them. */
  ops(op?: string): (OpCall & { end: number })[] {
    return (this.ev.outside.ops?.calls ?? [])
      .filter((c) => c.known && (!op || c.op === op))
      .map((c) => ({ ...c, end: c.end ?? this.ev.outside.exited ?? c.start }));
  }
  /** Whether PID 1 could watch the child's threads for this scenario. */
  get watched(): boolean {
    const t = this.ev.outside.threads;
    return t.samples >= 3 && t.unreadable === 0;
  }
  /** Stretches in which the main thread (the event loop's, unless a driver says otherwise) was stuck or computing. */
  loopHeld(opts: { main?: boolean } = {}): HeldRun[] {
    const main = opts.main ?? true;
    return this.ev.outside.threads.held.filter((h) => h.main === main && h.end >= this.ev.outside.started);
  }
  /** The longest stretch the loop's thread spent blocked (not computing, not waiting for a CPU), or null. */
  worstBlocked(limit = HELD_BLOCKED_LIMIT): HeldRun | null {
    const runs = this.loopHeld().filter((h) => h.blocked > limit);
    return runs.sort((a, b) => b.blocked - a.blocked)[0] ?? null;
  }
  /** The longest stretch the loop's thread computed without a pause, beyond `limit` seconds of CPU. */
  worstBusy(limit: number): HeldRun | null {
    const runs = this.loopHeld().filter((h) => h.cpu > limit);
    return runs.sort((a, b) => b.cpu - a.cpu)[0] ?? null;
  }
  /**
   * Ways the inside records disagree with what PID 1 saw, in the student's terms: each means the
   * submission tampered with the grader's records (or printed around `print`).
   */
  integrityProblems(): string[] {
    const problems = [...this.ev.outside.integrity];
    if (this.malformedRecords) problems.push(`${this.malformedRecords} trace record(s) without the harness's shape`);
    const inside = this.tracedLines().map((l) => l.text);
    const outside = this.ev.lines.filter((l) => !l.partial).map((l) => l.text);
    if (this.ev.final && this.ev.limit === null && inside.join("\n") !== outside.join("\n"))
      problems.push(
        `${outside.length} line(s) reached the grader's pipe, its records of print() show ${inside.length}`,
      );
    if (this.ev.outside.threads.unreadable) problems.push("the child's threads could not be watched");
    // The grader watches the program's own threads; a process it started escapes that view.
    if (this.ev.outside.threads.otherProcesses)
      problems.push("your code started another process, which the grader cannot watch");
    const foreign = (this.ev.outside.ops?.calls ?? []).filter(
      (c) => c.pid !== null && c.pid !== this.ev.outside.child,
    ).length;
    if (foreign) problems.push(`${foreign} grader operation(s) were called from another process than your program`);
    return problems;
  }

  get ok(): boolean {
    return !!this.ev.final?.ok && this.ev.limit === null;
  }
  get value(): unknown {
    return this.ev.final?.value;
  }
  /** Printed lines, trailing white space stripped, as the supervisor read them. */
  get lines(): string[] {
    return this.ev.lines.map((l) => l.text);
  }
  /** Seconds from the harness's call to the student's return, measured inside the process. */
  get elapsed(): number | null {
    const f = this.ev.final;
    return f?.start !== undefined && f?.end !== undefined ? f.end - f.start : null;
  }
  /** Seconds the event loop's thread waited for a CPU during the call: the machine's load. */
  get cpuWait(): number {
    return this.ev.final?.cpuWait ?? 0;
  }
  /** Elapsed time less the load's share: what upper bounds judge, so a busy machine fails no one. */
  get activeElapsed(): number | null {
    const e = this.elapsed;
    return e === null ? null : Math.max(0, e - this.cpuWait);
  }
  /** Seconds between the first and the last printed line as seen from outside the process. */
  get outsideSpan(): number | null {
    const l = this.ev.lines;
    return l.length >= 2 ? l[l.length - 1].t - l[0].t : null;
  }
  /**
   * The tasks still running when the student's call returned: the runner's one `pending` record,
   * written as the call returned (not carried back through asyncio, whose classes the submission
   * can patch). None, or a second one (forged), counts as a task left running: absent evidence
   * never passes.
   */
  get pending(): PendingTask[] {
    const records = this.ev.records.filter((r) => r.kind === "pending");
    const tasks = records.length === 1 ? pendingTasksSchema.safeParse(records[0].tasks) : null;
    return tasks?.success
      ? tasks.data
      : [
          {
            name: "?",
            coro: "a task the grader could not name (its record of the tasks left running was missing or repeated)",
          },
        ];
  }
  spans(op?: string): Span[] {
    return this.ev.records.filter(isSpan).filter((s) => !op || s.op === op);
  }
  tracedLines() {
    return this.ev.records.filter(isTracedLine);
  }
  /** Callbacks that held the loop while blocked, beyond what the machine's load explains. */
  blockedSteps() {
    return this.ev.records.filter(isLoopStep).filter((s) => s.blocked > BLOCKED_LIMIT);
  }
  /** Callbacks that burned CPU on the loop for longer than `limit` seconds without yielding. */
  busySteps(limit: number) {
    return this.ev.records.filter(isLoopStep).filter((s) => s.cpu > limit);
  }
  blockingCalls(call?: string) {
    return this.ev.records.filter(isBlockingCall).filter((b) => !call || b.call === call);
  }
  indexOf(text: string): number {
    return this.lines.indexOf(text);
  }
  /** Time (outside) at which a line was printed, or null. */
  lineTime(text: string): number | null {
    return this.ev.lines.find((l) => l.text === text)?.t ?? null;
  }
}

/** The largest number of spans in flight at one instant: the one rule the timeline layout uses too. */
export { maxOverlap } from "../../lib/shared/intervals";

/** Whether two intervals share some time. */
export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export function fmt(seconds: number | null): string {
  return seconds === null ? "?" : `${seconds.toFixed(2)} s`;
}

/** Printed lines quoted for a message: the first few, each shortened, with a count of the rest. */
export function showLines(lines: string[], max = 6): string {
  const shown = lines.slice(0, max).map((l) => JSON.stringify(l.length > 120 ? `${l.slice(0, 117)}...` : l));
  const more = lines.length > max ? `, … ${lines.length - max} more` : "";
  return lines.length ? `[${shown.join(", ")}${more}]` : "nothing";
}
