import type { BlockingCall } from "../sandbox/evidence";
import { check, type CheckResult } from "./result";
import { atLeast, halfway, returnedAfter, returnedWithin } from "./policy";
import { describeSyscall, fmt, HELD_BLOCKED_LIMIT, type ScenarioView } from "./view";

/**
 * Shared check builders. Each pass rests on what PID 1 observed from outside the student's
 * interpreter (its clock, the printed lines' arrival, /proc of the child's threads, the ops it
 * served); the inside trace only names the culprit in the message. None passes on absent evidence:
 * a scenario that returned before doing its work fails them all.
 */

/** How early a line or a mark may reach PID 1 before the delay it follows: now in ./policy. */
export { EARLY } from "./policy";

/** The first failing result over several scenarios, else the first: one entry per check id. */
export const worst = (results: CheckResult[]) => results.find((r) => !r.passed) ?? results[0];

/**
 * A check that is judged only once the outside view shows the scenario ran for `min` seconds:
 * before that it fails as "not judged", so that code which did nothing earns nothing.
 */
export function judgedAfter(
  v: ScenarioView,
  min: number,
  id: string,
  weight: number,
  make: () => CheckResult,
  kind: "outside" | "cross-checked" = "outside",
): CheckResult {
  const absent = observed(v, min);
  return absent ? check(id, weight, false, { pass: "", fail: `Not judged: ${absent}.` }, kind) : make();
}

/** A scenario ran long enough, watched from outside, for "nothing went wrong while it ran" to mean something. */
export function observed(v: ScenarioView, minSeconds: number): string | null {
  const e = v.outsideElapsed;
  if (e === null) return "the grader never saw your function return";
  if (e < minSeconds) return `your function returned after ${fmt(e)}, before doing the work the scenario asks for`;
  if (!v.watched) return "the grader could not watch your code's threads";
  return null;
}

/**
 * How long a scenario must have lasted before a check can judge it: a number for every view, or one
 * per view (its shortest honest duration, say). Code that does nothing returns at once, and on a
 * loaded machine "at once" can look like a tenth of a second: a check that counts absence of a fault
 * as a pass must ask for the scenario's own work first.
 */
export type MinSeconds = number | ((v: ScenarioView) => number);
const leastOf = (m: MinSeconds | undefined, v: ScenarioView) => (typeof m === "function" ? m(v) : (m ?? 0.1));

/**
 * The event loop's thread was never stuck in a blocking call (time.sleep, a blocking read, a lock)
 * nor, with `busyLimit`, computing for longer than that without a pause — as /proc showed it.
 * `advice` turns the blocking call the inside trace names into the fix to suggest.
 */
export function loopNotBlocked(
  views: ScenarioView[],
  weight: number,
  opts: {
    calls?: string[];
    advice?: (call: BlockingCall) => string;
    busyLimit?: number;
    minSeconds?: MinSeconds;
  } = {},
): CheckResult {
  const calls = opts.calls ?? ["time.sleep"];
  const advice = opts.advice ?? (() => "Use the asyncio equivalent (for sleeping, `await asyncio.sleep(...)`).");
  const id = "loop.not-blocked";
  for (const v of views) {
    const absent = observed(v, leastOf(opts.minSeconds, v));
    if (absent) return check(id, weight, false, { pass: "", fail: `Not judged: ${absent}.` });
  }
  const call = views.flatMap((v) => v.blockingCalls()).find((b) => calls.includes(b.call));
  const blocked = views.map((v) => v.worstBlocked(HELD_BLOCKED_LIMIT)).find((h) => h);
  const busy = opts.busyLimit === undefined ? null : views.map((v) => v.worstBusy(opts.busyLimit!)).find((h) => h);
  const named = call
    ? `\`${call.fn ?? "your code"}\` called ${call.call}(${JSON.stringify(call.arg)}) on the event loop's ` +
      `thread: while it blocks, no other task can run. ${advice(call)}`
    : null;
  return check(id, weight, !call && !blocked && !busy, {
    pass: "The event loop was never blocked.",
    fail:
      named ??
      (blocked
        ? `The event loop's thread was stuck in ${describeSyscall(blocked.syscall)} for ` +
          `${fmt(blocked.blocked)}: while it blocks, no other task can run. Await the asyncio equivalent, or ` +
          `hand blocking work to a thread (\`await asyncio.to_thread(fn, arg)\`).`
        : `The event loop's thread computed for ${fmt(busy?.cpu ?? 0)} without a pause: while it computes, ` +
          `no other task can run.`),
  });
}

/**
 * Every task the student started had finished when their coroutine returned. The task list comes
 * from inside the interpreter: it can only count once the outside view shows the work was done.
 */
export function nonePending(
  views: ScenarioView[],
  weight: number,
  opts: { minSeconds?: MinSeconds } = {},
): CheckResult {
  for (const v of views) {
    const absent = observed(v, leastOf(opts.minSeconds, v));
    if (absent)
      return check("tasks.none-pending", weight, false, { pass: "", fail: `Not judged: ${absent}.` }, "cross-checked");
  }
  const left = views.flatMap((v) => v.pending);
  return check(
    "tasks.none-pending",
    weight,
    left.length === 0,
    {
      pass: "No task was left running when your function returned.",
      fail:
        `Your function returned while ${left.map((t) => `\`${t.coro}\``).join(", ")} ` +
        `${left.length === 1 ? "was" : "were"} still running: await every task you create before returning.`,
    },
    "cross-checked",
  );
}

/**
 * Elapsed time, by PID 1's clock from handing over the scenario to the student's return, close to
 * the concurrent schedule: the limit sits halfway to the sequential time, and time the loop's
 * thread waited for a CPU (read from /proc) is not charged. Code that skipped the waiting fails too.
 */
export function concurrentTiming(
  v: ScenarioView,
  opts: { concurrent: number; sequential: number; weight: number; hint: string; bracketedByLines?: boolean },
): CheckResult {
  const limit = halfway(opts.concurrent, opts.sequential);
  const elapsed = v.outsideActiveElapsed;
  const outside = opts.bracketedByLines ? v.outsideSpan : null;
  const waited = atLeast(v.outsideElapsed ?? 0, opts.concurrent, "return");
  const ok = waited && returnedWithin(v, limit, { lines: opts.bracketedByLines });
  return check("timing.concurrent", opts.weight, ok, {
    pass: `Took ${fmt(v.outsideElapsed)}: running concurrently takes about ${fmt(opts.concurrent)}.`,
    fail: !waited
      ? `Returned after ${fmt(v.outsideElapsed)}, before the waiting could have happened (running ` +
        `concurrently takes about ${fmt(opts.concurrent)}).`
      : `Took ${fmt(Math.max(elapsed ?? 0, outside ?? 0))}; running concurrently takes about ` +
        `${fmt(opts.concurrent)}, one after another about ${fmt(opts.sequential)}. ${opts.hint}`,
  });
}

/** Nothing finished before the waiting it was asked to do could have happened (PID 1's clock). */
export function waitsAtLeast(
  v: ScenarioView,
  seconds: number,
  opts: { weight: number; hint: string; bracketedByLines?: boolean },
): CheckResult {
  const elapsed = v.outsideElapsed;
  const outside = opts.bracketedByLines ? v.outsideSpan : null;
  const ok = returnedAfter(v, seconds, { lines: opts.bracketedByLines });
  return check("timing.waits", opts.weight, ok, {
    pass: `Waited ${fmt(elapsed)}, as the delays ask.`,
    fail:
      elapsed === null
        ? `The grader never saw your function return. ${opts.hint}`
        : `Finished after ${fmt(Math.min(elapsed, outside ?? Infinity))}, but the delays ask for at least ` +
          `${fmt(seconds)}. ${opts.hint}`,
  });
}

/** All lines of `first` appear before any line of `then`. */
export function allBefore(lines: string[], first: string[], then: string[]): boolean {
  const lastFirst = Math.max(...first.map((l) => lines.indexOf(l)));
  const firstThen = Math.min(...then.map((l) => (lines.includes(l) ? lines.indexOf(l) : Infinity)));
  return first.every((l) => lines.includes(l)) && lastFirst < firstThen;
}

export const sameMultiset = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
