import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import { concurrentTiming, loopNotBlocked, sameMultiset } from "../../grader/checks/common";
import { check, type CheckResult } from "../../grader/checks/result";
import { maxOverlap, type ScenarioView } from "../../grader/checks/view";

const names = ["read_file", "read_all"];
const needs = { requires: names, coroutines: names };
const STEMS = ["notes", "todo", "diary", "recipes", "log", "poem", "draft", "letter"];
// Characters outside ASCII (all in the BMP, so a JavaScript length is a Python len) catch byte counts.
const WORDS = ["loop", "tâche", "await", "café", "naïve", "→", "queue", "über", "façade", "event", "niño"];

function text(rng: Rng): string {
  return Array.from({ length: rng.int(3, 12) }, () =>
    Array.from({ length: rng.int(2, 10) }, () => rng.pick(WORDS)).join(" ") + ` ${rng.token(6)}`,
  ).join("\n") + "\n";
}

/** Distinct delays in an order that is never ascending, so that reads finish out of input order. */
function delaysFor(rng: Rng): number[] {
  const picked = rng.sample([rng.between(0.45, 0.6), rng.between(0.35, 0.42), rng.between(0.25, 0.32)], 3);
  return picked.every((d, i) => i === 0 || picked[i - 1] < d) ? picked.reverse() : picked;
}

const worst = (results: CheckResult[]) => results.find((r) => !r.passed) ?? results[0];
const filesOf = (v: ScenarioView) => v.spec.args!.order as string[];
/** The absolute path the student was given: $FILES is the scenario's files folder. */
const pathOf = (v: ScenarioView, name: string) => {
  const p = (v.spec.args!.path ?? (v.spec.args!.paths as string[]).find((x) => x.endsWith("/" + name))) as string;
  return p.replace("$FILES", filesDirOf(v));
};
/** The scenario's files folder, as the driver reported it ($FILES in the arguments). */
const filesDirOf = (v: ScenarioView) => {
  const record = v.ev.records.find((r) => r.kind === "files") as { dir?: string } | undefined;
  return record?.dir ?? "$FILES";
};
const lineOf = (v: ScenarioView, name: string) => `Read ${pathOf(v, name)}: ${v.spec.files![name].length} characters`;

export default defineExercise({
  wallTimeMs: 20_000,
  scenarios: (rng) => {
    const [one, ...many] = rng.sample(STEMS, 4).map((s) => `${s}-${rng.token(4)}.txt`);
    const delays = delaysFor(rng);
    const oneFile = { [one]: text(rng) };
    const manyFiles = Object.fromEntries(many.map((n) => [n, text(rng)]));
    return [
      {
        id: "one",
        entry: "read_file_entry",
        ...needs,
        args: { path: `$FILES/${one}`, order: [one], delays: { [one]: rng.between(0.25, 0.3) } },
        files: oneFile,
        timeout: 10,
      },
      {
        id: "all",
        entry: "read_all_entry",
        ...needs,
        args: { paths: many.map((n) => `$FILES/${n}`), order: many, delays: Object.fromEntries(many.map((n, i) => [n, delays[i]])) },
        files: manyFiles,
        timeout: 10,
      },
    ];
  },
  checks: ({ one, all }) => {
    const [single] = filesOf(one);
    const many = filesOf(all);
    const contents = many.map((n) => all.spec.files![n]);
    const delays = many.map((n) => (all.spec.args!.delays as Record<string, number>)[n]);
    const reads = all.spans("read");
    const overlapped = reads.length === many.length && maxOverlap(reads) === many.length;
    const got = all.value;
    return [
      worst([
        check("returns.content", 2, one.value === one.spec.files![single], {
          pass: "read_file returned the whole file, and read_all every file.",
          fail: `read_file should return the whole text of the file; for ${single} it returned ${JSON.stringify(one.value)?.slice(0, 120)}.`,
        }),
        check("returns.content", 2, Array.isArray(got) && sameMultiset(got.map(String), contents), {
          pass: "",
          fail: `read_all should return a list with the text of every file; it returned ${JSON.stringify(got)?.slice(0, 160)}.`,
        }),
      ]),
      check("returns.in-order", 2, JSON.stringify(got) === JSON.stringify(contents), {
        pass: "read_all returned the contents in the order of the paths.",
        fail:
          Array.isArray(got) && sameMultiset(got.map(String), contents)
            ? "read_all returned the contents in the order the reads finished: return them in the order of `paths` (asyncio.gather keeps that order; as_completed does not)."
            : "read_all should return the contents in the order of `paths`.",
      }),
      worst([
        check("output.lines", 2, JSON.stringify(one.lines) === JSON.stringify([lineOf(one, single)]), {
          pass: 'Printed "Read {path}: {n} characters" once per file, n counting characters.',
          fail: `read_file("${pathOf(one, single)}") should print exactly "${lineOf(one, single)}" (n is the number of characters, len of the text — not bytes); it printed ${JSON.stringify(one.lines)}.`,
        }),
        check("output.lines", 2, sameMultiset(all.lines, many.map((n) => lineOf(all, n))), {
          pass: "",
          fail: `read_all should print one "Read {path}: {n} characters" line per file: ${JSON.stringify(many.map((n) => lineOf(all, n)))}; it printed ${JSON.stringify(all.lines)}.`,
        }),
      ]),
      loopNotBlocked([one, all], 3, {
        calls: ["open", "time.sleep"],
        advice: (c) =>
          c.call === "open"
            ? "The built-in open() (and Path.read_text) read synchronously, and the grader's disk is slow: use `async with aiofiles.open(path) as f: await f.read()`."
            : "Use `await asyncio.sleep(...)`.",
      }),
      check("trace.overlap", 3, overlapped, {
        pass: `All ${many.length} slow reads were in progress at the same time.`,
        fail:
          reads.length < many.length
            ? `The grader slows its files down to see reads overlap, but saw only ${reads.length} of ${many.length} files being read through open()/aiofiles: read each file with \`async with aiofiles.open(path) as f: await f.read()\`.`
            : `Only ${maxOverlap(reads)} of the ${many.length} reads were in progress at the same time: read_all should start every read before waiting for any (asyncio.gather).`,
      }),
      concurrentTiming(all, {
        concurrent: Math.max(...delays),
        sequential: delays.reduce((a, b) => a + b, 0),
        weight: 1,
        bracketedByLines: true,
        hint: overlapped ? "The reads overlapped, but read_all kept waiting afterwards." : "The files were read one after another.",
      }),
    ];
  },
  timeline: {
    scenario: "all",
    ideal: (spec) => {
      const delays = spec.args!.delays as Record<string, number>;
      return (spec.args!.order as string[]).map((n) => ({ task: n, op: `read(${n})`, start: 0, end: delays[n] }));
    },
  },
});
