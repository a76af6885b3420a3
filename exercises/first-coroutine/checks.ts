import { defineExercise } from "../../grader/catalog/definition";
import { NAMES } from "../../grader/catalog/rng";
import { concurrentTiming, loopNotBlocked, waitsAtLeast, allBefore } from "../../grader/checks/common";
import { check } from "../../grader/checks/result";
import { showLines } from "../../grader/checks/view";

const needs = { requires: ["greet"], coroutines: ["greet"] };

export default defineExercise({
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
  checks: ({ single, together, script }) => {
    const [name, delay] = single.spec.args!.args as [string, number];
    const expected = [`Hello, ${name}`, `Goodbye, ${name}`];
    const people = together.spec.args!.people as [string, number][];
    const [da, db] = people.map(([, d]) => d);
    return [
      check("output.lines", 2, JSON.stringify(single.lines) === JSON.stringify(expected), {
        pass: `greet("${name}", ${delay}) printed exactly the two expected lines.`,
        fail:
          `greet("${name}", ${delay}) should print ${expected.map((l) => `"${l}"`).join(" then ")}, but ` +
          `printed ${showLines(single.lines)}.`,
      }),
      waitsAtLeast(single, delay, {
        weight: 2,
        bracketedByLines: true,
        hint: "Did you forget `await` in front of `asyncio.sleep(delay)`?",
      }),
      // Judged once greet waited: code that does nothing returns at once, even if a loaded machine is slow to see it.
      loopNotBlocked([single, together], 3, { minSeconds: Math.min(delay, da, db) * 0.8 }),
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
      concurrentTiming(together, {
        concurrent: Math.max(da, db),
        sequential: da + db,
        weight: 1,
        hint: "A greeting that blocks the event loop makes the other one wait.",
      }),
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
    ];
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
