import { defineExercise } from "../../grader/catalog/definition";
import { observed } from "../../grader/checks/common";
import { callCounts, callList, heartbeatOps, outsideHeartbeat } from "../../grader/checks/ops";
import { check, type CheckResult } from "../../grader/checks/result";
import { fmt, type ScenarioView } from "../../grader/checks/view";
import { mostOf } from "../../grader/checks/policy";

const needs = { entry: "run_entry", requires: ["crunch"], coroutines: ["crunch"] };
/** CPU seconds per work(i): a step that yields after every call holds the loop this long. */
const COST = 0.004;
/** Seconds between two beats of the grader's heartbeat when the loop lets it run (its op's delay). */
const BEAT = 0.01;
/** Calls of work the loop may run between two beats (loop.heartbeat). */
const MOST_CALLS_BETWEEN_BEATS = 12;
/** The share of the calls' CPU time a run must have lasted before it is judged (a starter returns at once). */
const BUSY_SHARE = 0.5;
/** The share of the calls' CPU time the loop's thread must have spent: every call really ran. */
const CPU_SHARE = 0.7;
/** Beats the ops table answers: far more than a scenario of a second needs. */
const BEATS = 1500;

interface Args {
  n: number;
  cost: number;
}
interface Hidden {
  values: number[];
  sum: number;
}

const argsOf = (v: ScenarioView) => v.spec.args as unknown as Args;
const hiddenOf = (v: ScenarioView) => v.spec.hidden as unknown as Hidden;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// evidence: cross-checked — the sum of values only PID 1 handed out, one per work(i) it served.
function sum(v: ScenarioView): CheckResult {
  const { n } = argsOf(v);
  const want = hiddenOf(v).sum;
  const calls = callCounts(v.ops("work"), range(n));
  return check(
    "returns.sum",
    3,
    v.value === want && calls.ok,
    {
      pass: `crunch(${n}, work) returned the sum of work(i) for i in range(${n}).`,
      fail:
        v.value !== want
          ? `crunch(${n}, work) should return ${want}, the sum of work(i) for i = 0 … ${n - 1}, but returned ` +
            `${JSON.stringify(v.value)}.`
          : `crunch(${n}, work) returned the right number, but the grader did not see work called once for ` +
            `each i in range(${n}).`,
    },
    "cross-checked",
  );
}

// evidence: outside — PID 1 served work(i) for each i exactly once, and /proc shows the loop's
// thread computing them (its CPU time, no other thread).
function onLoop(v: ScenarioView): CheckResult {
  const { n, cost } = argsOf(v);
  const id = "calls.work";
  const absent = observed(v, mostOf(n * cost, BUSY_SHARE));
  if (absent) return check(id, 2, false, { pass: "", fail: `Not judged: ${absent}.` });
  const c = callCounts(v.ops("work"), range(n));
  const t = v.ev.outside.threads;
  const cpu = t.mainCpu ?? 0;
  const ok = c.ok && t.threadsMax === 1 && cpu >= mostOf(n * cost, CPU_SHARE);
  return check(id, 2, ok, {
    pass: `work(i) was called once for each i in range(${n}), on the event loop's thread.`,
    fail: c.missing.length
      ? `${callList("work", c.missing)} ${c.missing.length === 1 ? "was" : "were"} never called: crunch ` +
        `should call work(i) for i = 0 … ${n - 1}.`
      : c.repeated.length || c.unexpected.length
        ? `${callList("work", [...c.repeated, ...c.unexpected])}: crunch should call work(i) exactly once ` +
          `for each i = 0 … ${n - 1}, no other.`
        : t.threadsMax > 1
          ? `Your code ran ${t.threadsMax - 1} thread(s) beside the event loop: call work(i) on the loop's ` +
            `own thread and give the other tasks a turn with \`await asyncio.sleep(0)\`.`
          : `The event loop's thread computed only ${fmt(cpu)}, but ${n} calls of work take about ` +
            `${fmt(n * cost)} of CPU: every call must really run.`,
  });
}

export default defineExercise({
  failsWith: {
    "wrong/never-yields.py": "loop.heartbeat",
    "wrong/yields-every-100.py": "loop.heartbeat",
    "wrong/off-by-one.py": "returns.sum",
  },
  scenarios: (rng) => {
    const n = rng.int(110, 140);
    const [a, b, m] = [rng.int(3, 97), rng.int(1, 997), rng.int(1000, 9999)];
    const values = range(n).map((i) => (i * i * a + b) % m);
    return [
      {
        id: "main",
        ...needs,
        args: { n, cost: COST },
        ops: {
          work: Object.fromEntries(values.map((x, i) => [String(i), { result: x }])),
          beat: heartbeatOps(BEATS, BEAT),
        },
        hidden: { values, sum: values.reduce((s, x) => s + x, 0) },
        timeout: 20,
      },
    ];
  },
  given: ({ main }) => {
    const busy = argsOf(main).n * COST;
    return { busy };
  },
  checks: {
    "returns.sum": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["main"],
      evidence: "sum of hidden values, one per work(i) served by PID 1",
      judge: ({ main }) => sum(main),
    },
    "calls.work": {
      weight: 2,
      kind: "outside",
      scenarios: ["main"],
      evidence: "each i served once; one thread only; main-thread CPU ≥ 0.7·n·cost (/proc)",
      judge: ({ main }) => onLoop(main),
    },
    // evidence: outside — when the grader's beats reached PID 1 (gaps less the loop thread's
    // run-queue wait from /proc), in which order beside the work calls PID 1 served, and no thread
    // beside the loop's that could have sent them.
    "loop.heartbeat": {
      weight: 5,
      kind: "outside",
      scenarios: ["main"],
      evidence: "beats arriving at PID 1 between the work calls; no thread besides the loop's",
      judge: ({ main }, { busy }) =>
        outsideHeartbeat([main], {
          limit: 0.15,
          // An honest crunch lets a beat through every 2–4 calls (a beat is answered after 10 ms, a
          // call costs 4 ms): far below this, whatever the load; the wrong ones run 100 or all n.
          steps: { op: "work", fn: "work", most: MOST_CALLS_BETWEEN_BEATS },
          minBeats: Math.floor(busy / 0.05),
          weight: 5,
          aloneOnLoop: true,
          minSeconds: mostOf(busy, BUSY_SHARE),
          hint:
            "`work` never awaits, so the loop only gets control back when crunch awaits: `await " +
            "asyncio.sleep(0)` after each call lets every ready task run.",
        }),
    },
  },
});
