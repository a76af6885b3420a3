import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import type { ScenarioSpec } from "../../grader/sandbox/run";
import { loopNotBlocked, observed, sameMultiset, waitsAtLeast } from "../../grader/checks/common";
import { check } from "../../grader/checks/result";
import { fmt, maxOverlap, type ScenarioView } from "../../grader/checks/view";
import { atOnce, mostOf, waited } from "../../grader/checks/policy";

const names = ["fetch_data", "start_fetches", "collect"];
const needs = { requires: names, coroutines: names };
const KEYS = ["users", "orders", "stock", "prices", "invoices", "reviews", "carts", "events"];

interface Pipeline {
  returned_after: number;
  returned?: string;
  kinds?: string[];
  done_at_return?: boolean[];
  done_later?: boolean[];
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
/** How the grader's fetch_data names a fetch to PID 1: the key with the delay it was given (driver.py). */
const fetchArg = (key: string, delay: number) => `${key} after ${delay}`;
/** When (PID 1's clock) the driver reached a mark, or null. */
const markAt = (v: ScenarioView, name: string) => {
  const m = v.ops("mark").filter((c) => c.arg === name);
  return m.length === 1 ? m[0].start : null;
};

export default defineExercise({
  failsWith: {
    "wrong/await-in-start.py": "tasks.returned-at-once",
    "wrong/coroutines-not-tasks.py": "tasks.scheduled",
    "wrong/completion-order.py": "returns.order",
    "wrong/time-sleep.py": "loop.not-blocked",
    "wrong/drops-delay.py": "code.runs",
  },
  wallTimeMs: 20_000,
  scenarios: (rng): ScenarioSpec[] => {
    const [single, ...rest] = rng.sample(KEYS, 1 + rng.int(3, 4)).map((k) => keyOf(rng, k));
    const delay = rng.between(0.4, 0.5);
    const jobs = shuffledDelays(rng, 3).map(
      (d, i) => [keyOf(rng, rng.pick(KEYS)) + i, d, rng.token(8)] as [string, number, string],
    );
    const tokens = rest.map(() => rng.token(10));
    return [
      { id: "fetch", fn: "fetch_data", ...needs, args: { args: [single, rng.between(0.3, 0.4)] }, timeout: 8 },
      {
        id: "pipeline",
        entry: "pipeline",
        ...needs,
        args: { keys: rest, delay, margin: 0.2 },
        ops: {
          fetch: Object.fromEntries(rest.map((k, i) => [fetchArg(k, delay), { delay, result: tokens[i] }])),
          mark: { returned: { delay: 0 }, collect: { delay: 0 } },
        },
        hidden: { tokens },
        timeout: 8,
      },
      {
        id: "collect",
        entry: "collect_entry",
        ...needs,
        args: { jobs: jobs.map(([k]) => k) },
        ops: { job: Object.fromEntries(jobs.map(([k, d, tok]) => [k, { delay: d, result: `${k}:${tok}` }])) },
        hidden: { jobs },
        timeout: 8,
      },
    ];
  },
  given: ({ fetch, pipeline, collect }) => {
    const [key, delay] = fetch.spec.args!.args as [string, number];
    const keys = pipeline.spec.args!.keys as string[];
    const pDelay = pipeline.spec.args!.delay as number;
    const margin = pipeline.spec.args!.margin as number;
    const tokens = pipeline.spec.hidden!.tokens as string[];
    const p = (pipeline.value ?? { returned_after: NaN }) as Pipeline;
    const kinds = p.kinds ?? [];
    // From the call's beginning, bounded from outside: gVisor's slow child start is not start_fetches's.
    const start = pipeline.callStarted;
    const returnedMark = markAt(pipeline, "returned");
    const collectMark = markAt(pipeline, "collect");
    const fetches = pipeline.ops("fetch");
    const perKey = keys.map((k) => fetches.filter((f) => f.arg === fetchArg(k, pDelay)));
    const onceEach = perKey.every((f) => f.length === 1) && fetches.length === keys.length;
    const endedBeforeReturn = returnedMark === null ? 0 : fetches.filter((f) => f.end <= returnedMark).length;
    const beforeCollect = collectMark === null ? [] : fetches.filter((f) => f.end <= collectMark);
    const jobs = collect.spec.hidden!.jobs as [string, number, string][];
    const expected = jobs.map(([k, , tok]) => `${k}:${tok}`);
    const got = ((collect.value ?? {}) as { results?: unknown }).results;
    const jobOps = collect.ops("job");
    const slowestJob = Math.max(...jobs.map(([, d]) => d));
    const collectAbsent = observed(collect, waited(slowestJob));
    const fetchAbsent = observed(fetch, waited(delay));
    return {
      key,
      delay,
      keys,
      pDelay,
      margin,
      tokens,
      p,
      kinds,
      start,
      returnedMark,
      collectMark,
      fetches,
      onceEach,
      endedBeforeReturn,
      beforeCollect,
      jobs,
      expected,
      got,
      jobOps,
      slowestJob,
      collectAbsent,
      fetchAbsent,
    };
  },
  checks: {
    // evidence: cross-checked — the returned value (inside) counts only once PID 1's clock shows fetch_data waited
    // its delay.
    "returns.fetch-data": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["fetch"],
      evidence: "inside value, once PID 1's clock shows the delay passed",
      judge: ({ fetch }, { key, delay, fetchAbsent }) =>
        check(
          "returns.fetch-data",
          1,
          fetchAbsent === null && fetch.value === `Data:${key}`,
          {
            pass: `fetch_data("${key}", ${delay}) returned "Data:${key}".`,
            fail: fetchAbsent
              ? `fetch_data("${key}", ${delay}) should wait ${delay} s and then return "Data:${key}"; ${fetchAbsent}.`
              : `fetch_data("${key}", ${delay}) should return "Data:${key}"; it returned ` +
                `${JSON.stringify(fetch.value)}.`,
          },
          "cross-checked",
        ),
    },
    // evidence: outside — PID 1's clock.
    "timing.waits": {
      weight: 1,
      kind: "outside",
      scenarios: ["fetch"],
      evidence: "PID 1's clock",
      judge: ({ fetch }, { delay }) =>
        waitsAtLeast(fetch, delay, {
          weight: 1,
          hint: "Did you forget `await` in front of `asyncio.sleep(delay)` in fetch_data?",
        }),
    },
    // evidence: cross-checked — the driver saw tasks (inside), and PID 1 saw each key's fetch start before anything
    // awaited them.
    "tasks.scheduled": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["pipeline"],
      evidence: "every grader fetch op started (PID 1) before the driver's collect mark; inside " + "object kinds",
      judge: (_views, { keys, pDelay, p, kinds, collectMark, fetches, onceEach }) =>
        check(
          "tasks.scheduled",
          2,
          kinds.length === keys.length &&
            kinds.every((k) => k === "task" || k === "future") &&
            onceEach &&
            collectMark !== null &&
            fetches.every((f) => f.start < collectMark),
          {
            pass:
              `start_fetches returned ${keys.length} tasks for ${keys.length} keys, and each one started ` +
              `fetching on its own.`,
            fail: p.returned
              ? `start_fetches should return a list of tasks; it returned a ${p.returned}.`
              : kinds.includes("coroutine")
                ? "start_fetches returned coroutine objects, not tasks: a coroutine does nothing until it is " +
                  "awaited. Wrap each one in `asyncio.create_task(...)` so it is scheduled at once."
                : kinds.length !== keys.length
                  ? `start_fetches was given ${keys.length} keys but returned ${kinds.length} items: return ` +
                    `one task per key.`
                  : !onceEach
                    ? `With the grader's own fetch_data, start_fetches(${JSON.stringify(keys)}, ${pDelay}) ` +
                      `fetched ${JSON.stringify(fetches.map((f) => f.arg))}: it should call fetch_data(key, ` +
                      `delay) once per key.`
                    : kinds.every((k) => k === "task" || k === "future")
                      ? "The fetches only started once collect awaited them: start_fetches should schedule " +
                        "each one as a task (`asyncio.create_task(...)`), which starts on its own as soon as " +
                        "the loop is free."
                      : `start_fetches should return asyncio tasks; it returned ` +
                        `${JSON.stringify(kinds)}` +
                        `${kinds.includes("str") ? ": those are results, so it awaited the fetches itself" : ""}.`,
          },
          "cross-checked",
        ),
    },
    // evidence: cross-checked — the driver's mark when start_fetches returned (sent from inside), timed by PID 1's
    // clock, against the fetches PID 1 served.
    "tasks.returned-at-once": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["pipeline"],
      evidence: "the driver's 'returned' mark timed by PID 1 against the fetch ops' ends",
      judge: ({ pipeline }, { keys, pDelay, start, returnedMark, fetches, onceEach, endedBeforeReturn }) =>
        check(
          "tasks.returned-at-once",
          3,
          returnedMark !== null &&
            onceEach &&
            endedBeforeReturn === 0 &&
            atOnce(pipeline, returnedMark - start, pDelay),
          {
            pass:
              `start_fetches returned after ${fmt(returnedMark === null ? null : returnedMark - start)}, ` +
              `before any fetch had finished.`,
            fail: !onceEach
              ? `With the grader's own fetch_data, start_fetches(${JSON.stringify(keys)}, ${pDelay}) fetched ` +
                `${JSON.stringify(fetches.map((f) => f.arg))}: it should start fetch_data(key, delay) once per ` +
                `key, as a task, and return the tasks at once.`
              : `start_fetches took ${fmt(returnedMark === null ? null : returnedMark - start)} to ` +
                `return` +
                `${endedBeforeReturn ? ` and ${endedBeforeReturn} of its fetches had already finished` : ""}; ` +
                `each fetch takes ${pDelay} s. It must hand back the tasks at once: create them and return ` +
                `them without awaiting them (awaiting is collect's job).`,
          },
          "cross-checked",
        ),
    },
    // evidence: cross-checked — PID 1 saw every fetch end before the driver's "collect" mark (sent from inside,
    // timed by PID 1).
    "tasks.ran-before-await": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["pipeline"],
      evidence: "every grader fetch op started (PID 1) before the driver's collect mark; inside " + "object kinds",
      judge: (_views, { keys, pDelay, margin, collectMark, fetches, onceEach, beforeCollect }) =>
        check(
          "tasks.ran-before-await",
          2,
          onceEach && collectMark !== null && beforeCollect.length === keys.length,
          {
            pass: "The tasks ran and finished on their own while nobody awaited them yet.",
            fail: !onceEach
              ? `With the grader's own fetch_data, the grader saw the fetches ` +
                `${JSON.stringify(fetches.map((f) => f.arg))} for keys ${JSON.stringify(keys)}: start one task per key.`
              : `The grader waited ${fmt(pDelay + margin)} after start_fetches returned, without awaiting ` +
                `anything; by then only ${beforeCollect.length} of ${keys.length} fetches had finished. Tasks ` +
                `scheduled with asyncio.create_task run as soon as the loop is free, without being awaited; ` +
                `coroutine objects don't.`,
          },
          "cross-checked",
        ),
    },
    // evidence: outside — PID 1 served the fetches and saw them in flight together.
    "trace.overlap": {
      weight: 2,
      kind: "outside",
      scenarios: ["pipeline"],
      evidence: "fetch ops in flight together (PID 1)",
      judge: (_views, { keys, fetches, onceEach }) =>
        check("trace.overlap", 2, onceEach && maxOverlap(fetches) === keys.length, {
          pass: `All ${keys.length} fetches were in flight at the same time.`,
          fail:
            fetches.length === 0
              ? "With the grader's own fetch_data, the grader saw no fetch at all: start_fetches should start " +
                "fetch_data(key, delay) as a task per key."
              : `Only ${maxOverlap(fetches)} of the ${keys.length} fetches ran at the same time: the fetches ` +
                `ran one after another.`,
        }),
    },
    // evidence: cross-checked — the results must equal values only PID 1's service handed out, in key order.
    "returns.pipeline": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["pipeline"],
      evidence: "results equal tokens only PID 1 handed out",
      judge: (_views, { keys, pDelay, tokens, p }) =>
        check(
          "returns.pipeline",
          1,
          JSON.stringify(p.results) === JSON.stringify(tokens),
          {
            pass: "collect(start_fetches(keys)) returned every result in key order.",
            fail:
              `With the grader's own fetch_data, collect(await start_fetches(${JSON.stringify(keys)}, ` +
              `${pDelay})) should return each fetch's result in key order; it returned ` +
              `${JSON.stringify(p.results ?? null)}.`,
          },
          "cross-checked",
        ),
    },
    // evidence: cross-checked — the results must equal values only PID 1's service handed out, and PID 1 saw every
    // job end before collect returned.
    "returns.order": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["collect"],
      evidence: "results equal tokens only PID 1 handed out",
      judge: ({ collect }, { jobs, expected, got, jobOps, collectAbsent }) =>
        check(
          "returns.order",
          3,
          collectAbsent === null &&
            jobOps.length === jobs.length &&
            JSON.stringify(got) === JSON.stringify(expected) &&
            collect.outside.returned !== null &&
            jobOps.every((j) => j.end <= collect.outside.returned!),
          {
            pass: "collect returned the results in the tasks' order, although they finished in another order.",
            fail: collectAbsent
              ? `collect should await every task it is given; ${collectAbsent}.`
              : Array.isArray(got) && sameMultiset(got.map(String), expected)
                ? `collect returned the results in the order the tasks finished (${JSON.stringify(got)}); ` +
                  `return them in the order of the list it was given (${JSON.stringify(expected)}): await the ` +
                  `tasks in list order, or use asyncio.gather.`
                : `Given tasks that return ${JSON.stringify(expected)} (in that list order), collect returned ` +
                  `${JSON.stringify(got ?? null)}: await every task and return its result.`,
          },
          "cross-checked",
        ),
    },
    // evidence: outside — the /proc sampler of the loop's thread.
    // Judged only once each scenario took its waits: a starter that returns at once is not "not blocked".
    "loop.not-blocked": {
      weight: 1,
      kind: "outside",
      scenarios: ["fetch", "pipeline", "collect"],
      evidence: "/proc sampler",
      judge: ({ fetch, pipeline, collect }, { delay, pDelay, margin, slowestJob }) =>
        loopNotBlocked([fetch, pipeline, collect], 1, {
          minSeconds: (v) => mostOf(v === fetch ? delay : v === pipeline ? pDelay + margin : slowestJob),
        }),
    },
  },
  timeline: {
    scenario: "fetch",
    ideal: (spec) => {
      const [, d] = spec.args!.args as [string, number];
      return [{ task: rowName("fetch_data", 0), op: `sleep(${d})`, start: 0, end: d }];
    },
  },
});
