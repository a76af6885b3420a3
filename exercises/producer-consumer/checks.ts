import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import { concurrentTiming, observed } from "../../grader/checks/common";
import { callCounts, inFlight } from "../../grader/checks/ops";
import { check, type CheckResult } from "../../grader/checks/result";
import { poolMakespan, poolSchedule, sum } from "../../grader/checks/schedule";
import { type ScenarioView } from "../../grader/checks/view";
import type { ScenarioSpec } from "../../grader/sandbox/run";
import { mostOf } from "../../grader/checks/policy";

const needs = { entry: "run_entry", requires: ["run_pipeline"], coroutines: ["run_pipeline"] };

interface PipelineArgs {
  items: number[];
  workers: number;
}
/** Host-only: each item's delay and result live in the scenario's `ops` table and here. */
interface Hidden {
  delays: Record<string, number>;
  results: Record<string, number>;
}

function pipeline(rng: Rng, id: string, count: number, workers: number, duplicate: boolean): ScenarioSpec {
  const distinct = rng.sample(
    Array.from({ length: 90 }, (_, i) => i + 10),
    duplicate ? count - 1 : count,
  );
  const items = duplicate ? [...distinct, distinct[rng.int(0, distinct.length - 1)]] : distinct;
  const [mul, add] = [rng.int(7, 31), rng.int(1, 50)];
  const hidden: Hidden = {
    delays: Object.fromEntries(distinct.map((i) => [String(i), rng.between(0.15, 0.35)])),
    results: Object.fromEntries(distinct.map((i) => [String(i), (i * mul + add) % 97])),
  };
  const args: PipelineArgs = { items: rng.sample(items, items.length), workers };
  const ops = {
    process: Object.fromEntries(
      distinct.map((i) => [String(i), { delay: hidden.delays[String(i)], result: hidden.results[String(i)] }]),
    ),
  };
  return { id, ...needs, args: { ...args }, ops, attributeOps: true, hidden: { ...hidden }, timeout: 20 };
}

const argsOf = (v: ScenarioView) => v.spec.args as unknown as PipelineArgs;
const hiddenOf = (spec: ScenarioSpec) => spec.hidden as unknown as Hidden;
const delaysOf = (spec: ScenarioSpec) =>
  (spec.args as unknown as PipelineArgs).items.map((i) => hiddenOf(spec).delays[String(i)]);
const expected = (v: ScenarioView) =>
  argsOf(v)
    .items.map((i) => hiddenOf(v.spec).results[String(i)])
    .sort((x, y) => x - y);
/** process() calls as PID 1 served them. */
const calls = (v: ScenarioView) => v.ops("process");

/** Why a scenario's calls cannot be judged: it returned too soon, or an item was skipped or done twice. */
function notServed(v: ScenarioView): string | null {
  const absent = observed(v, mostOf(Math.min(...delaysOf(v.spec))));
  if (absent) return `Not judged: ${absent}.`;
  const c = callCounts(calls(v), argsOf(v).items);
  if (c.missing.length)
    return (
      `process() was never called (or called too few times) for ` +
      `${JSON.stringify(c.missing.map(Number))}: every item put on the queue must be processed.`
    );
  if (c.repeated.length)
    return `process() was called too many times for ${JSON.stringify(c.repeated.map(Number))}: process each item once.`;
  return null;
}

// evidence: cross-checked — results only PID 1 handed out, each item served once.
function sortedResults(views: ScenarioView[]): CheckResult {
  for (const v of views) {
    const a = argsOf(v);
    const want = expected(v);
    const got = v.value;
    const served = callCounts(calls(v), a.items).ok;
    if (JSON.stringify(got) === JSON.stringify(want) && served) continue;
    if (JSON.stringify(got) === JSON.stringify(want))
      return check(
        "returns.sorted",
        3,
        false,
        {
          pass: "",
          fail:
            "run_pipeline returned the right results, but the grader did not see process() called " +
            "exactly once per item.",
        },
        "cross-checked",
      );
    const sameItems = Array.isArray(got) && [...got].sort((x, y) => x - y).join() === want.join();
    return check(
      "returns.sorted",
      3,
      false,
      {
        pass: "",
        fail: sameItems
          ? `run_pipeline returned the right results but not sorted: ${JSON.stringify(got)}. Return them ` +
            `sorted ascending.`
          : `run_pipeline(${JSON.stringify(a.items)}, ${a.workers}, process) should return ` +
            `${JSON.stringify(want)} (every \`await process(item)\`, sorted ascending), but returned ` +
            `${JSON.stringify(got)}.`,
      },
      "cross-checked",
    );
  }
  return check(
    "returns.sorted",
    3,
    true,
    { pass: "Every item was processed once and the results came back sorted.", fail: "" },
    "cross-checked",
  );
}

// evidence: outside — PID 1's count of process() calls in flight at once, each item served once.
function exactlyWorkers(views: ScenarioView[]): CheckResult {
  for (const v of views) {
    const { workers } = argsOf(v);
    const why = notServed(v);
    if (why) return check("trace.workers", 3, false, { pass: "", fail: why });
    const most = inFlight(calls(v));
    if (most !== workers)
      return check("trace.workers", 3, false, {
        pass: "",
        fail:
          most > workers
            ? `With workers=${workers}, ${most} items were being processed at once: only the ${workers} ` +
              `consumer tasks may call process(), each one item at a time.`
            : `With workers=${workers}, at most ${most} ${most === 1 ? "item was" : "items were"} processed ` +
              `at once: start ${workers} consumer tasks that all take items from the queue at the same time.`,
      });
  }
  return check("trace.workers", 3, true, {
    pass: "Exactly `workers` items were processed at once at the busiest moment.",
    fail: "",
  });
}

/**
 * Each consumer is a task that processes many items: count the tasks that awaited process(). The
 * runner's guard names the task of each call from its frames (the coroutine the task runs), one
 * record per connection to PID 1: code of the student's cannot drop one, and any it adds breaks the count.
 */
// evidence: cross-checked — the guard's task of each call, as many as the calls PID 1 served, and
// /proc saw no thread beside the loop's.
function consumerTasks(views: ScenarioView[]): CheckResult {
  for (const v of views) {
    const { workers, items } = argsOf(v);
    const why = notServed(v);
    if (why) return check("tasks.consumers", 2, false, { pass: "", fail: why }, "cross-checked");
    const threads = v.ev.outside.threads.threadsMax;
    if (threads > 1)
      return check(
        "tasks.consumers",
        2,
        false,
        {
          pass: "",
          fail:
            `Your code ran ${threads - 1} thread(s) beside the event loop: the consumers must be asyncio ` +
            `tasks on the loop (\`asyncio.create_task(consumer())\`), not threads.`,
        },
        "cross-checked",
      );
    const attributed = v.ev.records.filter((r) => r.kind === "op-task").map((r) => String(r.task));
    const tasks = new Set(attributed);
    if (attributed.length !== calls(v).length)
      return check(
        "tasks.consumers",
        2,
        false,
        {
          pass: "",
          fail: "The grader's records of which task called process() don't match the calls it served from outside.",
        },
        "cross-checked",
      );
    if (tasks.size !== workers)
      return check(
        "tasks.consumers",
        2,
        false,
        {
          pass: "",
          fail:
            tasks.size > workers
              ? `process() was called from ${tasks.size} different tasks for ${items.length} items, but the ` +
                `exercise asks for exactly ${workers} consumer tasks that each take item after item from the queue.`
              : `process() was called from only ${tasks.size} task(s); start exactly ${workers} consumer tasks.`,
        },
        "cross-checked",
      );
  }
  return check(
    "tasks.consumers",
    2,
    true,
    { pass: "Exactly `workers` consumer tasks shared the items.", fail: "" },
    "cross-checked",
  );
}

// evidence: cross-checked — the inside task list, counted only once PID 1 saw every item processed.
function noneLeft(views: ScenarioView[]): CheckResult {
  for (const v of views) {
    const why = notServed(v);
    if (why) return check("tasks.none-pending", 2, false, { pass: "", fail: why }, "cross-checked");
  }
  const left = views.flatMap((v) => v.pending);
  const kinds = [...new Set(left.map((t) => t.coro))];
  return check(
    "tasks.none-pending",
    2,
    left.length === 0,
    {
      pass: "Every consumer task had finished or been cancelled when run_pipeline returned.",
      fail:
        `run_pipeline returned while ${left.length} task(s) (${kinds.map((k) => `\`${k}\``).join(", ")}) ` +
        `were still running, most likely consumers waiting forever on \`queue.get()\`. After \`await ` +
        `queue.join()\`, cancel each consumer and await them (\`asyncio.gather(*consumers, ` +
        `return_exceptions=True)\`), or send each one a stop marker.`,
    },
    "cross-checked",
  );
}

export default defineExercise({
  failsWith: {
    "wrong/leaves-consumers.py": "tasks.none-pending",
    "wrong/task-per-item.py": "trace.workers",
    "wrong/one-consumer.py": "trace.workers",
    "wrong/unsorted.py": "returns.sorted",
  },
  scenarios: (rng) => [pipeline(rng, "main", rng.int(8, 9), 3, false), pipeline(rng, "pair", 6, 2, true)],
  given: ({ main, pair }) => {
    const views = [main, pair];
    const d = delaysOf(main.spec);
    return { views, d };
  },
  checks: {
    "returns.sorted": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["main", "pair"],
      evidence: "hidden results handed out by PID 1, each item served once",
      judge: (_views, { views }) => sortedResults(views),
    },
    "trace.workers": {
      weight: 3,
      kind: "outside",
      scenarios: ["main", "pair"],
      evidence: "PID 1's in-flight count equals workers",
      judge: (_views, { views }) => exactlyWorkers(views),
    },
    "tasks.consumers": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["main", "pair"],
      evidence: "the guard's task of each call (from its frames), one per call PID 1 served, no extra thread",
      judge: (_views, { views }) => consumerTasks(views),
    },
    "tasks.none-pending": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["main", "pair"],
      evidence: "inside pending list, once every item was served",
      judge: (_views, { views }) => noneLeft(views),
    },
    // evidence: outside — PID 1's clock, less the loop thread's run-queue wait; too quick fails too.
    "timing.concurrent": {
      weight: 1,
      kind: "outside",
      scenarios: ["main"],
      evidence: "PID 1's clock less run-queue wait",
      judge: ({ main }, { d }) =>
        concurrentTiming(main, {
          concurrent: poolMakespan(d, argsOf(main).workers),
          sequential: sum(d),
          weight: 1,
          hint: "The consumers must work at the same time: each awaits process() while the others do too.",
        }),
    },
  },
  timeline: {
    scenario: "main",
    ideal: (spec) => {
      const a = spec.args as unknown as PipelineArgs;
      const plan = poolSchedule(delaysOf(spec), a.workers);
      return a.items.map((item, i) => ({
        task: "consumer",
        op: `process(${item})`,
        start: Math.round(plan[i].start * 1000) / 1000,
        end: Math.round(plan[i].end * 1000) / 1000,
      }));
    },
  },
});
