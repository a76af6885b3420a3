import { defineExercise } from "../../grader/catalog/definition";
import { nonePending, observed } from "../../grader/checks/common";
import {
  beatTimes,
  callCounts,
  heartbeatOps,
  heldDuring,
  inFlight,
  outsideHeartbeat,
  spanWithoutBeats,
} from "../../grader/checks/ops";
import { check, type CheckResult } from "../../grader/checks/result";
import { describeSyscall, fmt, NR, type ScenarioView } from "../../grader/checks/view";
import { mostOf } from "../../grader/checks/policy";

const needs = { entry: "run_entry", requires: ["process_all"], coroutines: ["process_all"] };
const WORDS = ["invoice", "ticket", "parcel", "report", "order", "account", "shipment", "claim", "lease", "permit"];
/** CPU seconds one checksum burns: far above what a loop step may hold, cheap in a thread. */
const CPU = 0.1;
/** CPU seconds the loop's thread may compute without a pause (the grader's own steps stay far below). */
const BUSY_LIMIT = 0.05;
/** futex(2): a wait on a lock or a thread. */
const FUTEX = NR.futex;
/**
 * Seconds the loop's thread may sit in one system call outside its poll: legacy_fetch waits 0.3 s
 * or more, while a loaded machine's artefacts (a stretch with no system call whose time neither CPU
 * nor run-queue wait explains) are not counted at all.
 */
const BLOCKED_LIMIT = 0.2;
/** gVisor's /proc: each thread's state and CPU, no system call or run-queue wait (docs/grading.md, "Under gVisor"). */
const statView = (v: ScenarioView) => v.outside.threads.view === "stat";
const blockedRuns = (v: ScenarioView) => v.loopHeld().filter((h) => h.syscall !== null && h.blocked > BLOCKED_LIMIT);

interface Args {
  keys: string[];
  cpu: number;
}
interface Hidden {
  delays: Record<string, number>;
  sums: Record<string, string>;
}

const argsOf = (v: ScenarioView) => v.spec.args as unknown as Args;
const hiddenOf = (v: ScenarioView) => v.spec.hidden as unknown as Hidden;
const minDelay = (v: ScenarioView) => Math.min(...Object.values(hiddenOf(v).delays));
const keyOf = (data: unknown) => String(data).split("|")[0];

// evidence: cross-checked — checksums only PID 1 handed out (for payloads only it handed out),
// with legacy_fetch served once per key.
function values(v: ScenarioView): CheckResult {
  const { keys } = argsOf(v);
  const want = hiddenOf(v).sums;
  const got = v.value as Record<string, unknown> | null;
  const fetched = callCounts(v.ops("legacy_fetch"), keys);
  const same =
    !!got &&
    typeof got === "object" &&
    !Array.isArray(got) &&
    Object.keys(got).length === keys.length &&
    keys.every((k) => got[k] === want[k]);
  return check(
    "returns.values",
    3,
    same && fetched.ok,
    {
      pass: "Every key maps to checksum(legacy_fetch(key)).",
      fail: !same
        ? `process_all should return ${JSON.stringify(want)} (each key → checksum(legacy_fetch(key))), but ` +
          `returned ${JSON.stringify(got)}.`
        : `process_all returned the right checksums, but the grader did not see legacy_fetch called once for ` +
          `each key (missing: ${JSON.stringify(fetched.missing)}, more than once: ` +
          `${JSON.stringify(fetched.repeated)}).`,
    },
    "cross-checked",
  );
}

// evidence: outside — /proc: the loop's thread never sat in a blocking call (legacy_fetch's socket
// read) for more than 0.2 s; PID 1's legacy_fetch calls name the culprit. Under gVisor: PID 1 saw a
// beat during every legacy_fetch call.
function notBlocked(v: ScenarioView): CheckResult {
  const id = "loop.not-blocked";
  const absent = observed(v, mostOf(minDelay(v)));
  if (absent) return check(id, 3, false, { pass: "", fail: `Not judged: ${absent}.` });
  if (statView(v)) {
    // gVisor names no thread's system call: the loop was the one in legacy_fetch if the grader's
    // heartbeat, due every 10 ms, hardly reached PID 1 while that call was open.
    const stuck = spanWithoutBeats(v.ops("legacy_fetch"), beatTimes(v), BLOCKED_LIMIT);
    return check(id, 3, !stuck, {
      pass: "legacy_fetch never ran on the event loop's thread.",
      fail:
        `legacy_fetch(${JSON.stringify(stuck?.span.arg)}) ran on the event loop's thread: of the ` +
        `${fmt(stuck ? stuck.span.end - stuck.span.start : 0)} it took, the grader's heartbeat task on the loop ` +
        `got no turn for ${fmt(stuck?.stretch ?? 0)}. Hand it to a thread: \`await asyncio.to_thread(legacy_fetch, ` +
        `key)\` (pass the function and its argument, don't call it yourself).`,
    });
  }
  const blocked = blockedRuns(v).sort((a, b) => b.blocked - a.blocked);
  // A wait on a lock or a thread (futex) is not legacy_fetch running there, even while one is open:
  // joining threads, or leaving `with ThreadPoolExecutor()`, which waits for every job.
  const during = heldDuring(
    blocked.filter((r) => r.syscall !== FUTEX),
    v.ops("legacy_fetch"),
  );
  const worst = blocked[0];
  const joining = !during && worst?.syscall === FUTEX;
  return check(id, 3, !worst, {
    pass: "legacy_fetch never ran on the event loop's thread.",
    fail: during
      ? `legacy_fetch(${JSON.stringify(during.call.arg)}) ran on the event loop's thread: the grader saw ` +
        `that thread stuck in ${describeSyscall(during.run.syscall)} for ${fmt(during.run.blocked)}, and ` +
        `while it blocks no other task can run. Hand it to a thread: \`await ` +
        `asyncio.to_thread(legacy_fetch, key)\` (pass the function and its argument, don't call it yourself).`
      : joining
        ? `The event loop's thread waited for other threads to finish for ${fmt(worst?.blocked ?? 0)}: ` +
          "joining a thread, or leaving a `with ThreadPoolExecutor()` block (which waits for every job) " +
          "inside a coroutine, blocks the loop. Await the work instead: `await asyncio.to_thread(fn, arg)` " +
          "or `await loop.run_in_executor(None, fn, arg)`."
        : `The event loop's thread was stuck in ${describeSyscall(worst?.syscall ?? null)} for ` +
          `${fmt(worst?.blocked ?? 0)}: while it blocks, no other task can run. Hand blocking calls to a ` +
          `thread: \`await asyncio.to_thread(fn, arg)\`.`,
  });
}

// evidence: outside — /proc: the loop's thread never computed more than 0.05 s without a pause;
// PID 1's checksum start/end name the culprit. Under gVisor: PID 1 saw a beat during every checksum.
function cpuOffLoop(v: ScenarioView): CheckResult {
  const id = "loop.cpu";
  const absent = observed(v, mostOf(minDelay(v)));
  if (absent) return check(id, 3, false, { pass: "", fail: `Not judged: ${absent}.` });
  const starts = new Map(v.ops("checksum").map((c) => [keyOf(c.arg), c.start]));
  const spans = v
    .ops("checksum.done")
    .map((c) => ({ start: starts.get(keyOf(c.arg)) ?? c.start, end: c.start, arg: c.arg }));
  if (statView(v)) {
    // gVisor counts a thread's CPU as its time in the running state, machine load included: the loop
    // computed a checksum if the heartbeat, due every 10 ms, hardly got a turn while it ran.
    const stuck = spanWithoutBeats(spans, beatTimes(v), BUSY_LIMIT);
    return check(id, 3, !stuck, {
      pass: "No CPU-bound work ran on the event loop's thread.",
      fail:
        `checksum of ${JSON.stringify(keyOf(stuck?.span.arg))} ran on the event loop's thread: of the ` +
        `${fmt(stuck ? stuck.span.end - stuck.span.start : 0)} it computed, the grader's heartbeat task on the ` +
        `loop got no turn for ${fmt(stuck?.stretch ?? 0)}. \`checksum\` is CPU-bound: run it in a thread too, ` +
        `\`await asyncio.to_thread(checksum, data)\`.`,
    });
  }
  const busy = v.worstBusy(BUSY_LIMIT);
  const during = busy ? heldDuring([busy], spans) : null;
  return check(id, 3, !busy, {
    pass: "No CPU-bound work ran on the event loop's thread.",
    fail: during
      ? `checksum of ${JSON.stringify(keyOf(during.call.arg))} ran on the event loop's thread: the grader ` +
        `saw that thread compute for ${fmt(during.run.cpu)} without a pause, and while it computes no other ` +
        `task can run. \`checksum\` is CPU-bound: run it in a thread too, \`await ` +
        `asyncio.to_thread(checksum, data)\`.`
      : `The event loop's thread computed for ${fmt(busy?.cpu ?? 0)} without a pause: while it computes, no ` +
        `other task can run. CPU-bound work (checksum) belongs in a thread.`,
  });
}

// evidence: outside — PID 1 served every legacy_fetch once, all in flight together, none while the
// loop's thread was stuck in it (/proc).
function fetchesOverlap(v: ScenarioView): CheckResult {
  const { keys } = argsOf(v);
  const n = keys.length;
  const id = "trace.fetch-overlap";
  const absent = observed(v, mostOf(minDelay(v)));
  if (absent) return check(id, 2, false, { pass: "", fail: `Not judged: ${absent}.` });
  const fetches = v.ops("legacy_fetch");
  const counts = callCounts(fetches, keys);
  const most = inFlight(fetches);
  const onLoop = heldDuring(blockedRuns(v), fetches);
  // Who waited for each call, as /proc showed it: a worker thread blocked on the grader's socket.
  const unseen = fetches.filter((c) => !(c.threads ?? []).length);
  return check(id, 2, counts.ok && most === n && !onLoop && unseen.length === 0, {
    pass: `All ${n} legacy_fetch calls ran at the same time, in worker threads.`,
    fail: onLoop
      ? "legacy_fetch was called on the event loop's thread: pass the function and its argument to a thread " +
        "(`asyncio.to_thread(legacy_fetch, key)`), don't call it yourself."
      : unseen.length
        ? `The grader saw no worker thread waiting in legacy_fetch(${JSON.stringify(unseen[0].arg)}): call ` +
          `legacy_fetch itself, in a thread (\`asyncio.to_thread(legacy_fetch, key)\`).`
        : !counts.ok
          ? `The grader saw ${fetches.length} legacy_fetch calls for ${n} keys: call it once for each key ` +
            `(missing: ${JSON.stringify(counts.missing)}).`
          : `Only ${most} of the ${n} legacy_fetch calls were running at the same time: start the threaded ` +
            `calls for every key before awaiting any (asyncio.gather or a TaskGroup).`,
  });
}

// evidence: outside — /proc: the CPU the calibrated checksums cost was spent, by threads other than
// the loop's (a result handed out without the computation earns nothing).
function checksumsComputed(v: ScenarioView): CheckResult {
  const id = "calls.checksum";
  const absent = observed(v, mostOf(minDelay(v)));
  if (absent) return check(id, 1, false, { pass: "", fail: `Not judged: ${absent}.` });
  const { keys, cpu } = argsOf(v);
  const t = v.outside.threads;
  const workers = t.cpu - (t.mainCpu ?? 0);
  const expected = keys.length * cpu;
  return check(id, 1, workers >= 0.6 * expected, {
    pass: `checksum ran for every key in worker threads (${fmt(workers)} of CPU there).`,
    fail:
      `The ${keys.length} checksums cost about ${fmt(expected)} of CPU, but threads other than the event ` +
      `loop's computed only ${fmt(workers)}: call checksum(data) for every key, in a thread (\`await ` +
      `asyncio.to_thread(checksum, data)\`).`,
  });
}

export default defineExercise({
  failsWith: {
    "wrong/blocking.py": "loop.not-blocked",
    "wrong/eager-call.py": "loop.not-blocked",
    "wrong/checksum-on-loop.py": "loop.cpu",
    "wrong/one-at-a-time.py": "trace.fetch-overlap",
    "wrong/executor-shutdown.py": "loop.not-blocked",
  },
  scenarios: (rng) => {
    const keys = rng.sample(WORDS, 4).map((w) => `${w}-${rng.int(100, 999)}`);
    const delays = Object.fromEntries(keys.map((k) => [k, rng.between(0.3, 0.5)]));
    const payloads = Object.fromEntries(keys.map((k) => [k, `${k}|${rng.token(10)}`]));
    const sums = Object.fromEntries(keys.map((k) => [k, rng.token(16)]));
    return [
      {
        id: "main",
        ...needs,
        args: { keys, cpu: CPU },
        ops: {
          legacy_fetch: Object.fromEntries(keys.map((k) => [k, { delay: delays[k], result: payloads[k] }])),
          checksum: Object.fromEntries(keys.map((k) => [payloads[k], { result: sums[k] }])),
          "checksum.done": Object.fromEntries(keys.map((k) => [payloads[k], {}])),
          beat: heartbeatOps(1500, 0.01),
        },
        hidden: { delays, sums },
        timeout: 20,
      },
    ];
  },
  checks: {
    "returns.values": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["main"],
      evidence: "hidden checksums of hidden payloads; legacy_fetch served once per key",
      judge: ({ main }) => values(main),
    },
    "loop.not-blocked": {
      weight: 3,
      kind: "outside",
      scenarios: ["main"],
      evidence: "/proc: the main thread in one call over 0.2 s (legacy_fetch is a blocking round " + "trip to PID 1)",
      judge: ({ main }) => notBlocked(main),
    },
    "loop.cpu": {
      weight: 3,
      kind: "outside",
      scenarios: ["main"],
      evidence: "/proc: the main thread computing over 0.05 s without a pause",
      judge: ({ main }) => cpuOffLoop(main),
    },
    "calls.checksum": {
      weight: 1,
      kind: "outside",
      scenarios: ["main"],
      evidence: "/proc: worker threads spent the checksums' calibrated CPU",
      judge: ({ main }) => checksumsComputed(main),
    },
    // evidence: outside — when the grader's beats reached PID 1, gaps less the loop thread's
    // run-queue wait (/proc).
    "loop.heartbeat": {
      weight: 2,
      kind: "outside",
      scenarios: ["main"],
      evidence: "a grader task's beats arriving at PID 1: gaps less run-queue wait",
      judge: ({ main }) =>
        outsideHeartbeat([main], {
          limit: 0.3,
          orderedInStatView: true,
          minBeats: 5,
          weight: 2,
          minSeconds: mostOf(minDelay(main)),
          hint:
            "Blocking calls (legacy_fetch) and CPU-bound work (checksum) belong in worker threads: `await " +
            "asyncio.to_thread(fn, arg)`.",
        }),
    },
    "trace.fetch-overlap": {
      weight: 2,
      kind: "outside",
      scenarios: ["main"],
      evidence: "all legacy_fetch calls in flight together (PID 1), each waited for by a worker " + "thread (/proc)",
      judge: ({ main }) => fetchesOverlap(main),
    },
    // evidence: cross-checked — the inside task list, counted only once PID 1 saw the work done.
    "tasks.none-pending": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["main"],
      evidence: "inside pending list, once the work was seen",
      judge: ({ main }) => nonePending([main], 1, { minSeconds: mostOf(minDelay(main)) }),
    },
  },
  timeline: {
    scenario: "main",
    ideal: (spec) => {
      const a = spec.args as unknown as Args;
      const d = (spec.hidden as unknown as Hidden).delays;
      return a.keys.flatMap((k) => [
        { task: "worker thread", op: `legacy_fetch(${k})`, start: 0, end: d[k] },
        { task: "worker thread", op: `checksum(${k})`, start: d[k], end: Math.round((d[k] + a.cpu) * 1000) / 1000 },
      ]);
    },
  },
});
