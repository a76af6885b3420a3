import { defineExercise } from "../../grader/catalog/definition";
import { heartbeatKeptTicking } from "../../grader/checks/heartbeat";
import { check, type CheckResult } from "../../grader/checks/result";
import { fmt, type ScenarioView } from "../../grader/checks/view";

const needs = { entry: "run_entry", requires: ["crunch"], coroutines: ["crunch"] };
/** CPU seconds per work(i): a step that yields after every call holds the loop this long. */
const COST = 0.004;

interface Args {
  n: number;
  cost: number;
  a: number;
  b: number;
  m: number;
}

const argsOf = (v: ScenarioView) => v.spec.args as unknown as Args;
const expected = ({ n, a, b, m }: Args) => {
  let total = 0;
  for (let i = 0; i < n; i++) total += (i * i * a + b) % m;
  return total;
};

function sum(v: ScenarioView): CheckResult {
  const want = expected(argsOf(v));
  return check("returns.sum", 3, v.value === want, {
    pass: `crunch(${argsOf(v).n}, work) returned the sum of work(i) for i in range(${argsOf(v).n}).`,
    fail: `crunch(${argsOf(v).n}, work) should return ${want}, the sum of work(i) for i = 0 … ${argsOf(v).n - 1}, but returned ${JSON.stringify(v.value)}.`,
  });
}

function shortSteps(v: ScenarioView): CheckResult {
  const step = [...v.busySteps(0.05)].sort((x, y) => y.cpu - x.cpu)[0];
  const calls = step ? Math.round(step.cpu / COST) : 0;
  return check("loop.cpu", 3, !step, {
    pass: "No step of crunch held the event loop for more than a few calls of work.",
    fail: `One step of \`crunch\` computed for ${fmt(step?.cpu ?? 0)} without yielding (about ${calls} calls of work in a row): meanwhile no other task could run. Put \`await asyncio.sleep(0)\` between the calls.`,
  });
}

export default defineExercise({
  scenarios: (rng) => {
    const args: Args = { n: rng.int(110, 140), cost: COST, a: rng.int(3, 97), b: rng.int(1, 997), m: rng.int(1000, 9999) };
    return [{ id: "main", ...needs, args: { ...args }, timeout: 20 }];
  },
  checks: ({ main }) => {
    const busy = argsOf(main).n * COST;
    return [
      sum(main),
      shortSteps(main),
      heartbeatKeptTicking([main], {
        limit: 0.05,
        minTicks: Math.floor(busy / 0.01 / 4),
        weight: 3,
        hint: "`work` never awaits, so the loop only gets control back when crunch awaits: `await asyncio.sleep(0)` after each call lets every ready task run.",
      }),
    ];
  },
});
