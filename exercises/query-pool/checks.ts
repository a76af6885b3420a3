import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import { concurrentTiming, nonePending } from "../../grader/checks/common";
import { check, type CheckResult } from "../../grader/checks/result";
import { batchMakespan, poolMakespan, poolSchedule, sum } from "../../grader/checks/schedule";
import { fmt, maxOverlap, type ScenarioView } from "../../grader/checks/view";
import type { ScenarioSpec } from "../../grader/sandbox/run";

const needs = { entry: "run_pool", requires: ["query_all"], coroutines: ["query_all"] };
const DATABASES = ["users", "orders", "stock", "audit", "billing", "events", "sessions", "reviews", "metrics", "ledger", "mail", "search"];

interface PoolArgs {
  names: string[];
  delays: Record<string, number>;
  tokens: Record<string, string>;
  limit: number | null;
}

function database(rng: Rng, names: string[], delays: number[], limit: number | null, id: string): ScenarioSpec {
  const args: PoolArgs = {
    names,
    delays: Object.fromEntries(names.map((n, i) => [n, delays[i]])),
    tokens: Object.fromEntries(names.map((n) => [n, `${rng.int(2, 99)} rows #${rng.token(6)}`])),
    limit,
  };
  return { id, ...needs, args: { ...args }, timeout: 20 };
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
const delaysOf = (a: PoolArgs) => a.names.map((n) => a.delays[n]);
const expected = (a: PoolArgs) => a.names.map((n) => `${n}: ${a.tokens[n]}`);

function resultsInOrder(views: ScenarioView[]): CheckResult {
  for (const v of views) {
    const want = expected(argsOf(v));
    const got = v.value;
    if (JSON.stringify(got) === JSON.stringify(want)) continue;
    const sameItems = Array.isArray(got) && got.length === want.length && [...got].map(String).sort().join("\n") === [...want].sort().join("\n");
    return check("returns.order", 3, false, {
      pass: "",
      fail: sameItems
        ? `query_all returned the right results in the wrong order: ${JSON.stringify(got)}. They must follow the order of db_names (${JSON.stringify(argsOf(v).names)}), not the order the queries finished in.`
        : `query_all(${JSON.stringify(argsOf(v).names)}, ...) should return ${JSON.stringify(want)}, the value of each \`await query_db(name)\` in input order; it returned ${JSON.stringify(got)}.`,
    });
  }
  return check("returns.order", 3, true, { pass: "Every result came back, in the order of db_names.", fail: "" });
}

function allAtOnce(v: ScenarioView): CheckResult {
  const n = argsOf(v).names.length;
  const most = maxOverlap(v.spans("query"));
  return check("trace.all-at-once", 2, most === n, {
    pass: `Without a limit, all ${n} queries were in flight at once.`,
    fail: `Without a limit, all ${n} queries should run at the same time, but at most ${most} were in flight at once: start them all (gather or tasks) before awaiting any.`,
  });
}

function exactlyLimit(v: ScenarioView): CheckResult {
  const { limit } = argsOf(v);
  const most = maxOverlap(v.spans("query"));
  return check("trace.max-in-flight", 3, most === limit, {
    pass: `With limit=${limit}, exactly ${limit} queries were in flight at the busiest moment, never more.`,
    fail:
      most > limit!
        ? `With limit=${limit}, ${most} queries were in flight at once: the limit was not enforced. Acquire an \`asyncio.Semaphore(limit)\` around each \`await query_db(name)\` (\`async with semaphore:\`).`
        : `With limit=${limit}, at most ${most} ${most === 1 ? "query was" : "queries were"} in flight at once, but ${limit} are allowed: ${most === 1 ? "the queries ran one after another" : "use the whole limit"}.`,
  });
}

/** A semaphore refills a slot at once: every later query starts while earlier ones still run. */
function refills(v: ScenarioView): CheckResult {
  const spans = [...v.spans("query")].sort((a, b) => a.start - b.start);
  const firstEnd = Math.min(...spans.map((s) => s.end));
  const late = spans.filter((s) => s.start >= firstEnd);
  const alone = late.find((s) => !spans.some((o) => o !== s && o.start < s.start && o.end > s.start));
  const ok = spans.length > 0 && !alone;
  return check("trace.refill", 3, ok, {
    pass: "Each time a query finished, the next one started while the others were still running.",
    fail: alone
      ? `Query \`${String(alone.arg)}\` started only after every earlier query had finished, as if the queries ran in batches of ${argsOf(v).limit}. With a semaphore, the next query starts as soon as any one finishes, while the others keep running.`
      : "query_db was never called.",
  });
}

function semaphoreTiming(v: ScenarioView): CheckResult {
  const a = argsOf(v);
  const d = delaysOf(a);
  const pool = poolMakespan(d, a.limit!);
  const batches = batchMakespan(d, a.limit!);
  const limit = pool + (batches - pool) / 2;
  // Upper bound: time the loop waited for a CPU is the machine's load, not the student's.
  const took = v.activeElapsed;
  const ok = took !== null && took <= limit;
  return check("timing.semaphore", 2, ok, {
    pass: `With limit=${a.limit}, took ${fmt(took)}: a semaphore's schedule takes about ${fmt(pool)}.`,
    fail: `With limit=${a.limit}, took ${fmt(took)}; a semaphore takes about ${fmt(pool)}, batches of ${a.limit} about ${fmt(batches)}, one after another ${fmt(sum(d))}. Let a new query start as soon as any running one finishes.`,
  });
}

export default defineExercise({
  scenarios: (rng) => {
    const n = rng.int(4, 6);
    const names = rng.sample(DATABASES, n).map((x) => `${x}_${rng.token(3)}`);
    const unlimited = database(rng, names, names.map(() => rng.between(0.3, 0.6)), null, "unlimited");
    return [unlimited, limitedScenario(rng)];
  },
  checks: ({ unlimited, limited }) => {
    const d = delaysOf(argsOf(unlimited));
    return [
      resultsInOrder([unlimited, limited]),
      allAtOnce(unlimited),
      concurrentTiming(unlimited, {
        concurrent: Math.max(...d),
        sequential: sum(d),
        weight: 1,
        hint: "Without a limit, start every query before awaiting any of them.",
      }),
      exactlyLimit(limited),
      refills(limited),
      semaphoreTiming(limited),
      nonePending([unlimited, limited], 1),
    ];
  },
  timeline: {
    scenario: "limited",
    ideal: (spec) => {
      const a = spec.args as unknown as PoolArgs;
      const plan = poolSchedule(delaysOf(a), a.limit!);
      return a.names.map((n, i) => ({ task: "query_db", op: `query(${n})`, start: plan[i].start, end: Math.round(plan[i].end * 1000) / 1000 }));
    },
  },
});
