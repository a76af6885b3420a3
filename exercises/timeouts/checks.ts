import { defineExercise } from "../../grader/catalog/definition";
import { concurrentTiming, loopNotBlocked, sameMultiset, waitsAtLeast } from "../../grader/checks/common";
import { check, type CheckResult } from "../../grader/checks/result";
import { fmt, maxOverlap, type ScenarioView } from "../../grader/checks/view";

const names = ["slow_operation", "with_timeout", "all_with_timeout"];
const needs = { requires: names, coroutines: names };

// Timeouts are never whole numbers: Python prints 1.0 where JSON (and JavaScript) say 1.
const timedOut = (timeout: number) => `Timed out after ${timeout}s`;
/** The first failing result, else the first: one entry per check id. */
const worst = (results: CheckResult[]) => results.find((r) => !r.passed) ?? results[0];
const argsOf = (v: ScenarioView) => v.spec.args!.args as [number, number];
const operations = (v: ScenarioView) => v.spans("sleep").filter((s) => s.fn === "slow_operation");
/** Halfway between giving up at the timeout and waiting for the operation to finish. */
const halfway = (delay: number, timeout: number) => timeout + (delay - timeout) / 2;

/** Every operation longer than the timeout was cancelled, at the timeout, before the function returned. */
function cancelledInTime(v: ScenarioView, delays: number[], timeout: number): CheckResult {
  const end = v.ev.final?.end ?? Infinity;
  const slow = operations(v).filter((s) => s.arg !== undefined && (s.arg as number) > timeout);
  const expected = delays.filter((d) => d > timeout).length;
  const ranOut = slow.find((s) => !s.cancelled);
  const late = slow.find((s) => s.cancelled && (s.end > end || s.end - s.start > halfway(s.arg as number, timeout)));
  const ok = slow.length === expected && !ranOut && !late && v.pending.length === 0;
  const where = v.spec.fn === "with_timeout" ? `with_timeout(${argsOf(v).join(", ")})` : `all_with_timeout(..., ${timeout})`;
  return check("trace.cancelled", 3, ok, {
    pass: "Every operation that ran past the timeout was cancelled at the timeout.",
    fail:
      slow.length < expected
        ? `In ${where}, the grader saw ${slow.length} of ${expected} slow_operation calls waiting with \`await asyncio.sleep(delay)\`: with_timeout should run slow_operation(delay).`
        : ranOut
          ? `In ${where}, slow_operation(${ranOut.arg}) ran to the end (${fmt(ranOut.end - ranOut.start)}) although the timeout was ${timeout} s: it must be cancelled when the time is up. asyncio.wait_for(...) (or async with asyncio.timeout(...)) does that for you.`
          : `In ${where}, your function returned while slow_operation was still running: giving up is not enough, the operation must be cancelled (task.cancel(), or let asyncio.wait_for do it).`,
  });
}

export default defineExercise({
  wallTimeMs: 20_000,
  scenarios: (rng) => {
    // Every delay is at least 0.3 s away from its timeout, so that a stalled machine cannot swap outcomes.
    const timeout = rng.between(0.5, 0.6);
    const delays = rng.sample([rng.between(0.1, 0.2), rng.between(0.1, 0.2), rng.between(1.0, 1.3), rng.between(1.0, 1.3)], 4);
    return [
      { id: "fast", fn: "with_timeout", ...needs, args: { args: [rng.between(0.15, 0.25), rng.between(0.55, 0.65)] }, timeout: 8 },
      { id: "slow", fn: "with_timeout", ...needs, args: { args: [rng.between(1.1, 1.4), rng.between(0.3, 0.45)] }, timeout: 8 },
      { id: "all", fn: "all_with_timeout", ...needs, args: { args: [delays, timeout] }, timeout: 8 },
    ];
  },
  checks: ({ fast, slow, all }) => {
    const [fDelay, fTimeout] = argsOf(fast);
    const [sDelay, sTimeout] = argsOf(slow);
    const [delays, timeout] = all.spec.args!.args as [number[], number];
    const expected = delays.map((d) => (d > timeout ? "timeout" : "done"));
    const timeoutLines = delays.filter((d) => d > timeout).map(() => timedOut(timeout));
    const ops = operations(all);
    const overlapped = ops.length === delays.length && maxOverlap(ops) === delays.length;
    return [
      check("returns.done", 1, fast.value === "done", {
        pass: `with_timeout(${fDelay}, ${fTimeout}) returned "done".`,
        fail: `with_timeout(${fDelay}, ${fTimeout}): the operation finishes before the timeout, so it should return "done"; it returned ${JSON.stringify(fast.value)}.`,
      }),
      check("returns.timeout", 2, slow.value === "timeout", {
        pass: `with_timeout(${sDelay}, ${sTimeout}) returned "timeout".`,
        fail: `with_timeout(${sDelay}, ${sTimeout}): the operation takes longer than the timeout, so it should return "timeout"; it returned ${JSON.stringify(slow.value)}${slow.ok ? "" : " (it raised an exception: catch asyncio.TimeoutError)"}.`,
      }),
      worst([
        check("output.timed-out", 2, JSON.stringify(slow.lines) === JSON.stringify([timedOut(sTimeout)]) && fast.lines.length === 0, {
          pass: `Printed "${timedOut(sTimeout)}" when it gave up, and nothing when the operation finished in time.`,
          fail:
            fast.lines.length > 0
              ? `with_timeout(${fDelay}, ${fTimeout}) finished in time, so it should print nothing; it printed ${JSON.stringify(fast.lines)}.`
              : `with_timeout(${sDelay}, ${sTimeout}) should print exactly "${timedOut(sTimeout)}"; it printed ${JSON.stringify(slow.lines)}.`,
        }),
        check("output.timed-out", 2, sameMultiset(all.lines, timeoutLines), {
          pass: "",
          fail: `all_with_timeout(${JSON.stringify(delays)}, ${timeout}) should print "${timedOut(timeout)}" once per operation that timed out (${timeoutLines.length}); it printed ${JSON.stringify(all.lines)}.`,
        }),
      ]),
      worst([
        waitsAtLeast(fast, fDelay, { weight: 1, hint: "Did you await the operation?" }),
        waitsAtLeast(slow, sTimeout, { weight: 1, hint: "with_timeout gave up before the timeout had passed." }),
      ]),
      check("timing.at-timeout", 3, slow.activeElapsed !== null && slow.activeElapsed <= halfway(sDelay, sTimeout) && (fast.activeElapsed ?? Infinity) <= halfway(fTimeout, fDelay), {
        pass: `Gave up after ${fmt(slow.elapsed)}, at the ${sTimeout} s timeout, and returned as soon as a fast operation was done.`,
        fail:
          (fast.activeElapsed ?? Infinity) > halfway(fTimeout, fDelay)
            ? `with_timeout(${fDelay}, ${fTimeout}) took ${fmt(fast.elapsed)}: the operation was done after ${fDelay} s, so return its result then, not at the timeout.`
            : `with_timeout(${sDelay}, ${sTimeout}) returned after ${fmt(slow.elapsed)}: it should give up at the ${sTimeout} s timeout, not wait for the ${sDelay} s operation to finish and then compare times.`,
      }),
      worst([cancelledInTime(slow, [sDelay], sTimeout), cancelledInTime(all, delays, timeout)]),
      check("returns.all-in-order", 2, JSON.stringify(all.value) === JSON.stringify(expected), {
        pass: "all_with_timeout returned each result in the order of the delays.",
        fail: `all_with_timeout(${JSON.stringify(delays)}, ${timeout}) should return ${JSON.stringify(expected)}; it returned ${JSON.stringify(all.value)}.${Array.isArray(all.value) && all.value.every((r) => r === "timeout") ? " Give each operation its own timeout: one timeout around the whole batch fails the fast ones too." : ""}`,
      }),
      check("trace.overlap", 2, overlapped, {
        pass: `All ${delays.length} operations ran at the same time.`,
        fail:
          ops.length === 0
            ? "The grader saw no slow_operation waiting with `await asyncio.sleep(delay)`."
            : `Only ${maxOverlap(ops)} of the ${delays.length} operations ran at the same time: all_with_timeout should run with_timeout for every delay concurrently (asyncio.gather).`,
      }),
      concurrentTiming(all, {
        concurrent: timeout,
        sequential: delays.reduce((sum, d) => sum + Math.min(d, timeout), 0),
        weight: 1,
        hint: overlapped ? "The operations overlapped, but the function kept waiting after the timeout." : "The operations ran one after another.",
      }),
      loopNotBlocked([fast, slow, all], 1),
    ];
  },
  timeline: {
    scenario: "all",
    ideal: (spec) => {
      const [delays, timeout] = spec.args!.args as [number[], number];
      // In finishing order, as the timeline numbers the student's rows.
      return [...delays].sort((a, b) => Math.min(a, timeout) - Math.min(b, timeout)).map((d, i) => ({ task: i === 0 ? "slow_operation" : `slow_operation #${i + 1}`, op: `sleep(${d})`, start: 0, end: Math.min(d, timeout), ...(d > timeout ? { cancelled: true } : {}) }));
    },
  },
});
