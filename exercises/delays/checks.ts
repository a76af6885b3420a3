import { defineExercise } from "../../grader/catalog/definition";
import { NAMES } from "../../grader/catalog/rng";
import {
  allBefore,
  concurrentTiming,
  judgedAfter,
  loopNotBlocked,
  observed,
  sameMultiset,
  waitsAtLeast,
  worst,
} from "../../grader/checks/common";
import { check } from "../../grader/checks/result";
import { fmt, maxOverlap, type ScenarioView } from "../../grader/checks/view";
import { atLeast, atStart, lessLoad, mostOf, waited } from "../../grader/checks/policy";

const names = ["delayed_greet", "greet_all"];
const needs = { requires: names, coroutines: names };
/** Time greet_all may take to return after the last greeting: a few loop steps, even on a busy machine. */
const PROMPT = 0.35;

// Delays are never whole numbers: Python prints 1.0 where JSON (and JavaScript) say 1.
const waiting = (name: string, delay: number) => `${name} is waiting ${delay} seconds...`;
const hello = (name: string) => `Hello, ${name}!`;
const peopleOf = (v: ScenarioView) => v.spec.args!.people as [string, number][];
/** When PID 1 saw each person's delayed_greet begin and end (the driver marks both around the student's own). */
function greetSpans(v: ScenarioView): { arg: string; start: number; end: number }[] {
  const marks = v.ops("mark");
  return peopleOf(v).flatMap(([n]) => {
    const begin = marks.filter((m) => m.arg === `${n}:begin`);
    const end = marks.filter((m) => m.arg === `${n}:end`);
    return begin.length === 1 && end.length === 1 ? [{ arg: n, start: begin[0].start, end: end[0].start }] : [];
  });
}
const marksFor = (people: string[]) => ({
  mark: Object.fromEntries(
    people.flatMap((n) => [
      [`${n}:begin`, {}],
      [`${n}:end`, {}],
    ]),
  ),
});

export default defineExercise({
  failsWith: {
    "wrong/sequential.py": "ordering.all-waiting-first",
    "wrong/fixed-sleep.py": "timing.returns-promptly",
    "wrong/time-sleep.py": "loop.not-blocked",
    "wrong/returns-early.py": "tasks.none-pending",
  },
  wallTimeMs: 25_000,
  scenarios: (rng) => {
    const [solo, ...group] = rng.sample(NAMES, 7);
    // Gaps of at least 0.1 s between delays keep the greeting order unambiguous; sum ≥ 1.75 × max.
    const delays = rng.sample([rng.between(0.65, 0.8), rng.between(0.4, 0.5), rng.between(0.2, 0.3)], 3);
    const opDelays = rng.sample([rng.between(0.5, 0.6), rng.between(0.3, 0.4), rng.between(0.15, 0.2)], 3);
    const outer = group.slice(3, 6);
    return [
      { id: "single", fn: "delayed_greet", ...needs, args: { args: [solo, rng.between(0.3, 0.45)] }, timeout: 8 },
      {
        id: "all",
        entry: "greet_all_entry",
        ...needs,
        args: { people: group.slice(0, 3).map((n, i) => [n, delays[i]]) },
        ops: marksFor(group.slice(0, 3)),
        timeout: 8,
      },
      {
        id: "structure",
        entry: "greet_all_entry",
        ...needs,
        args: { people: outer.map((n, i) => [n, opDelays[i]]) },
        ops: marksFor(outer),
        timeout: 8,
      },
    ];
  },
  given: ({ single, all, structure }) => {
    const [name, delay] = single.spec.args!.args as [string, number];
    const people = peopleOf(all);
    const delays = people.map(([, d]) => d);
    const slowest = Math.max(...delays);
    const fastest = Math.min(...delays);
    const waits = people.map(([n, d]) => waiting(n, d));
    const hellos = [...people].sort((a, b) => a[1] - b[1]).map(([n]) => hello(n));
    const helloLines = all.lines.filter((l) => hellos.includes(l));
    const singleOk = JSON.stringify(single.lines) === JSON.stringify([waiting(name, delay), hello(name)]);

    // Outside: the student's own delayed_greet, each call marked at PID 1 as it begins and ends.
    const sPeople = peopleOf(structure);
    const greets = greetSpans(structure);
    const greeted =
      sPeople.every(([n]) => greets.filter((g) => g.arg === n).length === 1) && greets.length === sPeople.length;
    const waitedOwn = greets.every((g) => atLeast(g.end - g.start, sPeople.find(([n]) => n === g.arg)![1]));
    const overlapped = greeted && waitedOwn && maxOverlap(greets) === sPeople.length;

    // Outside: each line's arrival at PID 1 from the call's start.
    const late: string[] = [];
    for (const [n, d] of people) {
      const w = all.lineSinceCall(waiting(n, d));
      const hi = all.lineAt(hello(n));
      if (w === null || hi === null) late.push(`${n}'s two lines did not both arrive`);
      else {
        if (!atStart(all, waiting(n, d), w, fastest))
          late.push(`"${waiting(n, d)}" arrived ${fmt(w)} after greet_all was called, not right at the start`);
        if (!atLeast(hi, d)) late.push(`"${hello(n)}" arrived after ${fmt(hi)}, before the ${d} s delay had passed`);
      }
    }
    const sHello = single.lineAt(hello(name));
    if (singleOk && sHello !== null && !atLeast(sHello, delay))
      late.push(`"${hello(name)}" arrived after ${fmt(sHello)}, before the ${delay} s delay had passed`);
    const lastHello = Math.max(...people.map(([n]) => all.lineAt(hello(n)) ?? NaN));
    const returnedAfter = all.outsideElapsed;
    const lag = returnedAfter !== null && Number.isFinite(lastHello) ? lessLoad(all, returnedAfter - lastHello) : null;
    const structureEnd = greets.length ? Math.max(...greets.map((g) => g.end)) : null;
    const sReturned = structure.outside.returned;
    return {
      name,
      delay,
      people,
      slowest,
      fastest,
      waits,
      hellos,
      helloLines,
      singleOk,
      sPeople,
      greets,
      greeted,
      waitedOwn,
      overlapped,
      late,
      lastHello,
      lag,
      structureEnd,
      sReturned,
    };
  },
  checks: {
    // evidence: outside — the lines PID 1 read from stdout.
    "output.lines": {
      weight: 2,
      kind: "outside",
      scenarios: ["single", "all"],
      evidence: "lines and their order as read, once the run lasted long enough",
      judge: ({ single, all }, { name, delay, people, waits, hellos, singleOk }) =>
        check(
          "output.lines",
          2,
          singleOk && sameMultiset(all.lines, [...waits, ...hellos]),
          {
            pass: "Every greeting printed its two lines.",
            fail: !singleOk
              ? `delayed_greet("${name}", ${delay}) should print "${waiting(name, delay)}" then ` +
                `"${hello(name)}"; it printed ${JSON.stringify(single.lines)}.`
              : `greet_all(${JSON.stringify(people)}) should print two lines per person ` +
                `(${JSON.stringify([...waits, ...hellos])}, in some order); it printed ${JSON.stringify(all.lines)}.`,
          },
          "outside",
        ),
    },
    // evidence: outside — line order as PID 1 read it, once the run lasted the shortest delay.
    "ordering.all-waiting-first": {
      weight: 3,
      kind: "outside",
      scenarios: ["all"],
      evidence: "lines and their order as read, once the run lasted long enough",
      judge: ({ all }, { fastest, waits, hellos }) =>
        judgedAfter(all, waited(fastest), "ordering.all-waiting-first", 3, () =>
          check(
            "ordering.all-waiting-first",
            3,
            allBefore(all.lines, waits, hellos),
            {
              pass: "Everyone said they were waiting before anyone was greeted.",
              fail:
                `With all greetings running at once, every "is waiting" line comes before any "Hello": ` +
                `your output was ${JSON.stringify(all.lines)}. Did greet_all await each delayed_greet before ` +
                `starting the next?`,
            },
            "outside",
          ),
        ),
    },
    // evidence: outside — line order as PID 1 read it.
    "ordering.shortest-first": {
      weight: 1,
      kind: "outside",
      scenarios: ["all"],
      evidence: "lines and their order as read, once the run lasted long enough",
      judge: ({ all }, { fastest, hellos, helloLines }) =>
        judgedAfter(all, waited(fastest), "ordering.shortest-first", 1, () =>
          check(
            "ordering.shortest-first",
            1,
            JSON.stringify(helloLines) === JSON.stringify(hellos),
            {
              pass: "The greetings arrived shortest delay first.",
              fail:
                `Running at once, the shortest delay is greeted first: expected ${JSON.stringify(hellos)}, ` +
                `got ${JSON.stringify(helloLines)}.`,
            },
            "outside",
          ),
        ),
    },
    // evidence: outside — arrival time of every line at PID 1.
    "timing.lines": {
      weight: 2,
      kind: "outside",
      scenarios: ["single", "all"],
      evidence: "arrival time of every line",
      judge: ({ all }, { waits, hellos, singleOk, late }) =>
        check(
          "timing.lines",
          2,
          singleOk && late.length === 0 && sameMultiset(all.lines, [...waits, ...hellos]),
          {
            pass: 'Every "is waiting" line came at once, and every greeting after its own delay.',
            fail: late.length
              ? `${late.join("; ")}. delayed_greet prints its first line, waits its delay with \`await ` +
                `asyncio.sleep(delay)\`, then greets; greet_all starts them all at once.`
              : "Not judged: the greetings' lines were not all printed (see the output check).",
          },
          "outside",
        ),
    },
    // evidence: cross-checked — the driver's marks around each of the student's delayed_greet calls, sent
    // from inside but timed by PID 1; every run of greet_all is marked alike.
    "trace.overlap": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["structure"],
      evidence:
        "marks the driver sends around the student's own delayed_greet in every run, " +
        "timed by PID 1: all waiting together, each for its delay",
      judge: (_views, { sPeople, greets, greeted, waitedOwn, overlapped }) =>
        check(
          "trace.overlap",
          2,
          overlapped,
          {
            pass: `All ${sPeople.length} greetings were waiting at the same time.`,
            fail: !greeted
              ? `greet_all(${JSON.stringify(sPeople)}) ran delayed_greet for ` +
                `${JSON.stringify(greets.map((g) => g.arg))}: it should call delayed_greet(name, delay) once per ` +
                "person."
              : !waitedOwn
                ? "Each delayed_greet should wait its own delay (`await asyncio.sleep(delay)`) between its two lines."
                : `Only ${maxOverlap(greets)} of the ${sPeople.length} greetings were waiting at the same ` +
                  `time: greet them all at once (asyncio.gather or create_task).`,
          },
          "cross-checked",
        ),
    },
    // evidence: outside — PID 1's clock, less the loop thread's run-queue wait read from /proc.
    "timing.concurrent": {
      weight: 2,
      kind: "outside",
      scenarios: ["all", "structure"],
      evidence: "PID 1's clock (less run-queue wait)",
      judge: ({ all, structure }, { overlapped }) =>
        worst(
          [all, structure].map((v) => {
            const ds = peopleOf(v).map(([, d]) => d);
            return concurrentTiming(v, {
              concurrent: Math.max(...ds),
              sequential: ds.reduce((a, b) => a + b, 0),
              weight: 2,
              bracketedByLines: true,
              hint: overlapped
                ? "The greetings overlapped, but greet_all kept waiting after the last one."
                : "The greetings ran one after another: start them all before waiting for any.",
            });
          }),
        ),
    },
    // evidence: outside — PID 1's clock.
    "timing.waits": {
      weight: 1,
      kind: "outside",
      scenarios: ["single", "all"],
      evidence: "PID 1's clock (less run-queue wait)",
      judge: ({ single, all }, { delay, slowest }) =>
        worst([
          waitsAtLeast(single, delay, {
            weight: 1,
            bracketedByLines: true,
            hint: "Did you forget `await` in front of `asyncio.sleep(delay)`?",
          }),
          waitsAtLeast(all, slowest, {
            weight: 1,
            hint: "greet_all returned before the slowest greeting was printed: wait for every greeting to finish.",
          }),
        ]),
    },
    // evidence: outside — PID 1's clock of greet_all's return against the last greeting's arrival.
    "timing.returns-promptly": {
      weight: 2,
      kind: "outside",
      scenarios: ["all"],
      evidence: "PID 1's return time against the last 'Hello' line's arrival",
      judge: (_views, { slowest, lastHello, lag }) =>
        check("timing.returns-promptly", 2, lag !== null && lag <= PROMPT && atLeast(lastHello, slowest), {
          pass: `greet_all returned ${fmt(lag)} after the last greeting.`,
          fail:
            lag === null
              ? "greet_all returned before the last greeting was printed."
              : `greet_all returned ${fmt(lag)} after the last greeting was printed: it should return as soon ` +
                `as the last one is done. A fixed \`asyncio.sleep(...)\` guesses; await the greetings ` +
                `themselves (asyncio.gather).`,
        }),
    },
    // evidence: outside — the /proc sampler of the loop's thread.
    "loop.not-blocked": {
      weight: 2,
      kind: "outside",
      scenarios: ["single", "all"],
      evidence: "/proc sampler",
      judge: ({ single, all }, { delay, fastest }) =>
        loopNotBlocked([single, all], 2, { minSeconds: (v) => mostOf(v === single ? delay : fastest) }),
    },
    // evidence: cross-checked — PID 1 saw every grader greeting end before greet_all returned; the inside task list
    // must agree.
    "tasks.none-pending": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["all", "structure"],
      evidence: "all greet ops ended before the return; inside task list",
      judge: ({ all, structure }, { slowest, sPeople, greeted, structureEnd, sReturned }) =>
        check(
          "tasks.none-pending",
          1,
          greeted &&
            structureEnd !== null &&
            sReturned !== null &&
            sReturned >= structureEnd &&
            structure.pending.length === 0 &&
            all.pending.length === 0 &&
            observed(all, waited(slowest)) === null,
          {
            pass: "greet_all returned only after every greeting had finished.",
            fail:
              observed(structure, waited(Math.max(...sPeople.map(([, d]) => d)))) !== null ||
              observed(all, waited(slowest)) !== null
                ? `greet_all returned after ` +
                  `${fmt(Math.min(structure.outsideElapsed ?? 0, all.outsideElapsed ?? 0))}, before its ` +
                  `greetings could have finished: await every greeting before returning.`
                : !greeted || structureEnd === null || sReturned === null
                  ? "Not judged: greet_all did not run delayed_greet once per person."
                  : sReturned < structureEnd
                    ? `greet_all returned ${fmt(structureEnd - sReturned)} before the last greeting had ` +
                      `finished: await every greeting before returning.`
                    : `greet_all returned while ` +
                      `${
                        [...structure.pending, ...all.pending].map((t) => `\`${t.coro}\``).join(", ") || "greetings"
                      } were still running: await every task you create before returning.`,
          },
          "cross-checked",
        ),
    },
  },
  timeline: {
    scenario: "all",
    ideal: (spec) =>
      // In finishing order, as the timeline numbers the student's rows.
      [...(spec.args!.people as [string, number][])]
        .sort((a, b) => a[1] - b[1])
        .map(([, d], i) => ({
          task: i === 0 ? "delayed_greet" : `delayed_greet #${i + 1}`,
          op: `sleep(${d})`,
          start: 0,
          end: d,
        })),
  },
});
