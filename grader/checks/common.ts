import type { BlockingCall } from "../sandbox/evidence";
import { check, type CheckResult } from "./result";
import { fmt, OUTSIDE_LAG, type ScenarioView } from "./view";

/**
 * No blocking call (time.sleep, open, …) ran on the event loop's thread, and no step held the loop
 * for longer than a busy machine explains. `advice` turns the call found into the fix to suggest.
 */
export function loopNotBlocked(
  views: ScenarioView[],
  weight: number,
  opts: { calls?: string[]; advice?: (call: BlockingCall) => string } = {},
): CheckResult {
  const calls = opts.calls ?? ["time.sleep"];
  const call = views.flatMap((v) => v.blockingCalls()).find((b) => calls.includes(b.call));
  const step = views.flatMap((v) => v.blockedSteps())[0];
  const advice = opts.advice ?? (() => "Use the asyncio equivalent (for sleeping, `await asyncio.sleep(...)`).");
  return check("loop.not-blocked", weight, !call && !step, {
    pass: "The event loop was never blocked.",
    fail: call
      ? `\`${call.fn ?? "your code"}\` called ${call.call}(${JSON.stringify(call.arg)}) on the event loop's thread: while it blocks, no other task can run. ${advice(call)}`
      : step
        ? `One step of ${step.what ? `\`${step.what}\`` : "your code"} held the event loop for ${fmt(step.blocked)} without yielding: a blocking call inside a coroutine stops every other task.`
        : "",
  });
}

/** Every task the student started had finished when their coroutine returned. */
export function nonePending(views: ScenarioView[], weight: number): CheckResult {
  const left = views.flatMap((v) => v.pending);
  return check("tasks.none-pending", weight, left.length === 0, {
    pass: "No task was left running when your function returned.",
    fail: `Your function returned while ${left.map((t) => `\`${t.coro}\``).join(", ")} ${left.length === 1 ? "was" : "were"} still running: await every task you create before returning.`,
  });
}

/**
 * Elapsed time close to the concurrent schedule: the limit sits halfway to the sequential time, and
 * the outside view of the printed lines must agree, so that a patched clock cannot pass.
 */
export function concurrentTiming(
  v: ScenarioView,
  opts: { concurrent: number; sequential: number; weight: number; hint: string; bracketedByLines?: boolean },
): CheckResult {
  const limit = opts.concurrent + (opts.sequential - opts.concurrent) / 2;
  const elapsed = v.activeElapsed;
  const outside = opts.bracketedByLines ? v.outsideSpan : null;
  const ok = elapsed !== null && elapsed <= limit && (outside === null || outside <= limit + OUTSIDE_LAG + v.cpuWait);
  return check("timing.concurrent", opts.weight, ok, {
    pass: `Took ${fmt(v.elapsed)}: running concurrently takes about ${fmt(opts.concurrent)}.`,
    fail: `Took ${fmt(Math.max(elapsed ?? 0, outside ?? 0))}; running concurrently takes about ${fmt(opts.concurrent)}, one after another about ${fmt(opts.sequential)}. ${opts.hint}`,
  });
}

/** Nothing finished before the waiting it was asked to do could have happened. */
export function waitsAtLeast(
  v: ScenarioView,
  seconds: number,
  opts: { weight: number; hint: string; bracketedByLines?: boolean },
): CheckResult {
  const elapsed = v.elapsed;
  const outside = opts.bracketedByLines ? v.outsideSpan : null;
  const ok = elapsed !== null && elapsed >= seconds - 0.02 && (outside === null || outside >= seconds - OUTSIDE_LAG);
  return check("timing.waits", opts.weight, ok, {
    pass: `Waited ${fmt(elapsed)}, as the delays ask.`,
    fail: `Finished after ${fmt(Math.min(elapsed ?? 0, outside ?? Infinity))}, but the delays ask for at least ${fmt(seconds)}. ${opts.hint}`,
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
