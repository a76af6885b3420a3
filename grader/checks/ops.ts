import type { HeldRun } from "../sandbox/evidence";
import { observed } from "./common";
import { heldGap } from "./policy";
import { check, type CheckResult } from "./result";
import { fmt, maxOverlap, overlaps, type ScenarioView } from "./view";

/**
 * Check builders over the grader-supplied operations PID 1 served (`v.ops()`): how many were in
 * flight, which were called and how often, and an outside heartbeat (a grader task on the loop that
 * calls `await h.op("beat")` again and again, so that the supervisor sees when the loop let it run).
 * The pure functions (`argKey`, `callCounts`, `inFlight`, `worstGap`, `heldDuring`) take plain
 * evidence and are unit-tested without Docker (test/grader/ops-kit.test.ts).
 */

export interface Interval {
  start: number;
  end: number;
}
export interface Call extends Interval {
  op: string;
  arg: unknown;
}

/** The key of an argument in a scenario's `ops` table: the string itself, or its JSON. */
export const argKey = (arg: unknown): string => (typeof arg === "string" ? arg : JSON.stringify(arg));

/** Calls compared with the expected arguments (a multiset): what is missing, repeated or unexpected. */
export function callCounts(calls: { arg: unknown }[], expected: unknown[]) {
  const want = new Map<string, number>();
  for (const a of expected) want.set(argKey(a), (want.get(argKey(a)) ?? 0) + 1);
  const got = new Map<string, number>();
  for (const c of calls) got.set(argKey(c.arg), (got.get(argKey(c.arg)) ?? 0) + 1);
  const missing = [...want].filter(([k, n]) => (got.get(k) ?? 0) < n).map(([k]) => k);
  const repeated = [...got].filter(([k, n]) => want.has(k) && n > want.get(k)!).map(([k]) => k);
  const unexpected = [...got].filter(([k]) => !want.has(k)).map(([k]) => k);
  return { missing, repeated, unexpected, ok: !missing.length && !repeated.length && !unexpected.length };
}

/** The most calls in flight at one instant (a call ending as another starts does not overlap it). */
export const inFlight = (calls: Interval[]): number => maxOverlap(calls);

/**
 * The longest stretch in [from, to] without an arrival, the edges included: how long the loop
 * kept a task that was ready to run waiting. `at` is where that stretch began.
 */
export function worstGap(times: number[], from: number, to: number): { gap: number; at: number; count: number } {
  const inside = times.filter((t) => t >= from && t <= to).sort((a, b) => a - b);
  const points = [from, ...inside, to];
  let gap = 0;
  let at = from;
  for (let i = 1; i < points.length; i++)
    if (points[i] - points[i - 1] > gap) [gap, at] = [points[i] - points[i - 1], points[i - 1]];
  return { gap, at, count: inside.length };
}

/** The first held stretch (of the runs given) that shares time with one of the calls, and that call. */
export function heldDuring<C extends Interval>(runs: HeldRun[], calls: C[]): { run: HeldRun; call: C } | null {
  for (const run of runs) {
    const call = calls.find((c) => overlaps(run, c));
    if (call) return { run, call };
  }
  return null;
}

/** Names of the calls a list of argument keys stands for, for a message: `query_db("a")`, ... */
export const callList = (fn: string, keys: string[], max = 4) =>
  keys
    .slice(0, max)
    .map((k) => `${fn}(${k.startsWith("[") || k.startsWith("{") || /^-?\d/.test(k) ? k : JSON.stringify(k)})`)
    .join(", ") + (keys.length > max ? `, … ${keys.length - max} more` : "");

/**
 * Each expected argument was served exactly once (by PID 1): `id` fails on a missing, repeated
 * or unexpected call, in terms of the student's `fn`.
 */
export function eachCalledOnce(
  views: { v: ScenarioView; expected: unknown[] }[],
  opts: { id: string; op: string; fn: string; weight: number; minSeconds?: number },
): CheckResult {
  for (const { v, expected } of views) {
    const absent = observed(v, opts.minSeconds ?? 0);
    if (absent) return check(opts.id, opts.weight, false, { pass: "", fail: `Not judged: ${absent}.` });
    const calls = (v.ev.outside.ops?.calls ?? []).filter((c) => c.op === opts.op);
    const c = callCounts(calls, expected);
    if (!c.ok)
      return check(opts.id, opts.weight, false, {
        pass: "",
        fail: c.missing.length
          ? `${callList(opts.fn, c.missing)} ${c.missing.length === 1 ? "was" : "were"} never called (the ` +
            `grader saw ${calls.length} of ${expected.length} calls of ${opts.fn}).`
          : c.repeated.length
            ? `${callList(opts.fn, c.repeated)} ${c.repeated.length === 1 ? "was" : "were"} called more than ` +
              `once: call ${opts.fn} once for each item.`
            : `${callList(opts.fn, c.unexpected)} ${c.unexpected.length === 1 ? "is" : "are"} not among the ` +
              `calls the scenario asks for.`,
      });
  }
  return check(opts.id, opts.weight, true, { pass: `${opts.fn} was called exactly once for each item.`, fail: "" });
}

/** The load rule of a heartbeat gap lives in ./policy (`waitDuring`, `heldGap`). */
export { waitDuring } from "./policy";

/**
 * The beats PID 1 can vouch the loop's own thread sent, in order of arrival. Under runc every beat
 * counts (the threads' system calls and `aloneOnLoop` guard the rest). Under gVisor's stat view a
 * beat counts only if the child's main thread, the loop's, made a write call (the runner's `op`
 * sends with write(2)) since the beat before was answered: beats that another thread sent while
 * the loop was stuck do not.
 */
export function loopBeats(v: ScenarioView, op = "beat") {
  const beats = [...v.ops(op)].sort((a, b) => a.start - b.start);
  if (v.outside.threads.view !== "stat") return beats;
  return beats.filter((b, i) => {
    const writes = b.mainWrites ?? null;
    const before = i === 0 ? -1 : (beats[i - 1].mainWrites ?? null);
    return writes !== null && before !== null && writes > before;
  });
}

/** The loop's heartbeat, from outside: when each beat (`loopBeats`) reached PID 1 (the grader's `beat` op). */
export function beatTimes(v: ScenarioView, op = "beat"): number[] {
  return loopBeats(v, op).map((c) => c.start);
}

/**
 * The heartbeat task numbers its beats 0, 1, 2, ... and sends the next only once the last was
 * answered: in PID 1's order of arrival, beat k must carry k. The index of the first beat that
 * does not (a beat sent twice, out of turn, or by someone else), or null.
 */
export function beatOutOfTurn(calls: { arg: unknown; start: number }[]): number | null {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const k = sorted.findIndex((c, i) => c.arg !== i);
  return k < 0 ? null : k;
}

/**
 * The longest run of `op` calls that PID 1 served with no beat arriving between them: how many of
 * the student's steps the loop ran before the heartbeat task had a turn. An order, not a time: a
 * loaded machine slows the steps and the beats alike.
 */
export function mostCallsBetweenBeats(calls: { op: string; start: number }[], op: string, beat = "beat"): number {
  let most = 0;
  let run = 0;
  for (const c of [...calls].sort((a, b) => a.start - b.start)) {
    if (c.op === beat) run = 0;
    else if (c.op === op) most = Math.max(most, ++run);
  }
  return most;
}

/**
 * The first span (a grader call as PID 1 saw it: from its request to its end) that the loop's
 * beats left almost wholly uncovered: a stretch of at least `minSeconds` and 80% of the span with
 * no beat. A free loop beats every few ms, whatever the call's thread; a loop stuck in the call
 * lets through at most a beat at each edge (the main thread's own writes as the call begins and
 * ends vouch for one each, `loopBeats`). Shorter spans prove nothing and are passed over.
 */
export function spanWithoutBeats<S extends Interval>(
  spans: S[],
  beats: number[],
  minSeconds: number,
): { span: S; stretch: number } | null {
  for (const span of spans) {
    const stretch = worstGap(beats, span.start, span.end).gap;
    if (stretch >= minSeconds && stretch >= 0.8 * (span.end - span.start)) return { span, stretch };
  }
  return null;
}

/**
 * Under gVisor's thinner /proc ("stat" view) no run-queue wait explains a late beat, so a gap is
 * only charged beyond this (seconds) where an order judges what the wait would have: the steps
 * between beats (`steps`), or the beats during each grader call (`orderedInStatView`).
 */
export const STAT_VIEW_GAP_LIMIT = 0.5;

/** The `ops` entries of a numbered heartbeat: `count` beats, each answered after `delay` seconds. */
export const heartbeatOps = (count: number, delay: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i), { delay }]));

/**
 * The grader's heartbeat task kept reaching PID 1 while the student's code ran: no stretch between
 * two beats, less the time the child's threads waited for a CPU in it (machine load, from /proc), longer
 * than `limit`, and at least `minBeats` beats, each numbered in turn (`beatOutOfTurn`). With `aloneOnLoop`, the child
 * must have had no
 * thread but the loop's: beats sent by a thread would prove nothing about the loop.
 */
export function outsideHeartbeat(
  views: ScenarioView[],
  opts: {
    op?: string;
    limit: number;
    minBeats: number;
    weight: number;
    hint: string;
    aloneOnLoop?: boolean;
    minSeconds?: number;
    /** The student's steps, a grader op called on the loop: at most `most` of them between two beats. */
    steps?: { op: string; fn: string; most: number };
    /** The exercise's own checks judge, by the beats during each grader call, what the run-queue
     * wait would have told apart in the stat view (`spanWithoutBeat`). */
    orderedInStatView?: boolean;
  },
): CheckResult {
  const id = "loop.heartbeat";
  let worst = 0;
  let longest = 0;
  for (const v of views) {
    const absent = observed(v, opts.minSeconds ?? 0.1);
    if (absent) return check(id, opts.weight, false, { pass: "", fail: `Not judged: ${absent}.` });
    const o = v.ev.outside;
    if (opts.aloneOnLoop && o.threads.threadsMax > 1)
      return check(id, opts.weight, false, {
        pass: "",
        fail:
          `Your code ran ${o.threads.threadsMax - 1} thread(s) beside the event loop: this exercise is ` +
          `about sharing the loop's own thread, so every call must run there, with pauses that let other ` +
          `tasks run. ${opts.hint}`,
      });
    const calls = (o.ops?.calls ?? []).filter((c) => c.op === (opts.op ?? "beat"));
    const turn = beatOutOfTurn(calls);
    if (turn !== null)
      return check(id, opts.weight, false, {
        pass: "",
        fail:
          `The grader's heartbeat reached it out of turn (beat ${turn} of ${calls.length}): beats were ` +
          `sent by something other than the grader's own task. ${opts.hint}`,
      });
    const statView = o.threads.view === "stat";
    if (opts.steps) {
      const beat = opts.op ?? "beat";
      const most = mostCallsBetweenBeats([...v.ops(opts.steps.op), ...loopBeats(v, beat)], opts.steps.op, beat);
      if (most > opts.steps.most)
        return check(id, opts.weight, false, {
          pass: "",
          fail:
            `Your code called ${opts.steps.fn} ${most} times in a row without letting the grader's heartbeat ` +
            `task run once (it waited, ready, the whole time): no other task could run meanwhile. ${opts.hint}`,
        });
    }
    const beats = beatTimes(v, opts.op);
    const from = Math.min(...beats, o.returned!);
    const g = worstGap(beats, from, o.returned!);
    const held = heldGap(o.threads.held, g.at, g.gap);
    worst = Math.max(worst, held);
    longest = Math.max(longest, g.gap);
    const ordered = opts.steps || opts.orderedInStatView;
    if (held > (statView && ordered ? Math.max(opts.limit, STAT_VIEW_GAP_LIMIT) : opts.limit))
      return check(id, opts.weight, false, {
        pass: "",
        fail:
          `The grader's heartbeat task, ready to run every 10 ms, got no turn for ${fmt(g.gap)} ` +
          `(${fmt(g.at - o.started)} after the start): meanwhile your code held the event loop and no other ` +
          `task could run. ${opts.hint}`,
      });
    if (g.count < opts.minBeats)
      return check(id, opts.weight, false, {
        pass: "",
        fail:
          `The grader's heartbeat task ran only ${g.count} time(s) while your code ran (at least ` +
          `${opts.minBeats} expected): the event loop hardly ever got a chance to run it. ${opts.hint}`,
      });
  }
  return check(id, opts.weight, true, {
    pass:
      `The grader's heartbeat task kept running while your code ran (longest wait between beats ` +
      `${Math.round(longest * 1000)} ms, ${Math.round(worst * 1000)} ms of it not explained by the machine's load).`,
    fail: "",
  });
}
