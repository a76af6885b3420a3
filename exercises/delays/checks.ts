import { defineExercise } from "../../grader/catalog/definition";
import { NAMES } from "../../grader/catalog/rng";
import { allBefore, concurrentTiming, loopNotBlocked, nonePending, sameMultiset, waitsAtLeast } from "../../grader/checks/common";
import { check, type CheckResult } from "../../grader/checks/result";
import { fmt, maxOverlap, type ScenarioView } from "../../grader/checks/view";

const names = ["delayed_greet", "greet_all"];
const needs = { requires: names, coroutines: names };
/** Time greet_all may take to return after the last greeting: a few loop steps, even on a busy machine. */
const PROMPT = 0.35;

// Delays are never whole numbers: Python prints 1.0 where JSON (and JavaScript) say 1.
const waiting = (name: string, delay: number) => `${name} is waiting ${delay} seconds...`;
const hello = (name: string) => `Hello, ${name}!`;
/** The first failing result, else the first: one entry per check id. */
const worst = (results: CheckResult[]) => results.find((r) => !r.passed) ?? results[0];
const peopleOf = (v: ScenarioView) => v.spec.args!.people as [string, number][];

export default defineExercise({
  wallTimeMs: 20_000,
  scenarios: (rng) => {
    const [solo, ...group] = rng.sample(NAMES, 4);
    // Gaps of at least 0.1 s between delays keep the greeting order unambiguous; sum ≥ 1.75 × max.
    const delays = rng.sample([rng.between(0.65, 0.8), rng.between(0.4, 0.5), rng.between(0.2, 0.3)], 3);
    return [
      { id: "single", fn: "delayed_greet", ...needs, args: { args: [solo, rng.between(0.3, 0.45)] }, timeout: 8 },
      { id: "all", entry: "greet_all_entry", ...needs, args: { people: group.map((n, i) => [n, delays[i]]) }, timeout: 8 },
    ];
  },
  checks: ({ single, all }) => {
    const [name, delay] = single.spec.args!.args as [string, number];
    const people = peopleOf(all);
    const delays = people.map(([, d]) => d);
    const slowest = Math.max(...delays);
    const waits = people.map(([n, d]) => waiting(n, d));
    const hellos = [...people].sort((a, b) => a[1] - b[1]).map(([n]) => hello(n));
    const helloLines = all.lines.filter((l) => hellos.includes(l));
    const lastHello = all.tracedLines().filter((l) => hellos.includes(l.text)).pop();
    const end = all.ev.final?.end;
    // Less the loop's wait for a CPU during the call: a busy machine is not the student's fault.
    const lag = lastHello && end !== undefined ? Math.max(0, end - lastHello.t - all.cpuWait) : null;
    const sleeps = all.spans("sleep").filter((s) => s.fn === "delayed_greet");
    const overlapped = sleeps.length === people.length && maxOverlap(sleeps) === people.length;
    const singleOk = JSON.stringify(single.lines) === JSON.stringify([waiting(name, delay), hello(name)]);
    return [
      check("output.lines", 2, singleOk && sameMultiset(all.lines, [...waits, ...hellos]), {
        pass: "Every greeting printed its two lines.",
        fail: !singleOk
          ? `delayed_greet("${name}", ${delay}) should print "${waiting(name, delay)}" then "${hello(name)}"; it printed ${JSON.stringify(single.lines)}.`
          : `greet_all(${JSON.stringify(people)}) should print two lines per person (${JSON.stringify([...waits, ...hellos])}, in some order); it printed ${JSON.stringify(all.lines)}.`,
      }),
      check("ordering.all-waiting-first", 3, allBefore(all.lines, waits, hellos), {
        pass: "Everyone said they were waiting before anyone was greeted.",
        fail: `With all greetings running at once, every "is waiting" line comes before any "Hello": your output was ${JSON.stringify(all.lines)}. Did greet_all await each delayed_greet before starting the next?`,
      }),
      check("ordering.shortest-first", 1, JSON.stringify(helloLines) === JSON.stringify(hellos), {
        pass: "The greetings arrived shortest delay first.",
        fail: `Running at once, the shortest delay is greeted first: expected ${JSON.stringify(hellos)}, got ${JSON.stringify(helloLines)}.`,
      }),
      check("trace.overlap", 2, overlapped, {
        pass: `All ${people.length} waits overlapped.`,
        fail:
          sleeps.length === 0
            ? "The grader saw no delayed_greet waiting with `await asyncio.sleep(delay)`."
            : `Only ${maxOverlap(sleeps)} of the ${people.length} greetings were waiting at the same time: greet them all at once (asyncio.gather or create_task).`,
      }),
      concurrentTiming(all, {
        concurrent: slowest,
        sequential: delays.reduce((a, b) => a + b, 0),
        weight: 2,
        bracketedByLines: true,
        hint: overlapped
          ? "The greetings overlapped, but greet_all kept waiting after the last one."
          : "The greetings ran one after another: start them all before waiting for any.",
      }),
      worst([
        waitsAtLeast(single, delay, { weight: 1, bracketedByLines: true, hint: "Did you forget `await` in front of `asyncio.sleep(delay)`?" }),
        waitsAtLeast(all, slowest, {
          weight: 1,
          hint: "greet_all returned before the slowest greeting was printed: wait for every greeting to finish.",
        }),
      ]),
      check("timing.returns-promptly", 2, lag !== null && lag <= PROMPT, {
        pass: `greet_all returned ${fmt(lag)} after the last greeting.`,
        fail:
          lag === null
            ? "greet_all returned before the last greeting was printed."
            : `greet_all returned ${fmt(lag)} after the last greeting was printed: it should return as soon as the last one is done. A fixed \`asyncio.sleep(...)\` guesses; await the greetings themselves (asyncio.gather).`,
      }),
      loopNotBlocked([single, all], 2),
      nonePending([all], 1),
    ];
  },
  timeline: {
    scenario: "all",
    ideal: (spec) =>
      // In finishing order, as the timeline numbers the student's rows.
      [...(spec.args!.people as [string, number][])].sort((a, b) => a[1] - b[1]).map(([, d], i) => ({ task: i === 0 ? "delayed_greet" : `delayed_greet #${i + 1}`, op: `sleep(${d})`, start: 0, end: d })),
  },
});
