/**
 * npm run bench [-- part ...]: grader overhead (cold vs warm pool, against docker run and bare
 * python; under gVisor's runsc too), end to end (POST → graded SSE event), a deadline burst
 * (300 submissions, false verdicts,
 * CPU and memory; one worker, then two), dashboard data load (500 students), similarity (200
 * submissions of one exercise compared by the worker's Dolos job), the web tier at a lab's start
 * (300 students open the course and an exercise page within 10 s, submit, keep a live stream).
 * Prints a table and writes bench/results.json. Parts run one after another, each in its own
 * process, on whatever else the machine is doing: run it on an idle machine for the targets.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";

const all = [
  "overhead",
  "overhead-runsc",
  "end-to-end",
  "burst",
  "burst-two-workers",
  "dashboard",
  "similarity",
  "web",
];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;
const results: Record<string, unknown> = {};
const printed: Record<string, string[]> = {};
for (const part of chosen) {
  const started = Date.now();
  const run = spawnSync("node_modules/.bin/tsx", ["bench/part.ts", part], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 << 20,
  });
  const line = run.stdout.split("\n").find((l) => l.startsWith("BENCH "));
  results[part] = line ? JSON.parse(line.slice(6)) : { error: `exit ${run.status}`, output: run.stdout.slice(-2000) };
  printed[part] = Object.entries(results[part] as object).map(
    ([key, value]) => `  ${key.padEnd(26)} ${typeof value === "object" ? JSON.stringify(value) : value}`,
  );
  console.log(`\n== ${part} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  for (const line of printed[part]) console.log(line);
}
const out = { at: new Date().toISOString(), machine: { cores: cpus().length, loadavg: loadavg() }, results };
writeFileSync("bench/results.json", JSON.stringify(out, null, 2) + "\n");
console.log("\nwrote bench/results.json");
writeDocs();

/**
 * docs/benchmarks.md quotes some parts' output as printed: between `<!-- bench:<part> -->` and
 * `<!-- /bench:<part> -->`, a part that ran without an error replaces the quote with this run's
 * lines, its date and the machine's load, so no figure there is typed by hand.
 */
function writeDocs() {
  const path = "docs/benchmarks.md";
  let doc = readFileSync(path, "utf8");
  const before = doc;
  for (const [part, lines] of Object.entries(printed)) {
    if ((results[part] as { error?: string }).error) continue;
    const open = `<!-- bench:${part} -->`;
    const close = `<!-- /bench:${part} -->`;
    const [start, end] = [doc.indexOf(open), doc.indexOf(close)];
    if (start < 0 || end < start) continue;
    const load = out.machine.loadavg.map((l) => l.toFixed(1)).join(", ");
    const quote = [
      `\`npm run bench -- ${part}\`, ${out.at.slice(0, 16).replace("T", " ")} UTC, ${out.machine.cores} cores, ` +
        `load average ${load} at the end:`,
      "",
      "```",
      `== ${part}`,
      ...lines,
      "```",
    ].join("\n");
    doc = `${doc.slice(0, start + open.length)}\n${quote}\n${doc.slice(end)}`;
  }
  if (doc !== before) {
    writeFileSync(path, doc);
    console.log(`updated ${path}`);
  }
}
process.exit(Object.values(results).some((r) => (r as { error?: string }).error) ? 1 : 0);
