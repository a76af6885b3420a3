import { defineExercise } from "../../grader/catalog/definition";
import { allBefore, concurrentTiming, loopNotBlocked, nonePending, sameMultiset, waitsAtLeast } from "../../grader/checks/common";
import { check, type CheckResult } from "../../grader/checks/result";
import { maxOverlap, showLines, type ScenarioView } from "../../grader/checks/view";

const names = ["task_one", "task_two", "main"];
const ONE = { start: "Task One Started", done: "Task One Completed" };
const TWO = { start: "Task Two Started", done: "Task Two Completed" };

const delays = (v: ScenarioView) => v.spec.args!.kwargs as { one_delay: number; two_delay: number };
/** The first failing result over the scenarios, else the first passing one. */
const worst = (results: CheckResult[]) => results.find((r) => !r.passed) ?? results[0];

function startedBeforeCompleted(v: ScenarioView): CheckResult {
  const ok = allBefore(v.lines, [ONE.start, TWO.start], [ONE.done, TWO.done]);
  const oneFirst = v.indexOf(ONE.done) >= 0 && v.indexOf(ONE.done) < v.indexOf(TWO.start);
  return check("ordering.started-before-completed", 3, ok, {
    pass: "Both tasks started before either completed.",
    fail: oneFirst
      ? "`task_two` started only after `task_one` completed: did you await each task right after creating it (or await the coroutines directly)? Create both tasks first, then await them."
      : `Both tasks should start before either completes; your output was ${showLines(v.lines)}.`,
  });
}

function completionOrder(v: ScenarioView): CheckResult {
  const { one_delay, two_delay } = delays(v);
  const [fast, slow] = one_delay < two_delay ? [ONE.done, TWO.done] : [TWO.done, ONE.done];
  const ok = v.indexOf(fast) >= 0 && v.indexOf(fast) < v.indexOf(slow);
  return check("ordering.completion-order", 1, ok, {
    pass: "The task with the shorter delay completed first.",
    fail: `With one_delay=${one_delay} and two_delay=${two_delay}, "${fast}" should be printed before "${slow}". Pass each delay on to its task.`,
  });
}

function overlap(v: ScenarioView): CheckResult {
  const sleeps = v.spans("sleep").filter((s) => !s.cancelled);
  const tasks = new Set(sleeps.map((s) => s.task));
  const ok = tasks.size >= 2 && maxOverlap(sleeps) >= 2;
  return check("trace.overlap", 2, ok, {
    pass: "The two tasks' waits overlapped on the event loop.",
    fail:
      tasks.size < 2
        ? "The grader saw no two tasks waiting: run task_one and task_two as separate tasks (asyncio.create_task) that each await asyncio.sleep."
        : "The two tasks' waits never overlapped: one task only started waiting after the other had finished.",
  });
}

export default defineExercise({
  scenarios: (rng) => [
    {
      id: "one-slower",
      fn: "main",
      requires: names,
      coroutines: names,
      args: { kwargs: { one_delay: rng.between(0.8, 0.9), two_delay: rng.between(0.56, 0.6) } },
      timeout: 8,
    },
    {
      id: "two-slower",
      fn: "main",
      requires: names,
      coroutines: names,
      args: { kwargs: { one_delay: rng.between(0.55, 0.6), two_delay: rng.between(0.85, 0.9) } },
      timeout: 8,
    },
  ],
  checks: (views) => {
    const all = Object.values(views);
    return [
      worst(
        all.map((v) =>
          check("output.lines", 1, sameMultiset(v.lines, [ONE.start, ONE.done, TWO.start, TWO.done]), {
            pass: "main printed the four expected lines.",
            fail: `main should print exactly "${ONE.start}", "${ONE.done}", "${TWO.start}" and "${TWO.done}"; it printed ${showLines(v.lines)}.`,
          }),
        ),
      ),
      worst(all.map(startedBeforeCompleted)),
      worst(all.map(completionOrder)),
      worst(
        all.map((v) => {
          const { one_delay, two_delay } = delays(v);
          return waitsAtLeast(v, Math.max(one_delay, two_delay), {
            weight: 1,
            hint: "main must return only once both tasks have completed: await both tasks.",
          });
        }),
      ),
      worst(
        all.map((v) => {
          const { one_delay, two_delay } = delays(v);
          return concurrentTiming(v, {
            concurrent: Math.max(one_delay, two_delay),
            sequential: one_delay + two_delay,
            weight: 2,
            bracketedByLines: true,
            hint: "The tasks ran one after the other: create both tasks before awaiting either.",
          });
        }),
      ),
      worst(all.map(overlap)),
      loopNotBlocked(all, 2),
      nonePending(all, 1),
    ];
  },
  timeline: {
    scenario: "one-slower",
    ideal: (spec) => {
      const { one_delay, two_delay } = spec.args!.kwargs as { one_delay: number; two_delay: number };
      return [
        { task: "task_one", op: `sleep(${one_delay})`, start: 0, end: one_delay },
        { task: "task_two", op: `sleep(${two_delay})`, start: 0, end: two_delay },
      ];
    },
  },
});
