import { describe, expect, it } from "vitest";
import { concurrentTiming, loopNotBlocked, nonePending, observed, waitsAtLeast } from "../../grader/checks/common";
import { gated } from "../../grader/checks/gates";
import { check } from "../../grader/checks/result";
import { ScenarioView } from "../../grader/checks/view";
import type { HeldRun, ScenarioEvidence } from "../../grader/sandbox/evidence";

/** Hand-written evidence of one scenario: returned `elapsed` s after start, watched from outside. */
function view(opts: {
  elapsed?: number | null;
  held?: Partial<HeldRun>[];
  lines?: string[];
  inside?: string[];
  integrity?: string[];
  pending?: string[];
  /** How many `pending` records the runner wrote (one, as it does; 0 or 2 when absent or forged). */
  pendingRecords?: number;
  unreadable?: number;
  wait?: number;
  /** The loop thread's own time (asleep or computing): all of the call not spent waiting, unless given. */
  own?: number;
}) {
  const started = 100;
  const elapsed = opts.elapsed === undefined ? 1 : opts.elapsed;
  const lines = opts.lines ?? [];
  const ev: ScenarioEvidence = {
    id: "s",
    started,
    lines: lines.map((text, i) => ({ t: started + i * 0.01, text })),
    stdoutBytes: 0,
    stderr: "",
    stderrBytes: 0,
    records: [
      ...(opts.inside ?? lines).map((text) => ({ kind: "line", text, task: null, fn: null, t: 0 })),
      ...Array.from({ length: elapsed === null ? 0 : (opts.pendingRecords ?? 1) }, () => ({
        kind: "pending",
        tasks: (opts.pending ?? []).map((c) => ({ name: c, coro: c })),
      })),
    ],
    recordCount: 0,
    final: elapsed === null ? null : { ok: true, start: 0, end: elapsed },
    exitCode: 0,
    limit: null,
    fixtures: null,
    outside: {
      child: 7,
      started,
      begun: started + 0.001,
      returned: elapsed === null ? null : started + elapsed,
      exited: started + (elapsed ?? 0) + 0.01,
      integrity: opts.integrity ?? [],
      threads: {
        samples: 50,
        unreadable: opts.unreadable ?? 0,
        threadsMax: 1,
        otherProcesses: 0,
        view: "syscalls",
        held: (opts.held ?? []).map((h) => ({
          tid: 7,
          main: true,
          start: started,
          end: started + 0.5,
          cpu: 0,
          wait: 0,
          blocked: 0,
          syscall: null,
          ...h,
        })),
        socketCalls: [],
        mainCpu: 0.01,
        mainWait: opts.wait ?? 0,
        mainOwn: opts.own ?? Math.max(0, (elapsed ?? 0) - (opts.wait ?? 0)),
        cpu: 0.01,
        wait: opts.wait ?? 0,
      },
      ops: null,
    },
  };
  return new ScenarioView({ id: "s", timeout: 5 }, ev);
}

describe("evidence builders rest on the outside view", () => {
  it("loopNotBlocked fails a loop thread stuck in clock_nanosleep, whatever the inside trace says", () => {
    expect(loopNotBlocked([view({ held: [{ blocked: 0.5, syscall: 230 }] })], 1).passed).toBe(false);
    expect(loopNotBlocked([view({ held: [{ blocked: 0.05, syscall: 230 }] })], 1).passed).toBe(true);
    const busy = view({ held: [{ cpu: 0.4 }] });
    expect(loopNotBlocked([busy], 1).passed).toBe(true);
    expect(loopNotBlocked([busy], 1, { busyLimit: 0.1 }).passed).toBe(false);
  });

  it("nothing passes on absent evidence: a call that returned at once, or was never seen returning", () => {
    const unwatched = view({ unreadable: 5 });
    expect(observed(unwatched, 0.1)).toMatch(/could not watch/);
    expect(loopNotBlocked([unwatched], 1).passed).toBe(false);
    expect(unwatched.integrityProblems()).toContain("the child's threads could not be watched");
    for (const v of [view({ elapsed: 0.002 }), view({ elapsed: null })]) {
      expect(observed(v, 0.1)).not.toBeNull();
      expect(loopNotBlocked([v], 1).passed).toBe(false);
      expect(nonePending([v], 1).passed).toBe(false);
      expect(waitsAtLeast(v, 0.5, { weight: 1, hint: "" }).passed).toBe(false);
      expect(concurrentTiming(v, { concurrent: 0.5, sequential: 1, weight: 1, hint: "" }).passed).toBe(false);
    }
  });

  it("timing: the halfway bound, the run-queue discount, and code that skipped the waiting", () => {
    const t = (elapsed: number, wait = 0) =>
      concurrentTiming(view({ elapsed, wait }), { concurrent: 1, sequential: 2, weight: 1, hint: "" }).passed;
    expect(t(1.05)).toBe(true);
    expect(t(1.6)).toBe(false);
    expect(t(1.6, 0.3)).toBe(true); // 0.3 s waiting for a CPU is the machine's, not the student's
    expect(t(0.5)).toBe(false);
    expect(waitsAtLeast(view({ elapsed: 0.98 }), 1, { weight: 1, hint: "" }).passed).toBe(false);
    expect(waitsAtLeast(view({ elapsed: 1.0 }), 1, { weight: 1, hint: "" }).passed).toBe(true);
  });

  it("nonePending is cross-checked: inside task list, judged only once the work was seen", () => {
    const r = nonePending([view({ pending: ["consumer"] })], 1);
    expect(r).toMatchObject({ passed: false, kind: "cross-checked" });
    expect(nonePending([view({})], 1).passed).toBe(true);
  });

  it("nonePending takes the runner's one pending record: none, or a forged second, is a task left running", () => {
    expect(nonePending([view({ pendingRecords: 0 })], 1).passed).toBe(false);
    const forged = nonePending([view({ pendingRecords: 2 })], 1);
    expect(forged.passed).toBe(false);
    expect(forged.message).toMatch(/could not name/);
  });
});

describe("gates: no credit without evidence, one problem shown once", () => {
  const exerciseChecks = [check("output.lines", 2, true, { pass: "ok", fail: "" }, "outside")];

  it("inside records that disagree with the outside lines fail harness.integrity, and nothing else is judged", () => {
    const v = view({ lines: ["Hello", "Bye"], inside: ["Hello"] });
    expect(v.integrityProblems()).toHaveLength(1);
    const checks = gated([v], [], exerciseChecks);
    expect(checks.find((c) => c.id === "harness.integrity")?.passed).toBe(false);
    expect(checks.find((c) => c.id === "output.lines")).toMatchObject({ passed: false, notRun: true });
  });

  it("a run that failed marks every check not run; gates earn nothing", () => {
    const checks = gated([view({ lines: ["Hello"] })], ["SyntaxError on line 3"], exerciseChecks);
    expect(checks[0]).toMatchObject({ id: "code.runs", passed: false, weight: 0, message: "SyntaxError on line 3" });
    expect(checks.filter((c) => c.kind !== "gate").every((c) => c.notRun)).toBe(true);
  });

  it("supervisor-seen tampering (a record after the final) is an integrity problem", () => {
    expect(view({ integrity: ["a trace record after the run's final record"] }).integrityProblems()).toContain(
      "a trace record after the run's final record",
    );
  });

  it("honest evidence passes both gates and leaves the checks as they were", () => {
    const checks = gated([view({ lines: ["Hello", "Bye"] })], [], exerciseChecks);
    expect(checks.map((c) => [c.id, c.passed])).toEqual([
      ["code.runs", true],
      ["harness.integrity", true],
      ["output.lines", true],
    ]);
  });
});
