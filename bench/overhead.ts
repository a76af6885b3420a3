import { readFileSync } from "node:fs";
import { grade } from "../grader/grade";
import { SandboxPool } from "../grader/sandbox/pool";
import { p50, p95 } from "./stats";

/**
 * Grader overhead: a grading's wall time minus the time the reference solution's own calls take
 * (measured inside the sandbox around each scenario's call, which is what running the scenarios
 * directly with python3 would take, less interpreter start-up). Cold containers vs the warm pool.
 */
export async function benchOverhead(runs = 10, slug = "create-tasks") {
  const source = readFileSync(`exercises/${slug}/reference.py`, "utf8");
  const overhead = { cold: [] as number[], warm: [] as number[] };
  const pool = new SandboxPool(1);
  try {
    for (let i = 0; i < runs; i++) {
      for (const mode of ["cold", "warm"] as const) {
        if (mode === "warm") await pool.waitUntilFull();
        const report = await grade(slug, source, { remeasure: false, ...(mode === "warm" ? { pool } : {}) });
        if (report.verdict !== "passed") throw new Error(`${slug} reference failed during the benchmark`);
        overhead[mode].push(report.elapsedMs - (report.workMs ?? 0));
      }
    }
  } finally {
    await pool.close();
  }
  return {
    exercise: slug,
    runs,
    coldP50Ms: p50(overhead.cold),
    coldP95Ms: p95(overhead.cold),
    warmP50Ms: p50(overhead.warm),
    warmP95Ms: p95(overhead.warm),
    targetWarmP50Ms: 150,
  };
}
