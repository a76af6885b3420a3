import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import { concurrentTiming } from "../../grader/checks/common";
import { check, type CheckResult } from "../../grader/checks/result";
import { poolMakespan, poolSchedule, sum } from "../../grader/checks/schedule";
import { maxOverlap, type ScenarioView } from "../../grader/checks/view";
import type { ScenarioSpec } from "../../grader/sandbox/run";

const needs = { entry: "run_entry", requires: ["run_pipeline"], coroutines: ["run_pipeline"] };

interface PipelineArgs {
  items: number[];
  workers: number;
  delays: Record<string, number>;
  mul: number;
  add: number;
  mod: number;
}

function pipeline(rng: Rng, id: string, count: number, workers: number, duplicate: boolean): ScenarioSpec {
  const distinct = rng.sample(Array.from({ length: 90 }, (_, i) => i + 10), duplicate ? count - 1 : count);
  const items = duplicate ? [...distinct, distinct[rng.int(0, distinct.length - 1)]] : distinct;
  const delays = Object.fromEntries(distinct.map((i) => [String(i), rng.between(0.15, 0.35)]));
  const args: PipelineArgs = { items: rng.sample(items, items.length), workers, delays, mul: rng.int(7, 31), add: rng.int(1, 50), mod: 97 };
  return { id, ...needs, args: { ...args }, timeout: 20 };
}

const argsOf = (v: ScenarioView) => v.spec.args as unknown as PipelineArgs;
const delaysOf = (a: PipelineArgs) => a.items.map((i) => a.delays[String(i)]);
const expected = (a: PipelineArgs) => a.items.map((i) => (i * a.mul + a.add) % a.mod).sort((x, y) => x - y);

function sortedResults(views: ScenarioView[]): CheckResult {
  for (const v of views) {
    const a = argsOf(v);
    const want = expected(a);
    const got = v.value;
    if (JSON.stringify(got) === JSON.stringify(want)) continue;
    const sameItems = Array.isArray(got) && [...got].sort((x, y) => x - y).join() === want.join();
    return check("returns.sorted", 3, false, {
      pass: "",
      fail: sameItems
        ? `run_pipeline returned the right results but not sorted: ${JSON.stringify(got)}. Return them sorted ascending.`
        : `run_pipeline(${JSON.stringify(a.items)}, ${a.workers}, process) should return ${JSON.stringify(want)} (every \`await process(item)\`, sorted ascending), but returned ${JSON.stringify(got)}.`,
    });
  }
  return check("returns.sorted", 3, true, { pass: "Every item was processed once and the results came back sorted.", fail: "" });
}

function exactlyWorkers(views: ScenarioView[]): CheckResult {
  for (const v of views) {
    const { workers } = argsOf(v);
    const most = maxOverlap(v.spans("process"));
    if (most !== workers)
      return check("trace.workers", 3, false, {
        pass: "",
        fail:
          most > workers
            ? `With workers=${workers}, ${most} items were being processed at once: only the ${workers} consumer tasks may call process(), each one item at a time.`
            : `With workers=${workers}, at most ${most} ${most === 1 ? "item was" : "items were"} processed at once: start ${workers} consumer tasks that all take items from the queue at the same time.`,
      });
  }
  return check("trace.workers", 3, true, { pass: "Exactly `workers` items were processed at once at the busiest moment.", fail: "" });
}

/** Each consumer is a task that processes many items: count the tasks that called process(). */
function consumerTasks(views: ScenarioView[]): CheckResult {
  for (const v of views) {
    const { workers, items } = argsOf(v);
    const tasks = new Set(v.ev.records.filter((r) => r.kind === "consumer").map((r) => String((r as { task?: unknown }).task)));
    if (tasks.size !== workers)
      return check("tasks.consumers", 2, false, {
        pass: "",
        fail:
          tasks.size > workers
            ? `process() was called from ${tasks.size} different tasks for ${items.length} items, but the exercise asks for exactly ${workers} consumer tasks that each take item after item from the queue.`
            : `process() was called from only ${tasks.size} task(s); start exactly ${workers} consumer tasks.`,
      });
  }
  return check("tasks.consumers", 2, true, { pass: "Exactly `workers` consumer tasks shared the items.", fail: "" });
}

function noneLeft(views: ScenarioView[]): CheckResult {
  const left = views.flatMap((v) => v.pending);
  const kinds = [...new Set(left.map((t) => t.coro))];
  return check("tasks.none-pending", 2, left.length === 0, {
    pass: "Every consumer task had finished or been cancelled when run_pipeline returned.",
    fail: `run_pipeline returned while ${left.length} task(s) (${kinds.map((k) => `\`${k}\``).join(", ")}) were still running, most likely consumers waiting forever on \`queue.get()\`. After \`await queue.join()\`, cancel each consumer and await them (\`asyncio.gather(*consumers, return_exceptions=True)\`), or send each one a stop marker.`,
  });
}

export default defineExercise({
  scenarios: (rng) => [pipeline(rng, "main", rng.int(8, 9), 3, false), pipeline(rng, "pair", 6, 2, true)],
  checks: ({ main, pair }) => {
    const views = [main, pair];
    const a = argsOf(main);
    return [
      sortedResults(views),
      exactlyWorkers(views),
      consumerTasks(views),
      noneLeft(views),
      concurrentTiming(main, {
        concurrent: poolMakespan(delaysOf(a), a.workers),
        sequential: sum(delaysOf(a)),
        weight: 1,
        hint: "The consumers must work at the same time: each awaits process() while the others do too.",
      }),
    ];
  },
  timeline: {
    scenario: "main",
    ideal: (spec) => {
      const a = spec.args as unknown as PipelineArgs;
      const plan = poolSchedule(delaysOf(a), a.workers);
      return a.items.map((item, i) => ({ task: "consumer", op: `process(${item})`, start: Math.round(plan[i].start * 1000) / 1000, end: Math.round(plan[i].end * 1000) / 1000 }));
    },
  },
});
