import { defineExercise } from "../../grader/catalog/definition";
import {
  allBefore,
  concurrentTiming,
  judgedAfter,
  loopNotBlocked,
  sameMultiset,
  waitsAtLeast,
  worst,
} from "../../grader/checks/common";
import { check, type CheckResult } from "../../grader/checks/result";
import { fmt, overlaps, showLines, type ScenarioView } from "../../grader/checks/view";
import { atLeast, atStart, mostOf, waited, waitedBetween } from "../../grader/checks/policy";

const names = ["task_one", "task_two", "main"];
const ONE = { start: "Task One Started", done: "Task One Completed" };
const TWO = { start: "Task Two Started", done: "Task Two Completed" };

const delays = (v: ScenarioView) => v.spec.args!.kwargs as { one_delay: number; two_delay: number };

function startedBeforeCompleted(v: ScenarioView): CheckResult {
  const { one_delay, two_delay } = delays(v);
  // evidence: outside — the order in which PID 1 read the lines from stdout, once the run lasted the shorter delay.
  return judgedAfter(v, waited(Math.min(one_delay, two_delay)), "ordering.started-before-completed", 3, () => {
    const ok = allBefore(v.lines, [ONE.start, TWO.start], [ONE.done, TWO.done]);
    const oneFirst = v.indexOf(ONE.done) >= 0 && v.indexOf(ONE.done) < v.indexOf(TWO.start);
    return check(
      "ordering.started-before-completed",
      3,
      ok,
      {
        pass: "Both tasks started before either completed.",
        fail: oneFirst
          ? "`task_two` started only after `task_one` completed: did you await each task right after " +
            "creating it (or await the coroutines directly)? Create both tasks first, then await them."
          : `Both tasks should start before either completes; your output was ${showLines(v.lines)}.`,
      },
      "outside",
    );
  });
}

function completionOrder(v: ScenarioView): CheckResult {
  const { one_delay, two_delay } = delays(v);
  const [fast, slow] = one_delay < two_delay ? [ONE.done, TWO.done] : [TWO.done, ONE.done];
  // evidence: outside — line order as PID 1 read it.
  return judgedAfter(v, waited(Math.min(one_delay, two_delay)), "ordering.completion-order", 1, () =>
    check(
      "ordering.completion-order",
      1,
      v.indexOf(fast) >= 0 && v.indexOf(fast) < v.indexOf(slow),
      {
        pass: "The task with the shorter delay completed first.",
        fail:
          `With one_delay=${one_delay} and two_delay=${two_delay}, "${fast}" should be printed before ` +
          `"${slow}". Pass each delay on to its task.`,
      },
      "outside",
    ),
  );
}

/** Each line reached the grader at its moment: the "Started" lines at once, each "Completed" after its delay. */
function linesOnTime(v: ScenarioView): CheckResult {
  const { one_delay, two_delay } = delays(v);
  const first = Math.min(one_delay, two_delay);
  const at = (l: string) => v.lineAt(l);
  const problems: string[] = [];
  for (const l of [ONE.start, TWO.start]) {
    const t = v.lineSinceCall(l);
    if (t === null) problems.push(`"${l}" never arrived`);
    else if (!atStart(v, l, t, first))
      problems.push(`"${l}" arrived ${fmt(t)} after the call began, not right at the start`);
  }
  for (const [l, d] of [
    [ONE.done, one_delay],
    [TWO.done, two_delay],
  ] as const) {
    const t = at(l);
    if (t === null) problems.push(`"${l}" never arrived`);
    else if (!atLeast(t, d)) problems.push(`"${l}" arrived after ${fmt(t)}, before its ${d} s delay had passed`);
  }
  // evidence: outside — the arrival time of each line at PID 1, from the call's start (callStarted).
  return check(
    "timing.lines",
    2,
    problems.length === 0,
    {
      pass: "Both tasks started at once, and each completed after its own delay.",
      fail:
        `With one_delay=${one_delay} and two_delay=${two_delay}: ${problems.join("; ")}. Each task ` +
        `prints "Started", waits its delay with \`await asyncio.sleep(delay)\`, then prints "Completed"; ` +
        `main starts both at once.`,
    },
    "outside",
  );
}

/** The student's task_one and task_two called by the grader (no main): each prints its two lines around its delay. */
function ownTasks(v: ScenarioView): CheckResult {
  const [d1, d2] = v.spec.args!.delays as [number, number];
  const problems: string[] = [];
  for (const [label, d, fn] of [
    ["One", d1, "task_one"],
    ["Two", d2, "task_two"],
  ] as const) {
    const [first, second] = [`Task ${label} Started`, `Task ${label} Completed`];
    const start = v.lineAt(first);
    const done = v.lineAt(second);
    const count = v.lines.filter((l) => l.startsWith(`Task ${label} `)).length;
    if (start === null || done === null || count !== 2)
      problems.push(`${fn}(${d}) should print "${first}", wait ${d} s, then print "${second}"`);
    // A "Started" that PID 1 read late (load, or its loop busy with a sibling) shortens the gap.
    else if (!waitedBetween(v, first, done - start, d))
      problems.push(
        `${fn}(${d}) printed "${second}" ${fmt(done - start)} after "${first}", before its delay had passed`,
      );
  }
  const ok = problems.length === 0 && v.lines.length === 4 && atLeast(v.outsideElapsed ?? 0, Math.max(d1, d2));
  // evidence: outside — lines and their arrival times at PID 1, and its clock for the return.
  return check(
    "tasks.each-waits",
    1,
    ok,
    {
      pass: "task_one and task_two each print their two lines around their own delay.",
      fail: `${
        problems.join("; ") || "task_one and task_two should each print their two lines around their delay"
      }; the grader read ${showLines(v.lines)}, and they returned after ${fmt(v.outsideElapsed)}.`,
    },
    "outside",
  );
}

/** When PID 1 saw one of the student's tasks begin and end (the driver marks both around it), or null. */
function span(v: ScenarioView, label: "one" | "two"): { start: number; end: number } | null {
  const begin = v.ops("mark").filter((o) => o.arg === `${label}:begin`);
  const end = v.ops("mark").filter((o) => o.arg === `${label}:end`);
  return begin.length === 1 && end.length === 1 ? { start: begin[0].start, end: end[0].start } : null;
}

/** main ran the student's task_one and task_two once each, at the same time, each for its own delay. */
function overlap(v: ScenarioView): CheckResult {
  const { one_delay, two_delay } = delays(v);
  const one = span(v, "one");
  const two = span(v, "two");
  const waited = !!one && !!two && atLeast(one.end - one.start, one_delay) && atLeast(two.end - two.start, two_delay);
  const ok = !!one && !!two && waited && overlaps(one, two);
  // evidence: cross-checked — the driver's marks around each of the student's tasks, sent from inside
  // but timed by PID 1; every run of main is marked, so code cannot behave differently unwatched.
  return check(
    "trace.overlap",
    2,
    ok,
    {
      pass: "main ran task_one and task_two at the same time.",
      fail:
        !one || !two
          ? "main should run task_one and task_two once each, as tasks " +
            "(asyncio.create_task(task_one(one_delay)) ...): the grader did not see each of them run exactly once."
          : !waited
            ? `task_one ran for ${fmt(one.end - one.start)} and task_two for ${fmt(two.end - two.start)}, ` +
              `but their delays are ${one_delay} s and ${two_delay} s: pass each delay on to its task, and ` +
              `have it await asyncio.sleep(delay).`
            : "main ran task_two only after task_one had finished (or the other way round): create both " +
              "tasks before awaiting either.",
    },
    "cross-checked",
  );
}

/** main returned only once both of its tasks had completed. */
function nonePending(v: ScenarioView): CheckResult {
  const spans = [span(v, "one"), span(v, "two")];
  const returned = v.outside.returned;
  const lastEnd = Math.max(...spans.map((s) => s?.end ?? Infinity));
  const seen = spans.every((s) => s) && returned !== null;
  const left = v.pending;
  // evidence: cross-checked — PID 1 saw both tasks end before main returned; the inside task list must agree.
  return check(
    "tasks.none-pending",
    1,
    seen && returned! >= lastEnd && left.length === 0,
    {
      pass: "main returned only after both tasks had completed.",
      fail: !seen
        ? "Not judged: main did not run task_one and task_two once each."
        : returned! < lastEnd
          ? `main returned ${fmt(lastEnd - returned!)} before its tasks had completed: await both tasks ` +
            `before returning.`
          : `main returned while ${left.map((t) => `\`${t.coro}\``).join(", ")} was still running: await ` +
            `every task you create.`,
    },
    "cross-checked",
  );
}

/** Run as a script, the file runs main with its defaults: a `__main__` that only calls main() prints nothing. */
function scriptRuns(v: ScenarioView): CheckResult {
  const want = [ONE.start, TWO.start, TWO.done, ONE.done];
  // evidence: outside — the lines PID 1 read from stdout, and when the first and last arrived.
  return check(
    "output.script",
    1,
    JSON.stringify(v.lines) === JSON.stringify(want) && (v.outsideSpan ?? 0) >= 1.8,
    {
      pass: "Run as a script, your file runs main: both tasks, the shorter one done first.",
      fail:
        `Run as a script (python solution.py), your file should run main() with asyncio.run, printing ` +
        `${showLines(want)} over about two seconds; it printed ${showLines(v.lines)}` +
        `${v.lines.length ? ` over ${fmt(v.outsideSpan)}` : ""}.`,
    },
    "outside",
  );
}

export default defineExercise({
  failsWith: {
    "wrong/sequential.py": "ordering.started-before-completed",
    "wrong/await-each-task.py": "ordering.started-before-completed",
    "wrong/time-sleep.py": "loop.not-blocked",
    "wrong/fire-and-forget.py": "timing.waits",
    "wrong/main-not-run.py": "output.script",
  },
  scenarios: (rng) => {
    const watched = (id: string, one_delay: number, two_delay: number) => ({
      id,
      entry: "main_watched",
      requires: names,
      coroutines: names,
      args: { kwargs: { one_delay, two_delay } },
      ops: { mark: Object.fromEntries(["one:begin", "one:end", "two:begin", "two:end"].map((m) => [m, {}])) },
      timeout: 8,
    });
    return [
      watched("one-slower", rng.between(0.8, 0.9), rng.between(0.56, 0.6)),
      watched("two-slower", rng.between(0.55, 0.6), rng.between(0.85, 0.9)),
      {
        id: "tasks-alone",
        entry: "tasks_alone",
        requires: names,
        coroutines: names,
        args: { delays: [rng.between(0.25, 0.35), rng.between(0.25, 0.35)] },
        timeout: 8,
      },
      { id: "script", script: true, timeout: 8 },
    ];
  },
  given: (views) => {
    const real = [views["one-slower"], views["two-slower"]];
    return { real };
  },
  checks: {
    "output.lines": {
      weight: 1,
      kind: "outside",
      scenarios: ["one-slower", "two-slower"],
      evidence: "lines read from stdout",
      judge: (_views, { real }) =>
        worst(
          real.map((v) =>
            // evidence: outside — the lines PID 1 read from stdout.
            check(
              "output.lines",
              1,
              sameMultiset(v.lines, [ONE.start, ONE.done, TWO.start, TWO.done]),
              {
                pass: "main printed the four expected lines.",
                fail:
                  `main should print exactly "${ONE.start}", "${ONE.done}", "${TWO.start}" and ` +
                  `"${TWO.done}"; it printed ${showLines(v.lines)}.`,
              },
              "outside",
            ),
          ),
        ),
    },
    "ordering.started-before-completed": {
      weight: 3,
      kind: "outside",
      scenarios: ["one-slower", "two-slower"],
      evidence: "line order as read, once the run lasted the shorter delay",
      judge: (_views, { real }) => worst(real.map(startedBeforeCompleted)),
    },
    "ordering.completion-order": {
      weight: 1,
      kind: "outside",
      scenarios: ["one-slower", "two-slower"],
      evidence: "line order as read, once the run lasted the shorter delay",
      judge: (_views, { real }) => worst(real.map(completionOrder)),
    },
    "timing.lines": {
      weight: 2,
      kind: "outside",
      scenarios: ["one-slower", "two-slower"],
      evidence: "each line's arrival time at PID 1, from the call's start (bounded from outside)",
      judge: (_views, { real }) => worst(real.map(linesOnTime)),
    },
    "tasks.each-waits": {
      weight: 1,
      kind: "outside",
      scenarios: ["tasks-alone"],
      evidence: "task_one / task_two alone: lines, arrival times, return time",
      judge: (views) => ownTasks(views["tasks-alone"]),
    },
    "timing.waits": {
      weight: 1,
      kind: "outside",
      scenarios: ["one-slower", "two-slower"],
      evidence: "PID 1's clock (less run-queue wait for the upper bound)",
      judge: (_views, { real }) =>
        worst(
          real.map((v) => {
            const { one_delay, two_delay } = delays(v);
            // evidence: outside — PID 1's clock from handing over the scenario to main's return.
            return waitsAtLeast(v, Math.max(one_delay, two_delay), {
              weight: 1,
              hint: "main must return only once both tasks have completed: await both tasks.",
            });
          }),
        ),
    },
    "timing.concurrent": {
      weight: 2,
      kind: "outside",
      scenarios: ["one-slower", "two-slower"],
      evidence: "PID 1's clock (less run-queue wait for the upper bound)",
      judge: (_views, { real }) =>
        worst(
          real.map((v) => {
            const { one_delay, two_delay } = delays(v);
            // evidence: outside — PID 1's clock, less the loop thread's run-queue wait it read from /proc.
            return concurrentTiming(v, {
              concurrent: Math.max(one_delay, two_delay),
              sequential: one_delay + two_delay,
              weight: 2,
              bracketedByLines: true,
              hint: "The tasks ran one after the other: create both tasks before awaiting either.",
            });
          }),
        ),
    },
    "trace.overlap": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["one-slower", "two-slower"],
      evidence:
        "marks the driver sends around the student's own task_one and task_two in every " +
        "run of main, timed by PID 1: once each, overlapping, each for its delay",
      judge: (_views, { real }) => worst(real.map(overlap)),
    },
    // evidence: outside — the /proc sampler of the loop's thread (inside blocking records only name the call).
    "loop.not-blocked": {
      weight: 2,
      kind: "outside",
      scenarios: ["one-slower", "two-slower", "tasks-alone"],
      evidence: "/proc sampler",
      judge: (views, { real }) =>
        loopNotBlocked([...real, views["tasks-alone"]], 2, {
          minSeconds: (v) =>
            mostOf(
              Math.min(...(v === views["tasks-alone"] ? (v.spec.args!.delays as number[]) : Object.values(delays(v)))),
            ),
        }),
    },
    "tasks.none-pending": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["one-slower", "two-slower"],
      evidence: "both tasks ended (PID 1) before main returned; the inside task list agrees",
      judge: (_views, { real }) => worst(real.map(nonePending)),
    },
    "output.script": {
      weight: 1,
      kind: "outside",
      scenarios: ["script"],
      evidence: "lines PID 1 read when the file runs as a script",
      judge: (views) => scriptRuns(views.script),
    },
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
