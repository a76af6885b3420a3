import type { HeldRun } from "../sandbox/evidence";
import { OUTSIDE_LAG, overlaps, READ_JITTER, type ScenarioView } from "./view";

/**
 * The timing policy, in one place: every time bound a check draws is one of these primitives, and
 * each owns its share of the load rule (docs/grading.md, "Load never decides a verdict"):
 *
 * - lower bounds ("it waited") take PID 1's clock whole, less only the clock's granularity: load
 *   can make a run slower, never quicker, so it earns no discount there; and the clock counts only
 *   up to twice the loop thread's own time (`v.outsideElapsed`), which load cannot lengthen;
 * - upper bounds ("it did not take too long") discount the time the loop's thread waited for a
 *   CPU, read by PID 1 from /proc (`v.outsideCpuWait`), and never more;
 * - a bound that judges a line's arrival also forgives PID 1's own lateness in reading it
 *   (`v.readLag`), capped so that it never excuses a missing wait.
 *
 * Exercises call these and write no tolerance of their own. Each is unit-tested against
 * hand-written evidence (test/grader/policy.test.ts): an honest run on an idle and on a loaded
 * machine, and a run that skipped its work.
 */

/** How early a line or a mark may reach PID 1 before the delay it follows (clock granularity). */
export const EARLY = 0.03;
/**
 * The slack of a lower bound, by what is measured: a line or a mark (`EARLY`), PID 1's return or
 * the end of a span (`return`), a scenario's whole run (`run`), a retried request (`retry`).
 */
export const SLACK = { line: EARLY, return: 0.02, run: 0.01, retry: 0.05 } as const;
export type Slack = keyof typeof SLACK;
/** The share of its shortest honest duration a scenario must have lasted before it is judged. */
export const JUDGED_SHARE = 0.8;

/** `measured` is at least `seconds`, less the slack (`SLACK`): a lower bound, no load discount. */
export function atLeast(measured: number | null, seconds: number, slack: Slack = "line"): boolean {
  return measured !== null && measured >= seconds - SLACK[slack];
}

/** The least time a run that waited `seconds` can show, for `observed()` and `judgedAfter()`. */
export const waited = (seconds: number, slack: Slack = "line"): number => seconds - SLACK[slack];

/**
 * How long a scenario must have lasted before "nothing went wrong while it ran" means something:
 * `share` of its shortest honest duration (a starter returns at once, even on a loaded machine).
 */
export const mostOf = (seconds: number, share = JUDGED_SHARE): number => seconds * share;

/** Seconds of `measured` that the machine's load (the loop thread's wait for a CPU) does not explain. */
export const lessLoad = (v: ScenarioView, measured: number): number => Math.max(0, measured - v.outsideCpuWait);

/** `measured`, less the loop thread's wait for a CPU, is at most `limit`: an upper bound. */
export function promptly(v: ScenarioView, measured: number | null, limit: number): boolean {
  return measured !== null && measured - v.outsideCpuWait <= limit;
}

/**
 * The scenario's call returned in time: from its start to its return by PID 1's clock, less the
 * load (`v.outsideActiveElapsed`), at most `limit` seconds; and (`lines`) its first to last printed
 * line too, which also forgives the pipe's lag.
 */
export function returnedWithin(v: ScenarioView, limit: number, opts: { lines?: boolean } = {}): boolean {
  const active = v.outsideActiveElapsed;
  const outside = opts.lines ? v.outsideSpan : null;
  return active !== null && active <= limit && (outside === null || outside <= limit + OUTSIDE_LAG + v.outsideCpuWait);
}

/** The scenario's call waited `seconds` (PID 1's clock) and, with `lines`, so did its printed lines. */
export function returnedAfter(v: ScenarioView, seconds: number, opts: { lines?: boolean } = {}) {
  const outside = opts.lines ? v.outsideSpan : null;
  return atLeast(v.outsideElapsed, seconds, "run") && (outside === null || outside >= seconds - OUTSIDE_LAG);
}

/**
 * "At once": `measured`, less the load, came before half of `delay` could pass — returning at once
 * is told from waiting out the delay, whatever the machine's speed.
 */
export function atOnce(v: ScenarioView, measured: number | null, delay: number): boolean {
  return measured !== null && measured - v.outsideCpuWait < delay / 2;
}

/**
 * Two lines due `delay` apart came at least half of it apart: the pipe and a busy reader may bunch
 * them, skipping the wait cannot space them.
 */
export const apart = (seconds: number, delay: number): boolean => !(seconds < delay / 2);

/** The upper bound of a concurrent schedule: halfway from its time (`fast`) to one after another (`slow`). */
export const halfway = (fast: number, slow: number): number => fast + (slow - fast) / 2;

/**
 * "Right at the start": a line that is due as soon as the call begins arrived (`since`, seconds from
 * the call's start, `v.lineSinceCall`) within half the scenario's shortest delay, plus the loop's
 * wait for a CPU and PID 1's own lateness reading it (capped at a quarter of that delay).
 */
export function atStart(v: ScenarioView, text: string, since: number, shortest: number): boolean {
  return since - v.readLag(text, shortest / 4) <= shortest / 2 + v.outsideCpuWait;
}

/**
 * Two lines of one task came `delay` apart (`seconds`, as PID 1 read them): a first line read late
 * (PID 1 waiting for a CPU, or its loop busy with a sibling scenario) shortens the gap by up to
 * EARLY + READ_JITTER + its read lag, never by more than half the delay.
 */
export function waitedBetween(v: ScenarioView, first: string, seconds: number, delay: number): boolean {
  return !(seconds < delay - Math.min(delay / 2, EARLY + READ_JITTER + v.readLag(first, delay)));
}

/**
 * Run-queue wait (machine load, read from /proc) of the held stretches that share time with
 * [from, to]: the part of a gap between beats that nobody's code is to blame for. The loop's own
 * wait counts, and that of the one other thread that waited longest: a loop waiting for the GIL
 * that a descheduled worker holds is held back by that worker's wait — never by the sum over many
 * threads, which CPU-bound threads of the submission's own would inflate past any gap.
 */
export function waitDuring(runs: HeldRun[], from: number, to: number): number {
  const inside = runs.filter((r) => overlaps(r, { start: from, end: to }));
  const loop = inside.filter((r) => r.main).reduce((s, r) => s + r.wait, 0);
  const others = new Map<number, number>();
  for (const r of inside) if (!r.main) others.set(r.tid, (others.get(r.tid) ?? 0) + r.wait);
  return loop + Math.max(0, ...others.values());
}

/** The heartbeat gap: how much of a stretch without a beat (`gap` s) the load (`wait` s) does not explain. */
export const gap = (seconds: number, wait: number): number => Math.max(0, seconds - Math.min(seconds, wait));

/** The heartbeat gap of the stretch [at, at + seconds], its load read from the threads' held runs. */
export const heldGap = (runs: HeldRun[], at: number, seconds: number): number =>
  gap(seconds, waitDuring(runs, at, at + seconds));

/**
 * How far out of order PID 1 may stamp two grader operations that followed one another: each is
 * stamped as its request is read and its answer written, by a loop that serves several.
 */
export const ORDER_SLACK = 0.005;

/** `later` began once `earlier` had ended, by PID 1's stamps (within ORDER_SLACK). */
export const startedAfter = (later: { start: number }, earlier: { end: number }): boolean =>
  later.start >= earlier.end - ORDER_SLACK;

/** `op` had ended by `moment`, by PID 1's stamps (within two of ORDER_SLACK: two stamps, each late). */
export const endedBy = (op: { end: number }, moment: number): boolean => op.end <= moment + 2 * ORDER_SLACK;

/** Sampling blurs when a held stretch began or ended by about this much: a window's edges are not judged. */
const HELD_EDGE = 0.05;
/** The share of a window the loop's thread must have been held in to count as held through it. */
const HELD_SHARE = 0.6;

/**
 * The loop's thread was held (stuck in a call or computing, as PID 1's /proc runs show) through most
 * of [from, to]: HELD_SHARE of it, HELD_EDGE at each end aside.
 */
export function heldThrough(v: ScenarioView, from: number, to: number): boolean {
  const [t0, t1] = [from + HELD_EDGE, to - HELD_EDGE];
  if (t1 <= t0) return false;
  const covered = v
    .loopHeld()
    .map((h) => Math.max(0, Math.min(h.end, t1) - Math.max(h.start, t0)))
    .reduce((a, b) => a + b, 0);
  return covered / (t1 - t0) >= HELD_SHARE;
}
