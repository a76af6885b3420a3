import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import { concurrentTiming, nonePending, observed } from "../../grader/checks/common";
import { callCounts, inFlight } from "../../grader/checks/ops";
import { check, type CheckResult } from "../../grader/checks/result";
import { batchMakespan, poolMakespan, poolSchedule, sum } from "../../grader/checks/schedule";
import { fmt, type ScenarioView } from "../../grader/checks/view";
import type { ScenarioSpec } from "../../grader/sandbox/run";
import { atLeast, halfway, mostOf, returnedWithin } from "../../grader/checks/policy";

const needs = { entry: "run_pool", requires: ["query_all"], coroutines: ["query_all"] };
const DATABASES = [
  "users",
  "orders",
  "stock",
  "audit",
  "billing",
  "events",
  "sessions",
  "reviews",
  "metrics",
  "ledger",
  "mail",
  "search",
];

interface PoolArgs {
  names: string[];
  limit: number | null;
}
/** Host-only: each query's delay and result live in the scenario's `ops` table and here. */
interface Hidden {
  delays: Record<string, number>;
  results: Record<string, string>;
}

function database(rng: Rng, names: string[], delays: number[], limit: number | null, id: string): ScenarioSpec {
  const hidden: Hidden = {
    delays: Object.fromEntries(names.map((n, i) => [n, delays[i]])),
    results: Object.fromEntries(names.map((n) => [n, `${n}: ${rng.int(2, 99)} rows #${rng.token(6)}`])),
  };
  const args: PoolArgs = { names, limit };
  const ops = {
    query: Object.fromEntries(names.map((n) => [n, { delay: hidden.delays[n], result: hidden.results[n] }])),
  };
  return { id, ...needs, args: { ...args }, ops, hidden: { ...hidden }, timeout: 20 };
}

/**
 * With a limit, each chunk of `limit` holds one long query and short ones: a semaphore keeps the
 * long ones overlapping, batches wait for each long one in turn (3 long delays in a row).
 */
function limitedScenario(rng: Rng): ScenarioSpec {
  const limit = rng.int(3, 4);
  const names = rng.sample(DATABASES, 3 * limit).map((n) => `${n}_${rng.token(3)}`);
  const delays = names.map((_, i) => (i % limit === 0 ? rng.between(0.7, 0.85) : rng.between(0.12, 0.2)));
  return database(rng, names, delays, limit, "limited");
}

const argsOf = (v: ScenarioView) => v.spec.args as unknown as PoolArgs;
const hiddenOf = (spec: ScenarioSpec) => spec.hidden as unknown as Hidden;
const delaysOf = (v: ScenarioView) => argsOf(v).names.map((n) => hiddenOf(v.spec).delays[n]);
const expected = (v: ScenarioView) => argsOf(v).names.map((n) => hiddenOf(v.spec).results[n]);
/** The queries as PID 1 served them. */
const queries = (v: ScenarioView) => v.ops("query");

/** Why a scenario's queries cannot be judged: it returned too soon, or a query was missing or repeated. */
function notServed(v: ScenarioView): string | null {
  const absent = observed(v, mostOf(Math.min(...delaysOf(v))));
  if (absent) return `Not judged: ${absent}.`;
  const threads = v.ev.outside.threads.threadsMax;
  if (threads > 1)
    return (
      `Your code ran ${threads - 1} thread(s) beside the event loop: run the queries as tasks on the ` +
      `loop (gather, a TaskGroup), not in threads.`
    );
  const c = callCounts(queries(v), argsOf(v).names);
  if (c.missing.length)
    return `query_db was never called for ${JSON.stringify(c.missing)}: call it once for every name in db_names.`;
  if (c.repeated.length)
    return `query_db was called more than once for ${JSON.stringify(c.repeated)}: call it once for every name.`;
  return null;
}

// evidence: cross-checked — results only PID 1 handed out, in input order, each query served once.
function resultsInOrder(views: ScenarioView[]): CheckResult {
  for (const v of views) {
    const want = expected(v);
    const got = v.value;
    const served = callCounts(queries(v), argsOf(v).names).ok;
    if (JSON.stringify(got) === JSON.stringify(want) && served) continue;
    if (JSON.stringify(got) === JSON.stringify(want))
      return check(
        "returns.order",
        3,
        false,
        {
          pass: "",
          fail:
            `query_all returned the right results, but the grader did not see query_db called exactly ` +
            `once for each name.`,
        },
        "cross-checked",
      );
    const sameItems =
      Array.isArray(got) &&
      got.length === want.length &&
      [...got].map(String).sort().join("\n") === [...want].sort().join("\n");
    return check(
      "returns.order",
      3,
      false,
      {
        pass: "",
        fail: sameItems
          ? `query_all returned the right results in the wrong order: ${JSON.stringify(got)}. They must ` +
            `follow the order of db_names (${JSON.stringify(argsOf(v).names)}), not the order the queries finished in.`
          : `query_all(${JSON.stringify(argsOf(v).names)}, ...) should return ${JSON.stringify(want)}, the ` +
            `value of each \`await query_db(name)\` in input order; it returned ${JSON.stringify(got)}.`,
      },
      "cross-checked",
    );
  }
  return check(
    "returns.order",
    3,
    true,
    { pass: "Every result came back, in the order of db_names.", fail: "" },
    "cross-checked",
  );
}

// evidence: outside — PID 1's count of queries in flight at once, each served once, no thread but the loop's (/proc).
function allAtOnce(v: ScenarioView): CheckResult {
  const n = argsOf(v).names.length;
  const why = notServed(v);
  if (why) return check("trace.all-at-once", 2, false, { pass: "", fail: why });
  const most = inFlight(queries(v));
  return check("trace.all-at-once", 2, most === n, {
    pass: `Without a limit, all ${n} queries were in flight at once.`,
    fail:
      `Without a limit, all ${n} queries should run at the same time, but at most ${most} were in flight ` +
      `at once: start them all (gather or tasks) before awaiting any.`,
  });
}

// evidence: outside — PID 1's count of queries in flight at once, each served once, no thread but the loop's (/proc).
function exactlyLimit(v: ScenarioView): CheckResult {
  const { limit } = argsOf(v);
  const why = notServed(v);
  if (why) return check("trace.max-in-flight", 3, false, { pass: "", fail: why });
  const most = inFlight(queries(v));
  return check("trace.max-in-flight", 3, most === limit, {
    pass: `With limit=${limit}, exactly ${limit} queries were in flight at the busiest moment, never more.`,
    fail:
      most > limit!
        ? `With limit=${limit}, ${most} queries were in flight at once: the limit was not enforced. Acquire ` +
          `an \`asyncio.Semaphore(limit)\` around each \`await query_db(name)\` (\`async with semaphore:\`).`
        : `With limit=${limit}, at most ${most} ${most === 1 ? "query was" : "queries were"} in flight at ` +
          `once, but ${limit} are allowed: ` +
          `${most === 1 ? "the queries ran one after another" : "use the whole limit"}.`,
  });
}

/** A semaphore refills a slot at once: every later query starts while earlier ones still run. */
// evidence: outside — PID 1's start and end of each query.
function refills(v: ScenarioView): CheckResult {
  const why = notServed(v);
  if (why) return check("trace.refill", 3, false, { pass: "", fail: why });
  const spans = [...queries(v)].sort((a, b) => a.start - b.start);
  const firstEnd = Math.min(...spans.map((s) => s.end));
  const late = spans.filter((s) => s.start >= firstEnd);
  const alone = late.find((s) => !spans.some((o) => o !== s && o.start < s.start && o.end > s.start));
  const ok = spans.length > 0 && !alone;
  return check("trace.refill", 3, ok, {
    pass: "Each time a query finished, the next one started while the others were still running.",
    fail: alone
      ? `Query \`${String(alone.arg)}\` started only after every earlier query had finished, as if the ` +
        `queries ran in batches of ${argsOf(v).limit}. With a semaphore, the next query starts as soon as ` +
        `any one finishes, while the others keep running.`
      : "query_db was never called.",
  });
}

// evidence: outside — PID 1's clock from handing over the scenario to the return, less the loop
// thread's run-queue wait (/proc); too quick fails as well.
function semaphoreTiming(v: ScenarioView): CheckResult {
  const a = argsOf(v);
  const d = delaysOf(v);
  const pool = poolMakespan(d, a.limit!);
  const batches = batchMakespan(d, a.limit!);
  const limit = halfway(pool, batches);
  // Upper bound: time the loop waited for a CPU is the machine's load, not the student's.
  const took = v.outsideActiveElapsed;
  const ok = atLeast(v.outsideElapsed ?? 0, pool, "return") && returnedWithin(v, limit);
  return check("timing.semaphore", 2, ok, {
    pass: `With limit=${a.limit}, took ${fmt(took)}: a semaphore's schedule takes about ${fmt(pool)}.`,
    fail: !atLeast(v.outsideElapsed ?? 0, pool, "return")
      ? `With limit=${a.limit}, returned after ${fmt(v.outsideElapsed)}: with at most ${a.limit} queries ` +
        `at a time, they cannot all be done in less than about ${fmt(pool)}. Were more than ${a.limit} in ` +
        `flight, or some never awaited?`
      : `With limit=${a.limit}, took ${fmt(took)}; a semaphore takes about ${fmt(pool)}, batches of ` +
        `${a.limit} about ${fmt(batches)}, one after another ${fmt(sum(d))}. Let a new query start as soon ` +
        `as any running one finishes.`,
  });
}

export default defineExercise({
  failsWith: {
    "wrong/batches.py": "trace.refill",
    "wrong/ignores-limit.py": "trace.max-in-flight",
    "wrong/sequential.py": "trace.all-at-once",
    "wrong/completion-order.py": "returns.order",
    "wrong/default-cap.py": "trace.all-at-once",
  },
  scenarios: (rng) => {
    // More queries than any default cap a student might choose (a cap of 6 or 10 must show).
    const n = rng.int(11, 12);
    const names = rng.sample(DATABASES, n).map((x) => `${x}_${rng.token(3)}`);
    const unlimited = database(
      rng,
      names,
      names.map(() => rng.between(0.3, 0.6)),
      null,
      "unlimited",
    );
    return [unlimited, limitedScenario(rng)];
  },
  given: ({ unlimited }) => {
    const d = delaysOf(unlimited);
    return { d };
  },
  checks: {
    "returns.order": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["unlimited", "limited"],
      evidence: "results only PID 1 handed out, in input order, each name served once",
      judge: ({ unlimited, limited }) => resultsInOrder([unlimited, limited]),
    },
    "trace.all-at-once": {
      weight: 2,
      kind: "outside",
      scenarios: ["unlimited"],
      evidence: "PID 1's in-flight counts and start/end of each query; no extra thread (/proc)",
      judge: ({ unlimited }) => allAtOnce(unlimited),
    },
    // evidence: outside — PID 1's clock, less the loop thread's run-queue wait; too quick fails too.
    "timing.concurrent": {
      weight: 1,
      kind: "outside",
      scenarios: ["unlimited"],
      evidence: "PID 1's clock less run-queue wait",
      judge: ({ unlimited }, { d }) =>
        concurrentTiming(unlimited, {
          concurrent: Math.max(...d),
          sequential: sum(d),
          weight: 1,
          hint: "Without a limit, start every query before awaiting any of them.",
        }),
    },
    "trace.max-in-flight": {
      weight: 3,
      kind: "outside",
      scenarios: ["limited"],
      evidence: "PID 1's in-flight counts and start/end of each query; no extra thread (/proc)",
      judge: ({ limited }) => exactlyLimit(limited),
    },
    "trace.refill": {
      weight: 3,
      kind: "outside",
      scenarios: ["limited"],
      evidence: "PID 1's in-flight counts and start/end of each query; no extra thread (/proc)",
      judge: ({ limited }) => refills(limited),
    },
    "timing.semaphore": {
      weight: 2,
      kind: "outside",
      scenarios: ["limited"],
      evidence: "PID 1's clock less run-queue wait",
      judge: ({ limited }) => semaphoreTiming(limited),
    },
    // evidence: cross-checked — the inside task list, counted only once PID 1 saw the work take its time.
    "tasks.none-pending": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["unlimited", "limited"],
      evidence: "inside pending list, counted only after the work was seen",
      judge: ({ unlimited, limited }, { d }) =>
        nonePending([unlimited, limited], 1, { minSeconds: mostOf(Math.min(...d)) }),
    },
  },
  timeline: {
    scenario: "limited",
    ideal: (spec) => {
      const a = spec.args as unknown as PoolArgs;
      const plan = poolSchedule(
        a.names.map((n) => hiddenOf(spec).delays[n]),
        a.limit!,
      );
      return a.names.map((n, i) => ({
        task: "query_db",
        op: `query(${n})`,
        start: plan[i].start,
        end: Math.round(plan[i].end * 1000) / 1000,
      }));
    },
  },
});
