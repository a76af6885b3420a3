import type { ScenarioSpec } from "../sandbox/run";
import {
  isBlockingCall,
  isLoopStep,
  isSpan,
  isTracedLine,
  type ScenarioEvidence,
  type Span,
} from "../sandbox/evidence";

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

/** Read-only helpers over one scenario's evidence, in the terms checks are written in. */
export class ScenarioView {
  constructor(
    readonly spec: ScenarioSpec,
    readonly ev: ScenarioEvidence,
  ) {}

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
  get pending() {
    return this.ev.final?.pending ?? [];
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

/** The largest number of spans in flight at one instant. */
export function maxOverlap(spans: { start: number; end: number }[]): number {
  const edges = spans.flatMap((s) => [
    { t: s.start, d: 1 },
    { t: s.end, d: -1 },
  ]);
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let current = 0;
  let best = 0;
  for (const e of edges) {
    current += e.d;
    best = Math.max(best, current);
  }
  return best;
}

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
