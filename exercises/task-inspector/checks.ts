import { defineExercise } from "../../grader/catalog/definition";
import { NAMES } from "../../grader/catalog/rng";
import { check, type CheckResult } from "../../grader/checks/result";
import { fmt, type ScenarioView } from "../../grader/checks/view";

const needs = { entry: "inspect", requires: ["spawn_named", "running_task_names"], coroutines: ["spawn_named"] };

interface Args {
  names: string[];
  delay: number;
  main: string;
  short: string;
  long: string;
  probe: string;
}
interface Described {
  type: string;
  name?: string;
  done?: boolean;
}
interface Value {
  returnedAfter: number;
  tasks: Described[] | null;
  snapshots: Record<string, unknown>;
}

const argsOf = (v: ScenarioView) => v.spec.args as unknown as Args;
const valueOf = (v: ScenarioView) => (v.value && typeof v.value === "object" ? (v.value as Value) : null);

/** Which tasks are unfinished at each moment the driver asks, the asking task left out. */
function expectedSnapshots(a: Args): [string, string, string[]][] {
  const sorted = (xs: string[]) => [...xs].sort();
  return [
    ["start", "right after spawn_named returned", sorted([...a.names, a.short, a.long])],
    ["middle", "while your tasks slept and one grader task had finished", sorted([...a.names, a.long])],
    ["after", "after your tasks had finished", [a.long]],
    ["probe", `from inside another task (named "${a.probe}")`, sorted([a.main, a.long])],
    ["end", "once every other task had finished", []],
  ];
}

function returnedTasks(v: ScenarioView): CheckResult {
  const a = argsOf(v);
  const tasks = valueOf(v)?.tasks;
  let fail = "";
  if (!tasks) fail = "spawn_named should return a list of asyncio.Task objects.";
  else if (tasks.length !== a.names.length) fail = `spawn_named(${JSON.stringify(a.names)}, ${a.delay}) returned ${tasks.length} item(s); it should return one task per name.`;
  else if (tasks.some((t) => t.type !== "Task")) fail = `spawn_named should return asyncio.Task objects (from asyncio.create_task), but returned ${[...new Set(tasks.map((t) => t.type))].join(", ")}.`;
  else if (tasks.some((t, i) => t.name !== a.names[i]))
    fail = `The tasks should be named ${JSON.stringify(a.names)}, in that order, but were named ${JSON.stringify(tasks.map((t) => t.name))}: pass \`name=name\` to asyncio.create_task.`;
  else if (tasks.some((t) => t.done)) fail = "The tasks spawn_named returned had already finished: return them while they are still sleeping, without awaiting them.";
  return check("returns.tasks", 3, fail === "", {
    pass: "spawn_named returned one running task per name, each named after it.",
    fail,
  });
}

function returnsAtOnce(v: ScenarioView): CheckResult {
  const a = argsOf(v);
  const after = valueOf(v)?.returnedAfter ?? null;
  const ok = after !== null && after < a.delay / 2;
  return check("timing.returns-at-once", 2, ok, {
    pass: `spawn_named returned after ${fmt(after)}, leaving its tasks sleeping in the background.`,
    fail: `spawn_named took ${fmt(after)} to return with delay=${a.delay}: it should start the tasks and return at once, not wait for them.`,
  });
}

function snapshots(v: ScenarioView): CheckResult {
  const a = argsOf(v);
  const got = valueOf(v)?.snapshots ?? {};
  for (const [key, moment, want] of expectedSnapshots(a)) {
    const names = got[key];
    if (JSON.stringify(names) === JSON.stringify(want)) continue;
    const list = Array.isArray(names) ? names.map(String) : [];
    let why = "";
    if (list.includes(key === "probe" ? a.probe : a.main)) why = " It includes the task that called it: leave out `asyncio.current_task()`.";
    else if (want.some((n) => !list.includes(n)) && [a.short, a.long, a.main].some((n) => want.includes(n) && !list.includes(n)))
      why = " Tasks the grader started itself are missing: ask asyncio for every task of the loop (`asyncio.all_tasks()`), not only the ones you created.";
    else if (JSON.stringify([...list].sort()) === JSON.stringify(want)) why = " The names are right but not sorted.";
    return check("output.snapshots", 4, false, {
      pass: "",
      fail: `Called ${moment}, running_task_names() should return ${JSON.stringify(want)}, but returned ${JSON.stringify(names)}.${why}`,
    });
  }
  return check("output.snapshots", 4, true, {
    pass: "running_task_names() named exactly the unfinished tasks, sorted, leaving out the caller, at every moment the grader asked.",
    fail: "",
  });
}

function sleptInTasks(v: ScenarioView): CheckResult {
  const a = argsOf(v);
  const sleeps = v.spans("sleep");
  const missing = a.names.filter((n) => !sleeps.some((s) => s.task === n && s.end - s.start >= a.delay - 0.02));
  return check("trace.sleeps", 1, missing.length === 0, {
    pass: `Each named task slept ${a.delay} s.`,
    fail: `The task${missing.length > 1 ? "s" : ""} named ${missing.map((n) => `"${n}"`).join(", ")} did not sleep ${a.delay} s: each task should run \`asyncio.sleep(delay)\`.`,
  });
}

export default defineExercise({
  scenarios: (rng) => {
    const names = rng.sample(NAMES, rng.int(3, 4));
    const tag = rng.token(4);
    const args: Args = {
      names,
      delay: rng.between(0.35, 0.45),
      main: `grader-main-${tag}`,
      short: `grader-short-${tag}`,
      long: `grader-long-${tag}`,
      probe: `grader-probe-${tag}`,
    };
    return [{ id: "main", ...needs, args: { ...args }, timeout: 20 }];
  },
  checks: ({ main }) => [returnedTasks(main), returnsAtOnce(main), snapshots(main), sleptInTasks(main)],
});
