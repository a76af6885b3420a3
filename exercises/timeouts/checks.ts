import { defineExercise } from "../../grader/catalog/definition";
import {
  concurrentTiming,
  judgedAfter,
  loopNotBlocked,
  sameMultiset,
  waitsAtLeast,
  worst,
} from "../../grader/checks/common";
import { check, type CheckResult } from "../../grader/checks/result";
import { fmt, type ScenarioView } from "../../grader/checks/view";
import type { ScenarioSpec } from "../../grader/sandbox/run";
import { atLeast, halfway, promptly, returnedWithin, waited } from "../../grader/checks/policy";

const names = ["slow_operation", "with_timeout", "all_with_timeout"];
const needs = { requires: names, coroutines: names };
const MARGIN = 0.25;

// Timeouts are never whole numbers: Python prints 1.0 where JSON (and JavaScript) say 1.
const timedOut = (timeout: number) => `Timed out after ${timeout}s`;
const argsOf = (v: ScenarioView) => v.spec.args!.args as [number, number];
/** The key the driver sends for a delay (Python's `f"{d:g}"`, JavaScript's String(d) for these values). */
const keyOf = (d: number) => String(d);
/**
 * The operations table for the grader's own slow_operation. `real[i]` is how long the operation
 * called with `delays[i]` really takes (hidden): some disagree with their argument, so that only a
 * real timeout — not a comparison of the argument with the timeout — gets every outcome right.
 */
const opsFor = (delays: number[], real: number[]) => ({
  slow: Object.fromEntries(delays.map((d, i) => [keyOf(d), { delay: real[i], result: "done" }])),
  finished: Object.fromEntries(delays.map((d) => [keyOf(d), { delay: 0 }])),
  mark: { returned: { delay: 0 } },
});

/**
 * With the grader's slow_operation (served by PID 1): every operation longer than the timeout was
 * started once and never reported running to its end, although the grader kept the process alive
 * past its delay; every shorter one ran to its end; the function returned at the timeout.
 */
function cancelledInTime(v: ScenarioView, delays: number[], timeout: number, where: string): CheckResult {
  const calls = v.ops("slow");
  const finished = v.ops("finished");
  const returned = v.ops("mark").filter((m) => m.arg === "returned");
  const real = realOf(v);
  const count = (list: { arg: unknown }[], d: number) => list.filter((c) => c.arg === keyOf(d)).length;
  const want = (d: number) => delays.filter((x) => x === d).length;
  const distinct = [...new Set(delays)];
  const started = distinct.every((d) => count(calls, d) === want(d)) && calls.length === delays.length;
  // What each operation really takes decides its fate, not its argument.
  const ranOut = distinct.find((d) => real(d) > timeout && count(finished, d) > 0);
  const cut = distinct.find((d) => real(d) <= timeout && count(finished, d) !== want(d));
  const slowest = Math.max(...delays.map(real).filter((d) => d > timeout), timeout);
  // The lower bound from the hand-over (the earliest the call began); the upper bound from the call's
  // start bounded from outside (the child's start, slow under gVisor, is not the student's), less the
  // loop thread's wait for a CPU.
  const at = (from: number) => (returned.length === 1 ? returned[0].start - from : null);
  const returnedAt = at(v.outside.started);
  const onTime = atLeast(returnedAt, timeout) && promptly(v, at(v.callStarted), halfway(timeout, slowest));
  const ok = started && ranOut === undefined && cut === undefined && onTime;
  // evidence: outside — the grader's slow_operation calls, their "ran to the end" reports and the return, all served
  // and timed by PID 1.
  return check("trace.cancelled", 3, ok, {
    pass: "Every operation that ran past the timeout was cancelled at the timeout.",
    fail: !started
      ? `With the grader's own slow_operation, ${where} started ` +
        `${JSON.stringify(calls.map((c) => Number(c.arg)))} for the delays ${JSON.stringify(delays)}: ` +
        `with_timeout should run slow_operation(delay) once.`
      : ranOut !== undefined
        ? `In ${where}, slow_operation(${ranOut}) ran to its end although it ran past the ${timeout} s ` +
          `timeout (the grader's operations do not always take as long as their argument says): it must be ` +
          `cancelled when the time is up. asyncio.wait_for(...) (or async with asyncio.timeout(...)) does ` +
          `that for you.`
        : cut !== undefined
          ? `In ${where}, slow_operation(${cut}) was stopped although it finished before the ${timeout} s ` +
            `timeout (the grader's operations do not always take as long as their argument says): let the ` +
            `timeout decide, not the argument.`
          : `In ${where}, your function returned after ${fmt(returnedAt)}: it should give up at the ` +
            `${timeout} s timeout, with the slow operation cancelled.`,
  });
}

/** How long the grader's operation called with `d` really takes in this scenario. */
const realOf = (v: ScenarioView) => {
  const { delays, real } = v.spec.hidden as { delays: number[]; real: number[] };
  return (d: number) => real[delays.indexOf(d)];
};

export default defineExercise({
  failsWith: {
    "wrong/check-after.py": "timing.at-timeout",
    "wrong/no-cancel.py": "trace.cancelled",
    "wrong/sequential.py": "trace.overlap",
    "wrong/one-timeout-for-all.py": "returns.all-in-order",
  },
  wallTimeMs: 30_000,
  scenarios: (rng): ScenarioSpec[] => {
    // Every delay is at least 0.3 s away from its timeout, so that a stalled machine cannot swap outcomes.
    const timeout = rng.between(0.5, 0.6);
    const delays = rng.sample(
      [rng.between(0.1, 0.2), rng.between(0.1, 0.2), rng.between(1.0, 1.3), rng.between(1.0, 1.3)],
      4,
    );
    const cTimeout = rng.between(0.3, 0.4);
    const cDelay = rng.between(0.1, 0.2);
    const cReal = rng.between(1.0, 1.2);
    const oTimeout = rng.between(0.4, 0.5);
    // Two quick and two slow operations; one of each says the opposite of what it really takes.
    const quick = [rng.between(0.1, 0.15), rng.between(0.2, 0.25)];
    const slowOnes = [rng.between(0.9, 1.0), rng.between(0.8, 0.85)];
    const pairs = rng.sample(
      [
        [quick[0], quick[0]],
        [slowOnes[0], slowOnes[0]],
        [quick[1], slowOnes[1]],
        [slowOnes[1], quick[1]],
      ],
      4,
    );
    const oDelays = pairs.map(([arg]) => arg);
    const oReal = pairs.map(([, real]) => real);
    return [
      {
        id: "fast",
        fn: "with_timeout",
        ...needs,
        args: { args: [rng.between(0.15, 0.25), rng.between(0.55, 0.65)] },
        timeout: 8,
      },
      {
        id: "slow",
        fn: "with_timeout",
        ...needs,
        args: { args: [rng.between(1.1, 1.4), rng.between(0.3, 0.45)] },
        timeout: 8,
      },
      { id: "all", fn: "all_with_timeout", ...needs, args: { args: [delays, timeout] }, timeout: 8 },
      {
        id: "cancel",
        entry: "cancel_entry",
        ...needs,
        // Its argument says it is quick; it really runs past the timeout.
        args: { delay: cDelay, timeout: cTimeout, hold: cReal + MARGIN },
        ops: opsFor([cDelay], [cReal]),
        hidden: { delays: [cDelay], real: [cReal] },
        timeout: 8,
      },
      {
        id: "all-ops",
        entry: "all_entry",
        ...needs,
        args: { delays: oDelays, timeout: oTimeout, hold: Math.max(...oReal) + MARGIN },
        ops: opsFor(oDelays, oReal),
        hidden: { delays: oDelays, real: oReal },
        timeout: 8,
      },
    ];
  },
  given: ({ fast, slow, all, "all-ops": allOps }) => {
    const [fDelay, fTimeout] = argsOf(fast);
    const [sDelay, sTimeout] = argsOf(slow);
    const [delays, timeout] = all.spec.args!.args as [number[], number];
    const expected = delays.map((d) => (d > timeout ? "timeout" : "done"));
    const timeoutLines = delays.filter((d) => d > timeout).map(() => timedOut(timeout));
    const oDelays = allOps.spec.args!.delays as number[];
    const oTimeout = allOps.spec.args!.timeout as number;
    const oReal = (allOps.spec.hidden as { real: number[] }).real;
    const oExpected = oReal.map((d) => (d > oTimeout ? "timeout" : "done"));
    const calls = allOps.ops("slow");
    const firstStart = Math.min(...calls.map((c) => c.start));
    const lastStart = Math.max(...calls.map((c) => c.start));
    const overlapped = calls.length === oDelays.length && lastStart < firstStart + Math.min(...oReal, oTimeout);
    return {
      fDelay,
      fTimeout,
      sDelay,
      sTimeout,
      delays,
      timeout,
      expected,
      timeoutLines,
      oDelays,
      oTimeout,
      oExpected,
      calls,
      firstStart,
      lastStart,
      overlapped,
    };
  },
  checks: {
    // evidence: cross-checked — the value (inside) counts once PID 1's clock shows the operation's delay had passed.
    "returns.done": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["fast"],
      evidence: "inside values, gated on PID 1's clock",
      judge: ({ fast }, { fDelay, fTimeout }) =>
        judgedAfter(
          fast,
          waited(fDelay),
          "returns.done",
          1,
          () =>
            check(
              "returns.done",
              1,
              fast.value === "done",
              {
                pass: `with_timeout(${fDelay}, ${fTimeout}) returned "done".`,
                fail:
                  `with_timeout(${fDelay}, ${fTimeout}): the operation finishes before the timeout, so it ` +
                  `should return "done"; it returned ${JSON.stringify(fast.value)}.`,
              },
              "cross-checked",
            ),
          "cross-checked",
        ),
    },
    // evidence: cross-checked — the value (inside) counts once PID 1's clock shows the timeout had passed.
    "returns.timeout": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["slow", "cancel"],
      evidence: "inside values, gated on PID 1's clock",
      judge: ({ slow, cancel }, { sDelay, sTimeout }) =>
        judgedAfter(
          slow,
          waited(sTimeout),
          "returns.timeout",
          2,
          () =>
            check(
              "returns.timeout",
              2,
              slow.value === "timeout" && cancel.value === "timeout",
              {
                pass: `with_timeout(${sDelay}, ${sTimeout}) returned "timeout".`,
                fail:
                  `with_timeout(${sDelay}, ${sTimeout}): the operation takes longer than the timeout, so ` +
                  `it should return "timeout"; it returned ` +
                  `${JSON.stringify(slow.value === "timeout" ? cancel.value : slow.value)}` +
                  `${slow.ok ? "" : " (it raised an exception: catch asyncio.TimeoutError)"}.`,
              },
              "cross-checked",
            ),
          "cross-checked",
        ),
    },
    // evidence: outside — the lines PID 1 read, once the run lasted the timeout.
    "output.timed-out": {
      weight: 2,
      kind: "outside",
      scenarios: ["fast", "slow", "all"],
      evidence: "lines and their arrival at the timeout",
      judge: ({ fast, slow, all }, { fDelay, fTimeout, sDelay, sTimeout, delays, timeout, timeoutLines }) =>
        worst([
          judgedAfter(slow, waited(sTimeout), "output.timed-out", 2, () =>
            check(
              "output.timed-out",
              2,
              JSON.stringify(slow.lines) === JSON.stringify([timedOut(sTimeout)]) &&
                fast.lines.length === 0 &&
                atLeast(slow.lineAt(timedOut(sTimeout)) ?? 0, sTimeout),
              {
                pass:
                  `Printed "${timedOut(sTimeout)}" when it gave up, and nothing when the operation finished ` +
                  "in time.",
                fail:
                  fast.lines.length > 0
                    ? `with_timeout(${fDelay}, ${fTimeout}) finished in time, so it should print nothing; it ` +
                      `printed ${JSON.stringify(fast.lines)}.`
                    : `with_timeout(${sDelay}, ${sTimeout}) should print exactly "${timedOut(sTimeout)}" when ` +
                      `the time is up; it printed ` +
                      `${JSON.stringify(slow.lines)}` +
                      `${
                        slow.lineAt(timedOut(sTimeout)) !== null ? ` after ${fmt(slow.lineAt(timedOut(sTimeout)))}` : ""
                      }.`,
              },
              "outside",
            ),
          ),
          judgedAfter(all, waited(timeout), "output.timed-out", 2, () =>
            check(
              "output.timed-out",
              2,
              sameMultiset(all.lines, timeoutLines),
              {
                pass: "",
                fail:
                  `all_with_timeout(${JSON.stringify(delays)}, ${timeout}) should print ` +
                  `"${timedOut(timeout)}" once per operation that timed out (${timeoutLines.length}); it ` +
                  `printed ${JSON.stringify(all.lines)}.`,
              },
              "outside",
            ),
          ),
        ]),
    },
    // evidence: outside — PID 1's clock.
    "timing.waits": {
      weight: 1,
      kind: "outside",
      scenarios: ["fast", "slow"],
      evidence: "PID 1's clock",
      judge: ({ fast, slow }, { fDelay, sTimeout }) =>
        worst([
          waitsAtLeast(fast, fDelay, { weight: 1, hint: "Did you await the operation?" }),
          waitsAtLeast(slow, sTimeout, { weight: 1, hint: "with_timeout gave up before the timeout had passed." }),
        ]),
    },
    // evidence: outside — PID 1's clock, less the loop thread's run-queue wait read from /proc.
    "timing.at-timeout": {
      weight: 3,
      kind: "outside",
      scenarios: ["fast", "slow"],
      evidence: "PID 1's clock",
      judge: ({ fast, slow }, { fDelay, fTimeout, sDelay, sTimeout }) =>
        check(
          "timing.at-timeout",
          3,
          atLeast(slow.outsideElapsed ?? 0, sTimeout) &&
            atLeast(fast.outsideElapsed ?? 0, fDelay) &&
            returnedWithin(slow, halfway(sTimeout, sDelay)) &&
            returnedWithin(fast, halfway(fDelay, fTimeout)),
          {
            pass:
              `Gave up after ${fmt(slow.outsideElapsed)}, at the ${sTimeout} s timeout, and returned as ` +
              `soon as a fast operation was done.`,
            fail:
              !atLeast(slow.outsideElapsed ?? 0, sTimeout) || !atLeast(fast.outsideElapsed ?? 0, fDelay)
                ? `with_timeout returned after ${fmt(slow.outsideElapsed)} (delay ${sDelay} s, timeout ` +
                  `${sTimeout} s) and ${fmt(fast.outsideElapsed)} (delay ${fDelay} s, timeout ${fTimeout} s): ` +
                  `before the waiting could have happened.`
                : !returnedWithin(fast, halfway(fDelay, fTimeout))
                  ? `with_timeout(${fDelay}, ${fTimeout}) took ${fmt(fast.outsideActiveElapsed)}: the operation was ` +
                    `done after ${fDelay} s, so return its result then, not at the timeout.`
                  : `with_timeout(${sDelay}, ${sTimeout}) returned after ${fmt(slow.outsideActiveElapsed)}: it ` +
                    `should give up at the ${sTimeout} s timeout, not wait for the ${sDelay} s operation to ` +
                    `finish and then compare times.`,
          },
        ),
    },
    "trace.cancelled": {
      weight: 3,
      kind: "outside",
      scenarios: ["cancel", "all-ops"],
      evidence:
        "grader slow operation ops served and timed by PID 1; the 'finished' report comes " +
        "from the grader's coroutine inside",
      judge: ({ cancel, "all-ops": allOps }, { oDelays, oTimeout }) =>
        worst([
          cancelledInTime(
            cancel,
            [cancel.spec.args!.delay as number],
            cancel.spec.args!.timeout as number,
            `with_timeout(${cancel.spec.args!.delay}, ${cancel.spec.args!.timeout})`,
          ),
          cancelledInTime(allOps, oDelays, oTimeout, `all_with_timeout(${JSON.stringify(oDelays)}, ${oTimeout})`),
        ]),
    },
    // evidence: cross-checked — the value (inside) counts once PID 1's clock shows the timeout had passed; with the
    // grader's slow_operation too.
    "returns.all-in-order": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["all", "all-ops"],
      evidence: "inside values, gated on PID 1's clock",
      judge: ({ all, "all-ops": allOps }, { delays, timeout, expected, oExpected }) =>
        judgedAfter(
          all,
          waited(timeout),
          "returns.all-in-order",
          2,
          () =>
            check(
              "returns.all-in-order",
              2,
              JSON.stringify(all.value) === JSON.stringify(expected) &&
                JSON.stringify(allOps.value) === JSON.stringify(oExpected),
              {
                pass: "all_with_timeout returned each result in the order of the delays.",
                fail:
                  JSON.stringify(all.value) === JSON.stringify(expected)
                    ? `With the grader's own slow_operation, all_with_timeout should return ` +
                      `${JSON.stringify(oExpected)} (what each operation really took decides, not its ` +
                      `argument); it returned ${JSON.stringify(allOps.value)}.`
                    : `all_with_timeout(${JSON.stringify(delays)}, ${timeout}) should return ` +
                      `${JSON.stringify(expected)}; it returned ` +
                      `${JSON.stringify(all.value)}.` +
                      `${
                        Array.isArray(all.value) && all.value.every((r) => r === "timeout")
                          ? " Give each " +
                            "operation its own timeout: one timeout around the whole batch fails the fast ones too."
                          : ""
                      }`,
              },
              "cross-checked",
            ),
          "cross-checked",
        ),
    },
    // evidence: outside — PID 1 saw every grader slow_operation start before any could have ended.
    "trace.overlap": {
      weight: 2,
      kind: "outside",
      scenarios: ["all-ops"],
      evidence: "every grader slow op started before any could end",
      judge: (_views, { oDelays, oTimeout, calls, firstStart, lastStart, overlapped }) =>
        check("trace.overlap", 2, overlapped, {
          pass: `With the grader's own slow_operation, all ${oDelays.length} operations ran at the same time.`,
          fail:
            calls.length === 0
              ? "With the grader's own slow_operation, all_with_timeout started no operation: it should run " +
                "with_timeout for every delay."
              : calls.length !== oDelays.length
                ? `With the grader's own slow_operation, all_with_timeout(${JSON.stringify(oDelays)}, ` +
                  `${oTimeout}) started ${calls.length} operations: one per delay.`
                : `all_with_timeout started the operations one after another (the last ` +
                  `${fmt(lastStart - firstStart)} after the first): it should run with_timeout for every delay ` +
                  `concurrently (asyncio.gather).`,
        }),
    },
    // evidence: outside — PID 1's clock, less the loop thread's run-queue wait.
    "timing.concurrent": {
      weight: 1,
      kind: "outside",
      scenarios: ["all", "all-ops"],
      evidence: "PID 1's clock",
      judge: ({ all }, { delays, timeout, overlapped }) =>
        concurrentTiming(all, {
          concurrent: timeout,
          sequential: delays.reduce((sum, d) => sum + Math.min(d, timeout), 0),
          weight: 1,
          hint: overlapped
            ? "The operations overlapped, but the function kept waiting after the timeout."
            : "The operations ran one after another.",
        }),
    },
    // evidence: outside — the /proc sampler of the loop's thread.
    "loop.not-blocked": {
      weight: 1,
      kind: "outside",
      scenarios: ["fast", "slow", "all"],
      evidence: "/proc sampler",
      judge: ({ fast, slow, all }) => loopNotBlocked([fast, slow, all], 1),
    },
  },
  timeline: {
    scenario: "all",
    ideal: (spec) => {
      const [delays, timeout] = spec.args!.args as [number[], number];
      // In finishing order, as the timeline numbers the student's rows.
      return [...delays]
        .sort((a, b) => Math.min(a, timeout) - Math.min(b, timeout))
        .map((d, i) => ({
          task: i === 0 ? "slow_operation" : `slow_operation #${i + 1}`,
          op: `sleep(${d})`,
          start: 0,
          end: Math.min(d, timeout),
          ...(d > timeout ? { cancelled: true } : {}),
        }));
    },
  },
});
