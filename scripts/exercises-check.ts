/**
 * npm run exercises:check [-- --only slug[,slug]] [--parallel N]
 * Validates every exercise folder, then grades every shipped solution through the real sandbox:
 * references and alternatives must pass, known-wrong solutions must fail with their named check.
 */
import { parseArgs } from "node:util";
import { listExercises, loadDefinition, readExercise, type ExerciseFolder } from "../grader/catalog/catalog";
import type { ExerciseDefinition } from "../grader/catalog/definition";
import { missingFiles, shippedSolutions, verifyAll } from "../grader/catalog/self-check";
import { exitAfterSandboxes, removeSandboxesOnSignals } from "../grader/sandbox/lifetime";

removeSandboxesOnSignals();

const { values } = parseArgs({ options: { only: { type: "string" }, parallel: { type: "string", default: "2" } } });
const folders = values.only ? values.only.split(",").map((s) => readExercise(s.trim())) : listExercises();
const parallel = Math.max(1, Number(values.parallel));

let broken = 0;
// A folder whose checks.ts does not load (or names other wrong solutions than exercise.json) is broken:
// none of its solutions can be told what to fail.
const loaded: [ExerciseFolder, ExerciseDefinition][] = [];
for (const f of folders) {
  const missing = missingFiles(f);
  if (missing.length) {
    console.error(`exercises/${f.meta.slug}: missing ${missing.join(", ")}`);
    broken++;
  }
  try {
    loaded.push([f, await loadDefinition(f)]);
  } catch (error) {
    console.error(`exercises/${f.meta.slug}/checks.ts does not load: ${(error as Error).message}`);
    broken++;
  }
}

const jobs = loaded.flatMap(([f, d]) => shippedSolutions(f, d).map((s) => ({ folder: f, solution: s })));
const started = Date.now();
const outcomes = await verifyAll(jobs, parallel, (o) =>
  console.error(
    `${o.ok ? "ok  " : "FAIL"} ${o.exercise} ${o.file} ${o.verdict} ${o.elapsedMs} ` +
      `ms${o.problem ? ` — ${o.problem}` : ""}`,
  ),
);

const rows = outcomes.map((o) => [
  o.exercise,
  o.file,
  o.expect,
  o.verdict,
  o.failed.join(",") || "-",
  `${o.elapsedMs}`,
  o.ok ? "ok" : "MISMATCH",
]);
const header = ["exercise", "solution", "expected", "verdict", "failed checks", "ms", ""];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ");
console.log(line(header));
for (const r of rows) console.log(line(r));
const mismatches = outcomes.filter((o) => !o.ok).length;
console.log(
  `\n${outcomes.length} solutions in ${folders.length} exercises graded in ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s: ${outcomes.length - mismatches} as expected, ` +
    `${mismatches} mismatched, ${broken} broken folders.`,
);
await exitAfterSandboxes(mismatches || broken ? 1 : 0);
