import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import { loopNotBlocked, sameMultiset, waitsAtLeast } from "../../grader/checks/common";
import { check } from "../../grader/checks/result";
import { fmt, maxOverlap } from "../../grader/checks/view";

const names = ["fetch_data", "start_fetches", "collect"];
const needs = { requires: names, coroutines: names };
const KEYS = ["users", "orders", "stock", "prices", "invoices", "reviews", "carts", "events"];

interface Pipeline {
  returned_after: number;
  returned?: string;
  kinds?: string[];
  done_at_return?: boolean[];
  done_later?: boolean[];
  collect_called?: number;
  results?: unknown;
}

/** Distinct delays in an order that is never ascending, so that tasks finish out of task order. */
function shuffledDelays(rng: Rng, count: number): number[] {
  const picked = rng.sample([0.2, 0.3, 0.4, 0.5], count);
  return picked.every((d, i) => i === 0 || picked[i - 1] < d) ? picked.reverse() : picked;
}

/** Timeline rows are named after each task's coroutine, numbered from the second on. */
const rowName = (coro: string, i: number) => (i === 0 ? coro : `${coro} #${i + 1}`);
const keyOf = (rng: Rng, k: string) => `${k}-${rng.token(4)}`;

export default defineExercise({
  wallTimeMs: 20_000,
  scenarios: (rng) => {
    const [single, ...rest] = rng.sample(KEYS, 1 + rng.int(3, 4)).map((k) => keyOf(rng, k));
    const jobs = shuffledDelays(rng, 3).map((d, i) => [keyOf(rng, rng.pick(KEYS)) + i, d, rng.token(8)]);
    return [
      { id: "fetch", fn: "fetch_data", ...needs, args: { args: [single, rng.between(0.3, 0.4)] }, timeout: 8 },
      { id: "pipeline", entry: "pipeline", ...needs, args: { keys: rest, delay: rng.between(0.4, 0.5), margin: 0.2 }, timeout: 8 },
      { id: "collect", entry: "collect_entry", ...needs, args: { jobs }, timeout: 8 },
    ];
  },
  checks: ({ fetch, pipeline, collect }) => {
    const [key, delay] = fetch.spec.args!.args as [string, number];
    const keys = pipeline.spec.args!.keys as string[];
    const pDelay = pipeline.spec.args!.delay as number;
    const p = (pipeline.value ?? { returned_after: NaN }) as Pipeline;
    const kinds = p.kinds ?? [];
    const fetchSleeps = pipeline.spans("sleep").filter((s) => s.fn === "fetch_data");
    const jobs = collect.spec.args!.jobs as [string, number, string][];
    const expected = jobs.map(([k, , tok]) => `${k}:${tok}`);
    const got = ((collect.value ?? {}) as { results?: unknown }).results;
    const doneAtReturn = (p.done_at_return ?? []).filter(Boolean).length;
    const collectCalled = p.collect_called ?? -Infinity;
    return [
      check("returns.fetch-data", 1, fetch.value === `Data:${key}`, {
        pass: `fetch_data("${key}", ${delay}) returned "Data:${key}".`,
        fail: `fetch_data("${key}", ${delay}) should return "Data:${key}"; it returned ${JSON.stringify(fetch.value)}.`,
      }),
      waitsAtLeast(fetch, delay, { weight: 1, hint: "Did you forget `await` in front of `asyncio.sleep(delay)` in fetch_data?" }),
      check("tasks.scheduled", 2, kinds.length === keys.length && kinds.every((k) => k === "task" || k === "future"), {
        pass: `start_fetches returned ${keys.length} tasks for ${keys.length} keys.`,
        fail: p.returned
          ? `start_fetches should return a list of tasks; it returned a ${p.returned}.`
          : kinds.includes("coroutine")
            ? "start_fetches returned coroutine objects, not tasks: a coroutine does nothing until it is awaited. Wrap each one in `asyncio.create_task(...)` so it is scheduled at once."
            : kinds.length !== keys.length
              ? `start_fetches was given ${keys.length} keys but returned ${kinds.length} items: return one task per key.`
              : `start_fetches should return asyncio tasks; it returned ${JSON.stringify(kinds)}${kinds.includes("str") ? ": those are results, so it awaited the fetches itself" : ""}.`,
      }),
      check("tasks.returned-at-once", 3, doneAtReturn === 0 && kinds.length > 0 && p.returned_after - pipeline.cpuWait < pDelay / 2, {
        pass: `start_fetches returned after ${fmt(p.returned_after)}, before any fetch had finished.`,
        fail: `start_fetches took ${fmt(p.returned_after)} to return${doneAtReturn ? ` and ${doneAtReturn} of its tasks had already finished` : ""}; each fetch takes ${pDelay} s. It must hand back the tasks at once: create them and return them without awaiting them (awaiting is collect's job).`,
      }),
      check(
        "tasks.ran-before-await",
        2,
        (p.done_later ?? []).length === keys.length &&
          p.done_later!.every(Boolean) &&
          fetchSleeps.length === keys.length &&
          fetchSleeps.every((s) => s.start < collectCalled),
        {
          pass: "The tasks ran and finished on their own while nobody awaited them yet.",
          fail:
            fetchSleeps.length === 0
              ? "The grader saw no fetch_data waiting on `await asyncio.sleep(delay)`: wait there without blocking, so that the other tasks run meanwhile."
              : `The grader waited ${fmt(pDelay + (pipeline.spec.args!.margin as number))} after start_fetches returned, without awaiting anything; by then only ${(p.done_later ?? []).filter(Boolean).length} of ${keys.length} tasks had finished. Tasks scheduled with asyncio.create_task run as soon as the loop is free, without being awaited; coroutine objects don't.`,
        },
      ),
      check("trace.overlap", 2, fetchSleeps.length === keys.length && maxOverlap(fetchSleeps) === keys.length, {
        pass: `All ${keys.length} fetch_data waits overlapped.`,
        fail:
          fetchSleeps.length === 0
            ? "The grader saw no fetch_data waiting on `await asyncio.sleep(delay)`, so nothing could overlap."
            : `Only ${maxOverlap(fetchSleeps)} of the ${keys.length} fetch_data waits ran at the same time: the fetches ran one after another.`,
      }),
      check("returns.pipeline", 1, JSON.stringify(p.results) === JSON.stringify(keys.map((k) => `Data:${k}`)), {
        pass: "collect(start_fetches(keys)) returned every result in key order.",
        fail: `collect(await start_fetches(${JSON.stringify(keys)}, ${pDelay})) should return ${JSON.stringify(keys.map((k) => `Data:${k}`))}; it returned ${JSON.stringify(p.results ?? null)}.`,
      }),
      check("returns.order", 3, JSON.stringify(got) === JSON.stringify(expected), {
        pass: "collect returned the results in the tasks' order, although they finished in another order.",
        fail:
          Array.isArray(got) && sameMultiset(got.map(String), expected)
            ? `collect returned the results in the order the tasks finished (${JSON.stringify(got)}); return them in the order of the list it was given (${JSON.stringify(expected)}): await the tasks in list order, or use asyncio.gather.`
            : `Given tasks that return ${JSON.stringify(expected)} (in that list order), collect returned ${JSON.stringify(got ?? null)}: await every task and return its result.`,
      }),
      loopNotBlocked([fetch, pipeline, collect], 1),
    ];
  },
  timeline: {
    scenario: "pipeline",
    ideal: (spec) =>
      (spec.args!.keys as string[]).map((_, i) => ({ task: rowName("fetch_data", i), op: `sleep(${spec.args!.delay})`, start: 0, end: spec.args!.delay as number })),
  },
});
