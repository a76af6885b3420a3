import { readFileSync } from "node:fs";
import { grade } from "../grader/grade";
import { SandboxPool } from "../grader/sandbox/pool";
import { barePythonOverheadMs, naiveDockerRunOverheadMs } from "./baselines";
import { p50, p95 } from "./stats";

/**
 * Grader overhead: a grading's wall time minus the student's own time on the verdict's path (the
 * supervisor's clock around each scenario: the longest where scenarios run side by side), cold
 * containers vs the warm pool, beside what a user would pick instead, measured in the same run:
 * a `docker run --rm` per submission and bare python3 on the host (bench/baselines.ts).
 */
export async function benchOverhead(runs = 10, slug = "create-tasks") {
  const source = readFileSync(`exercises/${slug}/reference.py`, "utf8");
  const overhead = { cold: [] as number[], warm: [] as number[], naive: [] as number[], bare: [] as number[] };
  const pool = new SandboxPool(1);
  try {
    for (let i = 0; i < runs; i++) {
      for (const mode of ["cold", "warm"] as const) {
        if (mode === "warm") await pool.waitUntilFull();
        const report = await grade(slug, source, { remeasure: false, ...(mode === "warm" ? { pool } : {}) });
        if (report.verdict !== "passed") throw new Error(`${slug} reference failed during the benchmark`);
        overhead[mode].push(report.elapsedMs - (report.workMs ?? 0));
      }
      if (slug === "create-tasks") {
        overhead.naive.push(naiveDockerRunOverheadMs());
        overhead.bare.push(barePythonOverheadMs());
      }
    }
  } finally {
    await pool.close();
  }
  const warm = p50(overhead.warm);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    exercise: slug,
    runs,
    coldP50Ms: p50(overhead.cold),
    coldP95Ms: p95(overhead.cold),
    warmP50Ms: warm,
    warmP95Ms: p95(overhead.warm),
    targetWarmP50Ms: 50,
    targetWarmP95Ms: 120,
    naiveDockerRunP50Ms: overhead.naive.length ? p50(overhead.naive) : null,
    barePythonP50Ms: overhead.bare.length ? p50(overhead.bare) : null,
    warmTimesFasterThanDockerRun: overhead.naive.length ? round(p50(overhead.naive) / Math.max(warm, 1)) : null,
    warmMsAboveBarePython: overhead.bare.length ? Math.round(warm - p50(overhead.bare)) : null,
  };
}
