import { describe, expect, it } from "vitest";
import {
  apart,
  atLeast,
  atOnce,
  atStart,
  EARLY,
  endedBy,
  gap,
  halfway,
  heldGap,
  heldThrough,
  lessLoad,
  mostOf,
  promptly,
  returnedAfter,
  returnedWithin,
  SLACK,
  startedAfter,
  waitDuring,
  waited,
  waitedBetween,
} from "../../grader/checks/policy";
import { ScenarioView } from "../../grader/checks/view";
import type { HeldRun } from "../../grader/sandbox/evidence";
import { blankEvidence } from "../helpers/blank-evidence";

/**
 * The timing policy against hand-written evidence: PID 1's clock starts at 100. Each primitive is
 * tried on an honest run on an idle machine, the same run on a loaded one (the loop's thread
 * waited for a CPU: `mainWait`), and a run that skipped its work.
 */
function view(opts: {
  returned?: number | null;
  mainWait?: number;
  lines?: { text: string; t: number; lag?: number }[];
  begun?: number | null;
  /** The loop thread's own time (asleep or computing): unless given, all of the call not spent waiting. */
  own?: number;
}): ScenarioView {
  const ev = blankEvidence("main");
  ev.started = 100;
  ev.lines = opts.lines ?? [];
  ev.outside = {
    ...ev.outside,
    started: 100,
    begun: opts.begun === undefined ? 100 : opts.begun,
    returned: opts.returned === undefined ? 101 : opts.returned,
    threads: {
      ...ev.outside.threads,
      samples: 100,
      threadsMax: 1,
      mainWait: opts.mainWait ?? 0,
      mainOwn: opts.own ?? Math.max(0, (opts.returned ?? 101) - (opts.begun ?? 100) - (opts.mainWait ?? 0)),
    },
  };
  return new ScenarioView({ id: "main", timeout: 10 }, ev);
}
const idle = (returned: number, more = {}) => view({ returned, mainWait: 0, ...more });
const loaded = (returned: number, wait: number, more = {}) => view({ returned, mainWait: wait, ...more });
const run = (start: number, end: number, more: Partial<HeldRun> = {}): HeldRun => ({
  tid: 1,
  main: true,
  start,
  end,
  cpu: 0,
  wait: 0,
  blocked: end - start,
  syscall: null,
  ...more,
});

describe("lower bounds take PID 1's clock whole", () => {
  it("atLeast: a wait kept passes idle or loaded, a skipped one fails, the slack is the clock's", () => {
    expect(atLeast(0.5, 0.5)).toBe(true); // idle, on time
    expect(atLeast(0.9, 0.5)).toBe(true); // loaded: later, never earlier
    expect(atLeast(0.48, 0.5)).toBe(true); // within EARLY
    expect(atLeast(0.46, 0.5)).toBe(false); // beyond it
    expect(atLeast(0.02, 0.5)).toBe(false); // skipped the wait
    expect(atLeast(null, 0.5)).toBe(false); // never seen
    expect(atLeast(0.485, 0.5, "return")).toBe(true);
    expect(atLeast(0.475, 0.5, "return")).toBe(false);
    expect(atLeast(0.491, 0.5, "run")).toBe(true);
    expect(atLeast(0.485, 0.5, "run")).toBe(false);
    expect(SLACK.line).toBe(EARLY);
  });
  it("waited and mostOf: the least duration that counts as having done the work", () => {
    expect(waited(0.5)).toBeCloseTo(0.47);
    expect(waited(0.5, "return")).toBeCloseTo(0.48);
    expect(mostOf(0.5)).toBeCloseTo(0.4);
    expect(mostOf(0.5, 0.5)).toBeCloseTo(0.25);
  });
  it("returnedAfter: the call's return and, with lines, the printed span", () => {
    const lines = [
      { text: "a", t: 100.01 },
      { text: "b", t: 100.5 },
    ];
    expect(returnedAfter(idle(100.5), 0.5)).toBe(true);
    expect(returnedAfter(loaded(101.2, 0.6), 0.5)).toBe(true);
    expect(returnedAfter(idle(100.05), 0.5)).toBe(false); // skipped the wait
    expect(returnedAfter(idle(100.5, { lines }), 0.5, { lines: true })).toBe(true);
    // Returned late, but both lines printed at once: the span shows the skipped wait.
    const bunched = [
      { text: "a", t: 100.49 },
      { text: "b", t: 100.5 },
    ];
    expect(returnedAfter(idle(100.5, { lines: bunched }), 0.5, { lines: true })).toBe(false);
  });
  it("load lengthens the clock, never the loop thread's own time: the clock counts up to twice that", () => {
    // Skipped the wait, then descheduled for 0.5 s: under runc /proc shows the wait for a CPU, under
    // gVisor nothing (no schedstat) but a thread that was neither asleep nor computing.
    expect(returnedAfter(loaded(100.52, 0.5), 0.5)).toBe(false);
    expect(returnedAfter(view({ returned: 100.52, own: 0.02 }), 0.5)).toBe(false);
    // Three concurrent waits, each wake-up 0.1 s late: 0.2 s of the 0.5 s sleep lost, still a pass.
    expect(returnedAfter(view({ returned: 100.6, own: 0.3 }), 0.5)).toBe(true);
    expect(view({ returned: 100.52, own: 0.02 }).outsideElapsed).toBeCloseTo(0.04);
  });
});

describe("upper bounds discount the loop thread's wait for a CPU, and only that", () => {
  it("promptly: the same 1.3 s passes when 0.4 s of it was load, fails on an idle machine", () => {
    expect(promptly(loaded(101.3, 0.4), 1.3, 1)).toBe(true);
    expect(promptly(idle(101.3), 1.3, 1)).toBe(false);
    expect(promptly(idle(100.9), 0.9, 1)).toBe(true);
    expect(promptly(idle(100.9), null, 1)).toBe(false);
  });
  it("lessLoad: the part of a duration the load does not explain, never below 0", () => {
    expect(lessLoad(loaded(101, 0.3), 0.5)).toBeCloseTo(0.2);
    expect(lessLoad(loaded(101, 0.8), 0.5)).toBe(0);
    expect(lessLoad(idle(101), 0.5)).toBe(0.5);
  });
  it("returnedWithin: elapsed less load, and the printed span with the pipe's lag", () => {
    expect(returnedWithin(idle(100.9), 1)).toBe(true);
    expect(returnedWithin(idle(101.2), 1)).toBe(false);
    expect(returnedWithin(loaded(101.2, 0.3), 1)).toBe(true);
    expect(returnedWithin(view({ returned: null }), 1)).toBe(false);
    const slow = [
      { text: "a", t: 100 },
      { text: "b", t: 101.3 },
    ];
    expect(returnedWithin(idle(100.9, { lines: slow }), 1, { lines: true })).toBe(false);
    expect(returnedWithin(loaded(100.9, 0.2, { lines: slow }), 1, { lines: true })).toBe(true);
  });
  it("halfway: the bound between a concurrent schedule and one after another", () => {
    expect(halfway(1, 2)).toBe(1.5);
    expect(halfway(0.6, 1.8)).toBeCloseTo(1.2);
  });
  it("atOnce: returning before half a delay, load discounted; waiting the delay out fails", () => {
    expect(atOnce(idle(101), 0.05, 0.5)).toBe(true);
    expect(atOnce(loaded(101, 0.3), 0.3, 0.5)).toBe(true); // slow only by the load
    expect(atOnce(idle(101), 0.3, 0.5)).toBe(false);
    expect(atOnce(loaded(101, 0.1), 0.5, 0.5)).toBe(false); // waited the delay
    expect(atOnce(idle(101), null, 0.5)).toBe(false);
  });
  it("apart: lines due a delay apart came at least half of it apart", () => {
    expect(apart(0.3, 0.3)).toBe(true);
    expect(apart(0.15, 0.3)).toBe(true);
    expect(apart(0.01, 0.3)).toBe(false); // printed together: the wait was skipped
  });
});

describe("right at the start", () => {
  const text = "Alice is waiting";
  it("a line due at once passes within half the shortest delay", () => {
    const v = idle(101, { lines: [{ text, t: 100.05 }] });
    expect(atStart(v, text, 0.05, 0.4)).toBe(true);
    expect(atStart(v, text, 0.35, 0.4)).toBe(false); // it waited a delay first
  });
  it("forgives the loop's CPU wait, and PID 1's read lag capped at a quarter of the delay", () => {
    expect(atStart(loaded(101, 0.2, { lines: [{ text, t: 100.35 }] }), text, 0.35, 0.4)).toBe(true);
    expect(atStart(idle(101, { lines: [{ text, t: 100.28, lag: 0.09 }] }), text, 0.28, 0.4)).toBe(true);
    // A read lag beyond the cap excuses only the cap: a line after the whole delay still fails.
    expect(atStart(idle(101, { lines: [{ text, t: 100.4, lag: 0.4 }] }), text, 0.4, 0.4)).toBe(false);
  });
});

describe("two lines a delay apart", () => {
  const first = "Task One Started";
  it("waitedBetween: the delay between them, less the slack a late read of the first can explain", () => {
    const v = idle(101, { lines: [{ text: first, t: 100 }] });
    expect(waitedBetween(v, first, 0.5, 0.5)).toBe(true);
    expect(waitedBetween(v, first, 0.44, 0.5)).toBe(true); // within EARLY + READ_JITTER
    expect(waitedBetween(v, first, 0.4, 0.5)).toBe(false);
    expect(waitedBetween(v, first, 0.01, 0.5)).toBe(false); // printed together: the wait was skipped
  });
  it("forgives PID 1's late read of the first line, never more than half the delay", () => {
    const late = idle(101, { lines: [{ text: first, t: 100.1, lag: 0.1 }] });
    expect(waitedBetween(late, first, 0.35, 0.5)).toBe(true); // loaded reader: 0.07 + 0.1 of slack
    const stalled = idle(101, { lines: [{ text: first, t: 100.4, lag: 0.4 }] });
    expect(waitedBetween(stalled, first, 0.26, 0.5)).toBe(true);
    expect(waitedBetween(stalled, first, 0.24, 0.5)).toBe(false); // capped at half the delay
  });
});

describe("the heartbeat gap", () => {
  it("gap: a stretch without a beat, less the load, never below 0", () => {
    expect(gap(0.5, 0)).toBe(0.5); // idle: all of it is the code's
    expect(gap(0.5, 0.45)).toBeCloseTo(0.05); // loaded: most of it was the machine
    expect(gap(0.5, 0.9)).toBe(0);
  });
  it("waitDuring and heldGap: the loop's wait and one other thread's, not the sum over many", () => {
    const burners = [11, 12, 13, 14].map((tid) => run(1, 2.5, { wait: 0.75, main: false, tid }));
    const runs = [run(1, 2.5, { wait: 0.02, blocked: 1.4 }), ...burners];
    expect(waitDuring(runs, 1, 2.5)).toBeCloseTo(0.77);
    // A loop blocked 1.5 s beside four CPU-bound threads is still held for 0.73 s.
    expect(heldGap(runs, 1, 1.5)).toBeCloseTo(0.73);
    // Idle: no wait at all, the whole gap is held.
    expect(heldGap([run(1, 2.5)], 1, 1.5)).toBe(1.5);
    // Loaded: an honest loop descheduled for the gap is not held.
    expect(heldGap([run(1, 1.3, { wait: 0.3, blocked: 0 })], 1, 0.3)).toBe(0);
  });
});

describe("the order of grader operations, and a thread held through a window", () => {
  it("startedAfter and endedBy: PID 1's stamps, within ORDER_SLACK", () => {
    const first = { start: 100, end: 100.2 };
    expect(startedAfter({ start: 100.2 }, first)).toBe(true); // asked once the first was answered
    expect(startedAfter({ start: 100.196 }, first)).toBe(true); // stamped a little out of order
    expect(startedAfter({ start: 100.1 }, first)).toBe(false); // asked while the first was in flight
    expect(endedBy(first, 100.2)).toBe(true);
    expect(endedBy(first, 100.19)).toBe(true);
    expect(endedBy(first, 100.1)).toBe(false); // closed after the return
  });
  it("heldThrough: the loop's thread held most of the window, its edges aside", () => {
    const held = (runs: HeldRun[]) => {
      const v = view({ returned: 102 });
      v.ev.outside.threads.held = runs;
      return v;
    };
    expect(heldThrough(held([run(100, 101)]), 100, 101)).toBe(true); // waited on the futures throughout
    expect(heldThrough(held([run(100, 100.4)]), 100, 101)).toBe(false); // ran its own loop most of it
    expect(heldThrough(held([run(100.04, 100.96)]), 100, 101)).toBe(true); // sampling blurs the edges
    expect(heldThrough(held([run(100, 101)]), 100, 100.08)).toBe(false); // no window left to judge
  });
});
