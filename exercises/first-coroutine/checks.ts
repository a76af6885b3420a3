import { defineExercise } from "../../grader/catalog/definition";
import { NAMES } from "../../grader/catalog/rng";
import { concurrentTiming, loopNotBlocked, waitsAtLeast, allBefore } from "../../grader/checks/common";
import { check } from "../../grader/checks/result";
import { showLines } from "../../grader/checks/view";
import { mostOf } from "../../grader/checks/policy";

const needs = { requires: ["greet"], coroutines: ["greet"] };

export default defineExercise({
  failsWith: {
    "wrong/time-sleep.py": "loop.not-blocked",
    "wrong/no-await.py": "timing.waits",
    "wrong/hardcoded-name.py": "output.lines",
  },
  scenarios: (rng) => {
    const [solo, a, b] = rng.sample(NAMES, 3);
    return [
      { id: "single", fn: "greet", ...needs, args: { args: [solo, rng.between(0.5, 0.7)] }, timeout: 8 },
      {
        id: "together",
        entry: "greet_together",
        ...needs,
        args: {
          people: [
            [a, rng.between(0.5, 0.6)],
            [b, rng.between(0.5, 0.6)],
          ],
        },
        timeout: 8,
      },
      { id: "script", script: true, timeout: 8 },
    ];
  },
  given: ({ single, together }) => {
    const [name, delay] = single.spec.args!.args as [string, number];
    const expected = [`Hello, ${name}`, `Goodbye, ${name}`];
    const people = together.spec.args!.people as [string, number][];
    const [da, db] = people.map(([, d]) => d);
    return { name, delay, expected, people, da, db };
  },
  checks: {
    "output.lines": {
      weight: 2,
      kind: "outside",
      scenarios: ["single"],
      evidence: "lines PID 1 read from stdout",
      judge: ({ single }, { name, delay, expected }) =>
        check("output.lines", 2, JSON.stringify(single.lines) === JSON.stringify(expected), {
          pass: `greet("${name}", ${delay}) printed exactly the two expected lines.`,
          fail:
            `greet("${name}", ${delay}) should print ${expected.map((l) => `"${l}"`).join(" then ")}, but ` +
            `printed ${showLines(single.lines)}.`,
        }),
    },
    "timing.waits": {
      weight: 2,
      kind: "outside",
      scenarios: ["single"],
      evidence: "PID 1's clock from handing over the scenario to the return; line span",
      judge: ({ single }, { delay }) =>
        waitsAtLeast(single, delay, {
          weight: 2,
          bracketedByLines: true,
          hint: "Did you forget `await` in front of `asyncio.sleep(delay)`?",
        }),
    },
    // Judged once greet waited: code that does nothing returns at once, even if a loaded machine is slow to see it.
    "loop.not-blocked": {
      weight: 3,
      kind: "outside",
      scenarios: ["single", "together"],
      evidence: "/proc sampler of the loop's thread (inside records only name the call)",
      judge: ({ single, together }, { delay, da, db }) =>
        loopNotBlocked([single, together], 3, { minSeconds: mostOf(Math.min(delay, da, db)) }),
    },
    "ordering.hello-before-goodbye": {
      weight: 1,
      kind: "outside",
      scenarios: ["together"],
      evidence: "line order as read",
      judge: ({ together }, { people }) =>
        check(
          "ordering.hello-before-goodbye",
          1,
          allBefore(
            together.lines,
            people.map(([n]) => `Hello, ${n}`),
            people.map(([n]) => `Goodbye, ${n}`),
          ),
          {
            pass: "Two greetings at once both said hello before either said goodbye.",
            fail:
              `Two greetings at once should both say hello before either says goodbye; the output was ` +
              `${showLines(together.lines)}.`,
          },
        ),
    },
    "timing.concurrent": {
      weight: 1,
      kind: "outside",
      scenarios: ["together"],
      evidence: "PID 1's clock less the loop thread's run-queue wait (/proc)",
      judge: ({ together }, { da, db }) =>
        concurrentTiming(together, {
          concurrent: Math.max(da, db),
          sequential: da + db,
          weight: 1,
          hint: "A greeting that blocks the event loop makes the other one wait.",
        }),
    },
    "output.script": {
      weight: 1,
      kind: "outside",
      scenarios: ["script"],
      evidence: "lines read and their span when run as a script",
      judge: ({ script }) =>
        check(
          "output.script",
          1,
          JSON.stringify(script.lines) === JSON.stringify(["Hello, Alice", "Goodbye, Alice"]) &&
            (script.outsideSpan ?? 0) >= 0.8,
          {
            pass: "Run as a script, your file greets Alice.",
            fail:
              `Run as a script (python solution.py), your file should print "Hello, Alice", wait a second, ` +
              `then "Goodbye, Alice"; it printed ${showLines(script.lines)}.`,
          },
        ),
    },
  },
  timeline: {
    scenario: "together",
    ideal: (spec) =>
      (spec.args!.people as [string, number][]).map(([, d]) => ({
        task: "greet",
        op: `sleep(${d})`,
        start: 0,
        end: d,
      })),
  },
});
