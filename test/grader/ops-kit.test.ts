import { describe, expect, it } from "vitest";
import {
  argKey,
  beatOutOfTurn,
  callCounts,
  eachCalledOnce,
  heartbeatOps,
  heldDuring,
  inFlight,
  loopBeats,
  mostCallsBetweenBeats,
  outsideHeartbeat,
  spanWithoutBeats,
  STAT_VIEW_GAP_LIMIT,
  waitDuring,
  worstGap,
} from "../../grader/checks/ops";
import { ScenarioView } from "../../grader/checks/view";
import type { HeldRun, ScenarioEvidence } from "../../grader/sandbox/evidence";
import type { ScenarioSpec } from "../../grader/sandbox/run";
import { blankEvidence } from "../helpers/blank-evidence";

/** Hand-written evidence of one scenario as PID 1 would report it: its clock starts at 100. */
function view(opts: {
  returned?: number | null;
  calls?: { op: string; arg: unknown; start: number; end: number; known?: boolean; mainWrites?: number | null }[];
  held?: HeldRun[];
  threadsMax?: number;
  mainWait?: number;
  view?: "syscalls" | "stat";
}): ScenarioView {
  const spec: ScenarioSpec = { id: "main", timeout: 10 };
  const blank = blankEvidence("main");
  const ev: ScenarioEvidence = {
    ...blank,
    started: 100,
    final: { ok: true },
    exitCode: 0,
    outside: {
      ...blank.outside,
      child: 7,
      started: 100,
      begun: 100,
      returned: opts.returned === undefined ? 101 : opts.returned,
      exited: 101.1,
      threads: {
        ...blank.outside.threads,
        samples: 200,
        threadsMax: opts.threadsMax ?? 1,
        view: opts.view ?? "syscalls",
        held: opts.held ?? [],
        mainCpu: 0.5,
        mainWait: opts.mainWait ?? 0,
        mainOwn: Math.max(0, (opts.returned ?? 101) - 100 - (opts.mainWait ?? 0)),
        cpu: 0.5,
        wait: opts.mainWait ?? 0,
      },
      ops: {
        calls: (opts.calls ?? []).map((c) => ({ ...c, in_flight: 1, known: c.known ?? true, pid: 7 })),
        max_in_flight: 1,
      },
    },
  };
  return new ScenarioView(spec, ev);
}

const run = (start: number, end: number, more: Partial<HeldRun> = {}): HeldRun => ({
  tid: 1,
  main: true,
  start,
  end,
  cpu: end - start,
  wait: 0,
  blocked: 0,
  syscall: null,
  ...more,
});
/** Numbered beats every `every` seconds from `from` to `to`, skipping the stretch [gapFrom, gapTo). */
function beats(from: number, to: number, every: number, gap?: [number, number]) {
  const out: { op: string; arg: number; start: number; end: number; mainWrites: number | null }[] = [];
  for (let t = from; t < to; t += every)
    if (!gap || t < gap[0] || t >= gap[1])
      out.push({ op: "beat", arg: out.length, start: t, end: t + 0.01, mainWrites: out.length + 1 });
  return out;
}

describe("argKey and callCounts", () => {
  it("keys arguments as the supervisor's table does", () => {
    expect(argKey("users")).toBe("users");
    expect(argKey(12)).toBe("12");
    expect(argKey(null)).toBe("null");
    expect(argKey([1, "a"])).toBe('[1,"a"]');
  });
  it("finds missing, repeated and unexpected calls, counting duplicates in the expected list", () => {
    expect(callCounts([{ arg: "a" }, { arg: "b" }], ["b", "a"]).ok).toBe(true);
    expect(callCounts([{ arg: "a" }], ["a", "b"])).toMatchObject({ ok: false, missing: ["b"] });
    expect(callCounts([{ arg: "a" }, { arg: "a" }], ["a"])).toMatchObject({ ok: false, repeated: ["a"] });
    expect(callCounts([{ arg: 3 }, { arg: 3 }], [3, 3]).ok).toBe(true);
    expect(callCounts([{ arg: 3 }], [3, 3])).toMatchObject({ ok: false, missing: ["3"] });
    expect(callCounts([{ arg: "a" }, { arg: "z" }], ["a"])).toMatchObject({ ok: false, unexpected: ["z"] });
  });
});

describe("inFlight", () => {
  it("counts calls in flight at one instant; a call starting as another ends does not overlap it", () => {
    expect(
      inFlight([
        { start: 0, end: 1 },
        { start: 0.2, end: 0.5 },
        { start: 0.4, end: 2 },
      ]),
    ).toBe(3);
    expect(
      inFlight([
        { start: 0, end: 1 },
        { start: 1, end: 2 },
        { start: 2, end: 3 },
      ]),
    ).toBe(1);
    expect(inFlight([])).toBe(0);
  });
});

describe("worstGap", () => {
  it("measures the longest stretch without an arrival, the window's edges included", () => {
    expect(worstGap([1, 2, 3], 0.5, 3.2)).toMatchObject({ gap: 1, count: 3 });
    expect(worstGap([1.1, 1.2], 1, 2)).toMatchObject({ at: 1.2, count: 2 });
    expect(worstGap([1.1, 1.2], 1, 2).gap).toBeCloseTo(0.8);
    expect(worstGap([], 1, 2)).toMatchObject({ gap: 1, count: 0 });
    expect(worstGap([0.5, 5], 1, 2)).toMatchObject({ gap: 1, count: 0 }); // arrivals outside are not counted
  });
});

describe("heldDuring and waitDuring", () => {
  it("finds the held stretch that shares time with a call", () => {
    const runs = [run(1, 1.05), run(2, 2.4, { blocked: 0.38, syscall: 45 })];
    const calls = [
      { start: 0, end: 0.5, arg: "a" },
      { start: 2.1, end: 2.5, arg: "b" },
    ];
    expect(heldDuring(runs, calls)).toEqual({ run: runs[1], call: calls[1] });
    expect(heldDuring(runs, [{ start: 3, end: 4 }])).toBeNull();
  });
  it("adds up the run-queue wait of the stretches overlapping a window", () => {
    const runs = [run(1, 1.5, { wait: 0.1 }), run(1.4, 2, { wait: 0.05, main: false }), run(3, 4, { wait: 1 })];
    expect(waitDuring(runs, 1.2, 1.8)).toBeCloseTo(0.15);
    expect(waitDuring(runs, 2.1, 2.9)).toBe(0);
  });
  it("counts the loop's wait and one other thread's, never the sum over the submission's threads", () => {
    // Four CPU-bound threads on two cores each wait about half of a 1.5 s gap while the loop blocks.
    const burners = [11, 12, 13, 14].map((tid) => run(1, 2.5, { wait: 0.75, main: false, tid }));
    const runs = [run(1, 2.5, { wait: 0.02, blocked: 1.4 }), ...burners];
    expect(waitDuring(runs, 1, 2.5)).toBeCloseTo(0.77);
    // One worker holding the GIL, descheduled for most of the gap, still explains the loop's wait.
    expect(
      waitDuring([run(1, 1.5, { wait: 0 }), run(1, 1.5, { wait: 0.45, main: false, tid: 7 })], 1, 1.5),
    ).toBeCloseTo(0.45);
  });
});

describe("beatOutOfTurn and heartbeatOps", () => {
  it("accepts beats numbered in order of arrival, whatever order they are listed in", () => {
    expect(
      beatOutOfTurn([
        { arg: 1, start: 2 },
        { arg: 0, start: 1 },
        { arg: 2, start: 3 },
      ]),
    ).toBeNull();
    expect(beatOutOfTurn([])).toBeNull();
  });
  it("finds a beat sent twice, skipped or by someone else", () => {
    expect(
      beatOutOfTurn([
        { arg: 0, start: 1 },
        { arg: 1, start: 2 },
        { arg: 1, start: 3 },
      ]),
    ).toBe(2);
    expect(
      beatOutOfTurn([
        { arg: 0, start: 1 },
        { arg: 2, start: 2 },
      ]),
    ).toBe(1);
    expect(beatOutOfTurn([{ arg: null, start: 1 }])).toBe(0);
  });
  it("builds the ops table of a numbered heartbeat", () => {
    expect(heartbeatOps(3, 0.01)).toEqual({ "0": { delay: 0.01 }, "1": { delay: 0.01 }, "2": { delay: 0.01 } });
  });
});

describe("outsideHeartbeat", () => {
  const opts = { limit: 0.15, minBeats: 10, weight: 3, hint: "Yield." };
  it("passes beats that kept coming", () => {
    const r = outsideHeartbeat([view({ calls: beats(100.03, 101, 0.03) })], opts);
    expect(r).toMatchObject({ id: "loop.heartbeat", passed: true, kind: "outside" });
  });
  it("fails a stretch without beats that the machine's load does not explain", () => {
    const calls = beats(100.03, 101, 0.03, [100.2, 100.7]);
    expect(outsideHeartbeat([view({ calls })], opts).passed).toBe(false);
    // The same stretch, spent waiting for a CPU (read from /proc), is nobody's fault.
    const loaded = view({ calls, held: [run(100.2, 100.7, { cpu: 0.05, wait: 0.45 })] });
    expect(outsideHeartbeat([loaded], opts).passed).toBe(true);
  });
  it("fails absent evidence: no beats, a function that returned at once, or one that never returned", () => {
    expect(outsideHeartbeat([view({ calls: [] })], opts).passed).toBe(false);
    expect(outsideHeartbeat([view({ calls: beats(100, 100.05, 0.01), returned: 100.05 })], opts).message).toMatch(
      /Not judged/,
    );
    expect(outsideHeartbeat([view({ calls: beats(100, 101, 0.03), returned: null })], opts).message).toMatch(
      /never saw/,
    );
  });
  it("fails beats out of turn (sent by someone else) and, with aloneOnLoop, any other thread", () => {
    const forged = [...beats(100.03, 101, 0.03), { op: "beat", arg: 5, start: 100.99, end: 101 }];
    expect(outsideHeartbeat([view({ calls: forged })], opts).message).toMatch(/out of turn/);
    expect(
      outsideHeartbeat([view({ calls: beats(100.03, 101, 0.03), threadsMax: 2 })], { ...opts, aloneOnLoop: true })
        .message,
    ).toMatch(/thread/);
    expect(outsideHeartbeat([view({ calls: beats(100.03, 101, 0.03), threadsMax: 2 })], opts).passed).toBe(true);
  });
});

/** `n` calls of work 5 ms apart from `from`, a beat after every `every` of them. */
function steps(from: number, n: number, every: number) {
  const out: { op: string; arg: number; start: number; end: number }[] = [];
  let beat = 0;
  for (let i = 0; i < n; i++) {
    const t = from + i * 0.005;
    out.push({ op: "work", arg: i, start: t, end: t + 0.0002 });
    if ((i + 1) % every === 0) out.push({ op: "beat", arg: beat++, start: t + 0.001, end: t + 0.011 });
  }
  return out;
}

describe("mostCallsBetweenBeats and the steps of outsideHeartbeat", () => {
  const opts = { limit: 0.15, minBeats: 3, weight: 3, hint: "Yield.", steps: { op: "work", fn: "work", most: 12 } };
  it("counts the longest run of calls with no beat between them, in PID 1's order of arrival", () => {
    expect(mostCallsBetweenBeats(steps(100, 40, 3), "work")).toBe(3);
    expect(mostCallsBetweenBeats(steps(100, 40, 3).reverse(), "work")).toBe(3);
    expect(mostCallsBetweenBeats(steps(100, 40, 100), "work")).toBe(40);
    expect(mostCallsBetweenBeats([], "work")).toBe(0);
  });
  it("fails a loop that ran more steps than allowed before a beat, whatever the times say", () => {
    // 13 calls in 65 ms between beats: no gap the time limit would catch.
    const r = outsideHeartbeat([view({ calls: steps(100.03, 180, 13) })], opts);
    expect(r.passed).toBe(false);
    expect(r.message).toMatch(/called work 13 times in a row/);
    expect(outsideHeartbeat([view({ calls: steps(100.03, 180, 4) })], opts).passed).toBe(true);
  });
  it("under gVisor's stat view charges a gap only beyond STAT_VIEW_GAP_LIMIT, and only with steps to order", () => {
    const gap = (g: number) => [...beats(100.03, 101, 0.03, [100.2, 100.2 + g])];
    const shorter = gap(STAT_VIEW_GAP_LIMIT - 0.1);
    expect(outsideHeartbeat([view({ calls: shorter, view: "stat" })], opts).passed).toBe(true);
    expect(outsideHeartbeat([view({ calls: shorter, view: "syscalls" })], opts).passed).toBe(false);
    expect(outsideHeartbeat([view({ calls: gap(STAT_VIEW_GAP_LIMIT + 0.1), view: "stat" })], opts).passed).toBe(false);
    const { steps: _none, ...withoutSteps } = opts;
    expect(outsideHeartbeat([view({ calls: shorter, view: "stat" })], withoutSteps).passed).toBe(false);
  });
});

describe("spanWithoutBeats", () => {
  const span = (start: number, end: number) => ({ start, end, arg: "k" });
  it("finds a call the beats left almost wholly uncovered, a beat at each edge notwithstanding", () => {
    const free = [
      100.0, 100.02, 100.04, 100.06, 100.08, 100.1, 100.12, 100.14, 100.16, 100.18, 100.2, 100.22, 100.24, 100.26,
      100.28, 100.3, 100.32,
    ];
    expect(spanWithoutBeats([span(100.0, 100.3)], free, 0.2)).toBeNull();
    const stuck = [100.0, 100.005, 100.298, 100.31];
    expect(spanWithoutBeats([span(100.0, 100.3)], stuck, 0.2)).toMatchObject({ span: { arg: "k" } });
    expect(spanWithoutBeats([span(100.0, 100.3)], stuck, 0.2)!.stretch).toBeCloseTo(0.293, 3);
    // Too short to prove anything, or half covered: not charged.
    expect(spanWithoutBeats([span(100.0, 100.1)], [], 0.2)).toBeNull();
    expect(spanWithoutBeats([span(100.0, 100.3)], [100.15], 0.1)).toBeNull();
  });
});

describe("loopBeats", () => {
  it("under gVisor's stat view keeps only beats with a write by the loop's thread since the one before", () => {
    const calls = beats(100.03, 100.3, 0.03);
    // A thread's beats while the loop is stuck: the main thread's write count stands still.
    calls[4].mainWrites = calls[3].mainWrites;
    calls[5].mainWrites = calls[3].mainWrites;
    calls[6].mainWrites = null; // unreadable: not vouched for either
    const kept = (v: "stat" | "syscalls") => loopBeats(view({ calls, view: v })).map((b) => b.arg);
    expect(kept("syscalls")).toEqual(calls.map((c) => c.arg));
    expect(kept("stat")).toEqual([0, 1, 2, 3, 8]);
  });
});

describe("eachCalledOnce", () => {
  const opts = { id: "calls.query", op: "query", fn: "query_db", weight: 1 };
  const q = (arg: string, start: number, known = true) => ({ op: "query", arg, start, end: start + 0.3, known });
  it("passes each expected call once, counting unknown calls as unexpected", () => {
    expect(
      eachCalledOnce([{ v: view({ calls: [q("a", 100.1), q("b", 100.2)] }), expected: ["a", "b"] }], opts).passed,
    ).toBe(true);
    const extra = view({ calls: [q("a", 100.1), q("b", 100.2), q("zz", 100.3, false)] });
    expect(eachCalledOnce([{ v: extra, expected: ["a", "b"] }], opts).message).toMatch(/not among/);
  });
  it("names what is missing or repeated", () => {
    expect(eachCalledOnce([{ v: view({ calls: [q("a", 100.1)] }), expected: ["a", "b"] }], opts).message).toMatch(
      /query_db\("b"\) was never called/,
    );
    expect(
      eachCalledOnce([{ v: view({ calls: [q("a", 100.1), q("a", 100.5)] }), expected: ["a"] }], opts).message,
    ).toMatch(/more than once/);
  });
});
