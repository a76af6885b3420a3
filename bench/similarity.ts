/**
 * Similarity benchmark: 200 synthetic submissions of one exercise — the reference, the alternative
 * and known-wrong solutions, each disguised as students do (names changed, functions reordered,
 * comments and blank lines added) — compared by the worker's own code (grader/similarity), with
 * the starter and the reference ignored. CPU time in one process; no database.
 *
 *   npx tsx bench/similarity.ts           (or through `npm run bench`, which imports benchSimilarity)
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Candidate } from "../grader/similarity/compare";
import { compareOffThread } from "../grader/similarity/off-thread";
import { Rng } from "../grader/catalog/rng";

const SLUG = "producer-consumer";
const dir = new URL(`../exercises/${SLUG}/`, import.meta.url);
const read = (path: string) => readFileSync(new URL(path, dir), "utf8");

const NAMES = ["data", "bucket", "worker_count", "fn", "pending", "acc", "box", "pool", "helper", "piece", "chan"];

/** One student's disguise of `code`: a few identifiers renamed, top-level blocks shuffled, noise added. */
function disguise(code: string, random: () => number, n: number): string {
  const identifiers = [...new Set(code.match(/\b[a-z_][a-z_0-9]{2,}\b/g) ?? [])].filter(
    (w) => !["import", "asyncio", "async", "await", "def", "return", "for", "while", "True", "None"].includes(w),
  );
  let out = code;
  for (const word of identifiers) {
    if (random() < 0.4)
      out = out.replace(new RegExp(`\\b${word}\\b`, "g"), `${NAMES[Math.floor(random() * NAMES.length)]}_${n}`);
  }
  const [head, ...blocks] = out.split(/\n\n\n/);
  if (random() < 0.5) blocks.reverse();
  const noisy = [head, ...blocks]
    .join("\n\n\n")
    .split("\n")
    .flatMap((line) => (random() < 0.08 ? [`# note ${Math.floor(random() * 1000)}`, line] : [line]));
  return noisy.join("\n");
}

export function syntheticSubmissions(count: number, seed = 17): Candidate[] {
  const generator = new Rng(seed);
  const random = () => generator.next();
  const bases = [
    read("reference.py"),
    ...readdirSync(new URL("alternatives/", dir)).map((f) => read(`alternatives/${f}`)),
    ...readdirSync(new URL("wrong/", dir)).map((f) => read(`wrong/${f}`)),
  ];
  return Array.from({ length: count }, (_, i) => ({
    id: `s${i}`,
    code: disguise(bases[i % bases.length], random, i),
  }));
}

export async function benchSimilarity(count = 200, runs = 3) {
  const submissions = syntheticSubmissions(count);
  const ignored = [read("starter.py"), read("reference.py")];
  const times: number[] = [];
  let pairs = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    pairs = (await compareOffThread(submissions, { ignored })).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    exercise: SLUG,
    submissions: count,
    runs,
    medianMs: Math.round(times[Math.floor(runs / 2)]),
    maxMs: Math.round(times.at(-1)!),
    pairsReported: pairs,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchSimilarity());
