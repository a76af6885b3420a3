import { defineExercise } from "../../grader/catalog/definition";
import { NAMES } from "../../grader/catalog/rng";
import { check, type CheckResult } from "../../grader/checks/result";
import { fmt, type ScenarioView } from "../../grader/checks/view";
import type { ScenarioSpec } from "../../grader/sandbox/run";
import { atLeast, atOnce } from "../../grader/checks/policy";

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
  /** The name asyncio gave the grader's one unnamed task (Task-<n>). */
  anonymous?: string;
}

/** The delay (the only argument the sandbox sees) and the names only PID 1's service handed out. */
const argsOf = (v: ScenarioView) => ({ ...(v.spec.hidden as unknown as Args), delay: v.spec.args!.delay as number });
/** Seconds from the scenario's start (PID 1's clock) to the driver's mark, or null. */
function markAt(v: ScenarioView, name: string): number | null {
  const m = v.ops("mark").filter((c) => c.arg === name);
  return m.length === 1 ? m[0].start - v.outside.started : null;
}
/**
 * Outside evidence that the moments were real: the named tasks finished no sooner than their delay after spawn_named
 * returned.
 */
function moments(v: ScenarioView): string | null {
  const a = argsOf(v);
  const returned = markAt(v, "returned");
  const done = markAt(v, "tasks-done");
  if (v.ops("names").length !== 1) return "the grader's names were not asked for exactly once";
  if (returned === null) return "spawn_named never returned";
  if (done === null) return "spawn_named did not return running asyncio tasks the grader could wait for";
  if (!atLeast(done, a.delay))
    return (
      `the tasks spawn_named returned had all finished ${fmt(done)} after the start, before their ` +
      `${a.delay} s sleep`
    );
  return null;
}
const valueOf = (v: ScenarioView) => (v.value && typeof v.value === "object" ? (v.value as Value) : null);

/** Which tasks are unfinished at each moment the driver asks, the asking task left out. */
function expectedSnapshots(a: Args, anonymous: string): [string, string, string[]][] {
  const sorted = (xs: string[]) => [...xs].sort();
  return [
    ["start", "right after spawn_named returned", sorted([...a.names, a.short, a.long, anonymous])],
    ["middle", "while your tasks slept and one grader task had finished", sorted([...a.names, a.long, anonymous])],
    ["after", "after your tasks had finished", sorted([a.long, anonymous])],
    ["probe", `from inside another task (named "${a.probe}")`, sorted([a.main, a.long, anonymous])],
    ["end", "once every other task had finished", []],
  ];
}

function returnedTasks(v: ScenarioView): CheckResult {
  const a = argsOf(v);
  const tasks = valueOf(v)?.tasks;
  let fail = "";
  if (markAt(v, "returned") === null) fail = "spawn_named never returned.";
  else if (!tasks) fail = "spawn_named should return a list of asyncio.Task objects.";
  else if (tasks.length !== a.names.length)
    fail =
      `spawn_named(${JSON.stringify(a.names)}, ${a.delay}) returned ${tasks.length} item(s); it should ` +
      `return one task per name.`;
  else if (tasks.some((t) => t.type !== "Task"))
    fail =
      `spawn_named should return asyncio.Task objects (from asyncio.create_task), but returned ` +
      `${[...new Set(tasks.map((t) => t.type))].join(", ")}.`;
  else if (tasks.some((t, i) => t.name !== a.names[i]))
    fail =
      `The tasks should be named ${JSON.stringify(a.names)}, in that order, but were named ` +
      `${JSON.stringify(tasks.map((t) => t.name))}: pass \`name=name\` to asyncio.create_task.`;
  else if (tasks.some((t) => t.done))
    fail =
      "The tasks spawn_named returned had already finished: return them while they are still sleeping, " +
      "without awaiting them.";
  // evidence: cross-checked — the tasks' names (inside) must equal names only PID 1's service handed out, after the
  // return PID 1 timed.
  return check(
    "returns.tasks",
    3,
    fail === "",
    {
      pass: "spawn_named returned one running task per name, each named after it.",
      fail,
    },
    "cross-checked",
  );
}

function returnsAtOnce(v: ScenarioView): CheckResult {
  const a = argsOf(v);
  const after = markAt(v, "returned");
  const absent = moments(v);
  const ok = atOnce(v, after, a.delay) && absent === null;
  // evidence: cross-checked — the driver's marks (sent from inside) timed by PID 1's clock: the return at once, the
  // tasks' end a delay later.
  return check(
    "timing.returns-at-once",
    2,
    ok,
    {
      pass: `spawn_named returned after ${fmt(after)}, leaving its tasks sleeping in the background.`,
      fail:
        after !== null && !atOnce(v, after, a.delay)
          ? `spawn_named took ${fmt(after)} to return with delay=${a.delay}: it should start the tasks and ` +
            `return at once, not wait for them.`
          : `Not judged: ${absent ?? "spawn_named never returned"}.`,
    },
    "cross-checked",
  );
}

function snapshots(v: ScenarioView): CheckResult {
  const a = argsOf(v);
  const got = valueOf(v)?.snapshots ?? {};
  const absent = moments(v);
  // evidence: cross-checked — the answers (inside) must name tasks only PID 1's service named, at moments PID 1 timed.
  if (absent) return check("output.snapshots", 4, false, { pass: "", fail: `Not judged: ${absent}.` }, "cross-checked");
  const anonymous = valueOf(v)?.anonymous ?? "Task-?";
  for (const [key, moment, want] of expectedSnapshots(a, anonymous)) {
    const names = got[key];
    if (JSON.stringify(names) === JSON.stringify(want)) continue;
    const list = Array.isArray(names) ? names.map(String) : [];
    let why = "";
    if (list.includes(key === "probe" ? a.probe : a.main))
      why = " It includes the task that called it: leave out `asyncio.current_task()`.";
    else if (
      want.some((n) => !list.includes(n)) &&
      [a.short, a.long, a.main, anonymous].some((n) => want.includes(n) && !list.includes(n))
    )
      why =
        " Tasks the grader started itself are missing: ask asyncio for every task of the loop " +
        "(`asyncio.all_tasks()`), not only the ones you created or named (an unnamed task is " +
        `called "${anonymous}").`;
    else if (JSON.stringify([...list].sort()) === JSON.stringify(want)) why = " The names are right but not sorted.";
    return check(
      "output.snapshots",
      4,
      false,
      {
        pass: "",
        fail:
          `Called ${moment}, running_task_names() should return ${JSON.stringify(want)}, but returned ` +
          `${JSON.stringify(names)}.${why}`,
      },
      "cross-checked",
    );
  }
  return check(
    "output.snapshots",
    4,
    true,
    {
      pass:
        "running_task_names() named exactly the unfinished tasks, sorted, leaving out the caller, at " +
        "every moment the grader asked.",
      fail: "",
    },
    "cross-checked",
  );
}

function sleptInTasks(v: ScenarioView): CheckResult {
  const a = argsOf(v);
  const sleeps = v.spans("sleep");
  const missing = a.names.filter(
    (n) => !sleeps.some((s) => s.task === n && atLeast(s.end - s.start, a.delay, "return")),
  );
  const absent = moments(v);
  // evidence: cross-checked — the inside sleep records must agree with PID 1's clock: the tasks ended no sooner than
  // the delay.
  return check(
    "trace.sleeps",
    1,
    missing.length === 0 && absent === null,
    {
      pass: `Each named task slept ${a.delay} s.`,
      fail: absent
        ? `Not judged: ${absent}.`
        : `The task${missing.length > 1 ? "s" : ""} named ${missing.map((n) => `"${n}"`).join(", ")} did not ` +
          `sleep ${a.delay} s: each task should run \`asyncio.sleep(delay)\`.`,
    },
    "cross-checked",
  );
}

export default defineExercise({
  failsWith: {
    "wrong/includes-current.py": "output.snapshots",
    "wrong/own-registry.py": "output.snapshots",
    "wrong/unnamed.py": "returns.tasks",
    "wrong/awaits-tasks.py": "timing.returns-at-once",
    "wrong/named-only.py": "output.snapshots",
  },
  scenarios: (rng): ScenarioSpec[] => {
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
    const { delay, ...given } = args;
    return [
      {
        id: "main",
        ...needs,
        args: { delay },
        ops: { names: { inspect: { result: given } }, mark: { returned: { delay: 0 }, "tasks-done": { delay: 0 } } },
        hidden: { ...given },
        timeout: 20,
      },
    ];
  },
  checks: {
    "returns.tasks": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["main"],
      evidence: "inside task names equal names only PID 1 handed out, at moments it timed",
      judge: ({ main }) => returnedTasks(main),
    },
    "timing.returns-at-once": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["main"],
      evidence: "driver marks timed by PID 1",
      judge: ({ main }) => returnsAtOnce(main),
    },
    "output.snapshots": {
      weight: 4,
      kind: "cross-checked",
      scenarios: ["main"],
      evidence: "inside task names equal names only PID 1 handed out, at moments it timed",
      judge: ({ main }) => snapshots(main),
    },
    "trace.sleeps": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["main"],
      evidence: "inside sleep spans against PID 1's timing of 'tasks-done'",
      judge: ({ main }) => sleptInTasks(main),
    },
  },
});
