import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import { concurrentTiming, loopNotBlocked, observed, sameMultiset, worst } from "../../grader/checks/common";
import { check } from "../../grader/checks/result";
import { maxOverlap, type ScenarioView } from "../../grader/checks/view";
import { waited } from "../../grader/checks/policy";

const names = ["read_file", "read_all"];
const needs = { requires: names, coroutines: names };
const STEMS = ["notes", "todo", "diary", "recipes", "log", "poem", "draft", "letter"];
// Characters outside ASCII (all in the BMP, so a JavaScript length is a Python len) catch byte counts.
const WORDS = ["loop", "tâche", "await", "café", "naïve", "→", "queue", "über", "日本", "event", "niño"];

function text(rng: Rng): string {
  return (
    `é→日本 ${rng.token(4)}\n` +
    Array.from(
      { length: rng.int(3, 12) },
      () => Array.from({ length: rng.int(2, 10) }, () => rng.pick(WORDS)).join(" ") + ` ${rng.token(6)}`,
    ).join("\n") +
    "\n"
  );
}

/** Distinct delays in an order that is never ascending, so that reads finish out of input order. */
function delaysFor(rng: Rng): number[] {
  const picked = rng.sample([rng.between(0.45, 0.6), rng.between(0.35, 0.42), rng.between(0.25, 0.32)], 3);
  return picked.every((d, i) => i === 0 || picked[i - 1] < d) ? picked.reverse() : picked;
}

interface Hidden {
  order: string[];
  delays: Record<string, number>;
}
const hiddenOf = (v: ScenarioView) => v.spec.hidden as unknown as Hidden;
const filesOf = (v: ScenarioView) => hiddenOf(v).order;
/** The absolute path the student was given: $FILES is the scenario's files folder. */
const pathOf = (v: ScenarioView, name: string) => {
  const p = (v.spec.args!.path ?? (v.spec.args!.paths as string[]).find((x) => x.endsWith("/" + name))) as string;
  return p.replace("$FILES", filesDirOf(v));
};
/** The scenario's files folder, as the driver reported it ($FILES in the arguments): only ever a runner's folder. */
const filesDirOf = (v: ScenarioView) => {
  const record = v.ev.records.find((r) => r.kind === "files") as { dir?: string } | undefined;
  return typeof record?.dir === "string" && /^\/tmp\/run\d+\/files$/.test(record.dir) ? record.dir : "$FILES";
};
const lineOf = (v: ScenarioView, name: string) => `Read ${pathOf(v, name)}: ${v.spec.files![name].length} characters`;
/** The files whose slow read the supervisor served, once each (outside). */
const readsServed = (v: ScenarioView) => v.ops("read");
const eachReadOnce = (v: ScenarioView, files: string[]) => {
  const args = readsServed(v).map((c) => String(c.arg));
  return args.length === files.length && sameMultiset(args, files);
};

export default defineExercise({
  failsWith: {
    "wrong/blocking-open.py": "loop.not-blocked",
    "wrong/read-text.py": "loop.not-blocked",
    "wrong/sequential.py": "trace.overlap",
    "wrong/completion-order.py": "returns.in-order",
  },
  wallTimeMs: 20_000,
  scenarios: (rng) => {
    const [one, ...many] = rng.sample(STEMS, 4).map((s) => `${s}-${rng.token(4)}.txt`);
    const delays = delaysFor(rng);
    const oneDelay = rng.between(0.25, 0.3);
    const oneFile = { [one]: text(rng) };
    const manyFiles = Object.fromEntries(many.map((n) => [n, text(rng)]));
    const manyDelays = Object.fromEntries(many.map((n, i) => [n, delays[i]]));
    return [
      {
        id: "one",
        entry: "read_file_entry",
        ...needs,
        args: { path: `$FILES/${one}` },
        files: oneFile,
        ops: { read: { [one]: { delay: oneDelay } } },
        hidden: { order: [one], delays: { [one]: oneDelay } },
        timeout: 10,
      },
      {
        id: "all",
        entry: "read_all_entry",
        ...needs,
        args: { paths: many.map((n) => `$FILES/${n}`) },
        files: manyFiles,
        ops: { read: Object.fromEntries(many.map((n) => [n, { delay: manyDelays[n] }])) },
        hidden: { order: many, delays: manyDelays },
        timeout: 10,
      },
    ];
  },
  given: ({ one, all }) => {
    const [single] = filesOf(one);
    const many = filesOf(all);
    const contents = many.map((n) => all.spec.files![n]);
    const delays = many.map((n) => hiddenOf(all).delays[n]);
    const reads = readsServed(all);
    // Who waited for each slow read, as /proc showed it: a worker thread (aiofiles') blocked on it.
    const inThreads = reads.every((r) => (r.threads ?? []).length > 0);
    const overlapped = eachReadOnce(all, many) && maxOverlap(reads) === many.length && inThreads;
    const readOne = eachReadOnce(one, [single]);
    const got = all.value;
    const absent =
      observed(one, waited(hiddenOf(one).delays[single], "return")) ??
      observed(all, waited(Math.min(...delays), "return"));
    return { single, many, contents, delays, reads, inThreads, overlapped, readOne, got, absent };
  },
  checks: {
    // evidence: cross-checked — the returned text equals the host's file, and the supervisor served its slow read.
    "returns.content": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["one", "all"],
      evidence: "value equals the host's non-ASCII file text, and PID 1 served each file's slow " + "read",
      judge: ({ one, all }, { single, many, contents, readOne, got }) =>
        worst([
          check(
            "returns.content",
            2,
            readOne && one.value === one.spec.files![single],
            {
              pass: "read_file returned the whole file, and read_all every file.",
              fail: !readOne
                ? `read_file should read ${single} (open it and read it: \`async with aiofiles.open(path) as ` +
                  `f: await f.read()\`); the grader never saw it being read.`
                : `read_file should return the whole text of the file; for ${single} it returned ` +
                  `${JSON.stringify(one.value)?.slice(0, 120)}.`,
            },
            "cross-checked",
          ),
          check(
            "returns.content",
            2,
            eachReadOnce(all, many) && Array.isArray(got) && sameMultiset(got.map(String), contents),
            {
              pass: "",
              fail:
                `read_all should read every file once and return a list with the text of each; it returned ` +
                `${JSON.stringify(got)?.slice(0, 160)}.`,
            },
            "cross-checked",
          ),
        ]),
    },
    // evidence: cross-checked — order of the returned texts against the host's files (reads served outside).
    "returns.in-order": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["all"],
      evidence: "value equals the host's non-ASCII file text, and PID 1 served each file's slow " + "read",
      judge: ({ all }, { many, contents, got }) =>
        check(
          "returns.in-order",
          2,
          eachReadOnce(all, many) && JSON.stringify(got) === JSON.stringify(contents),
          {
            pass: "read_all returned the contents in the order of the paths.",
            fail:
              Array.isArray(got) && sameMultiset(got.map(String), contents)
                ? "read_all returned the contents in the order the reads finished: return them in the order of " +
                  "`paths` (asyncio.gather keeps that order; as_completed does not)."
                : "read_all should return the contents in the order of `paths`.",
          },
          "cross-checked",
        ),
    },
    // evidence: outside — lines as PID 1 read them; n from the host's non-ASCII texts (bytes != characters).
    "output.lines": {
      weight: 2,
      kind: "outside",
      scenarios: ["one", "all"],
      evidence: "lines read; n counted in characters",
      judge: ({ one, all }, { single, many }) =>
        worst([
          check("output.lines", 2, JSON.stringify(one.lines) === JSON.stringify([lineOf(one, single)]), {
            pass: 'Printed "Read {path}: {n} characters" once per file, n counting characters.',
            fail:
              `read_file("${pathOf(one, single)}") should print exactly "${lineOf(one, single)}" (n is the ` +
              `number of characters, len of the text — not bytes); it printed ${JSON.stringify(one.lines)}.`,
          }),
          check(
            "output.lines",
            2,
            sameMultiset(
              all.lines,
              many.map((n) => lineOf(all, n)),
            ),
            {
              pass: "",
              fail:
                `read_all should print one "Read {path}: {n} characters" line per file: ` +
                `${JSON.stringify(many.map((n) => lineOf(all, n)))}; it printed ${JSON.stringify(all.lines)}.`,
            },
          ),
        ]),
    },
    // evidence: outside — /proc shows the loop's thread blocked in the slow read's socket wait (inside records only
    // name open()).
    "loop.not-blocked": {
      weight: 3,
      kind: "outside",
      scenarios: ["one", "all"],
      evidence: "/proc: the loop's thread blocked in the read op's socket wait",
      judge: ({ one, all }) =>
        loopNotBlocked([one, all], 3, {
          calls: ["open", "time.sleep"],
          minSeconds: 0.2,
          advice: (c) =>
            c.call === "open"
              ? "The built-in open() (and Path.read_text) read synchronously, and the grader's disk is slow: " +
                "use `async with aiofiles.open(path) as f: await f.read()`."
              : "Use `await asyncio.sleep(...)`.",
        }),
    },
    // evidence: outside — the supervisor served every slow read and saw them in flight together.
    "trace.overlap": {
      weight: 3,
      kind: "outside",
      scenarios: ["one", "all"],
      evidence:
        "PID 1's read ops: each file once, all in flight together, each waited for by a " + "worker thread (/proc)",
      judge: ({ all }, { many, reads, inThreads, overlapped, absent }) =>
        check("trace.overlap", 3, !absent && overlapped, {
          pass: `All ${many.length} slow reads were in progress at the same time.`,
          fail: absent
            ? `Not judged: ${absent}.`
            : !eachReadOnce(all, many)
              ? `The grader slows its files down to see reads overlap, but saw ${reads.length} reads of the ` +
                `${many.length} files (${JSON.stringify(reads.map((r) => r.arg))}): read each file once with ` +
                `\`async with aiofiles.open(path) as f: await f.read()\`.`
              : !inThreads
                ? "The grader saw no worker thread waiting in some of its slow reads: read each file with " +
                  "aiofiles (`async with aiofiles.open(path) as f: await f.read()`), which reads in a worker thread."
                : `Only ${maxOverlap(reads)} of the ${many.length} reads were in progress at the same time: ` +
                  `read_all should start every read before waiting for any (asyncio.gather).`,
        }),
    },
    // evidence: outside — PID 1's clock and the lines' arrival.
    "timing.concurrent": {
      weight: 1,
      kind: "outside",
      scenarios: ["all"],
      evidence: "PID 1's clock and line arrival",
      judge: ({ all }, { delays, overlapped }) =>
        concurrentTiming(all, {
          concurrent: Math.max(...delays),
          sequential: delays.reduce((a, b) => a + b, 0),
          weight: 1,
          bracketedByLines: true,
          hint: overlapped
            ? "The reads overlapped, but read_all kept waiting afterwards."
            : "The files were read one after another.",
        }),
    },
  },
  timeline: {
    scenario: "all",
    ideal: (spec) => {
      const { order, delays } = spec.hidden as unknown as Hidden;
      return order.map((n) => ({ task: n, op: `read(${n})`, start: 0, end: delays[n] }));
    },
  },
});
