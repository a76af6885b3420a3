/** Runs one benchmark part in its own process (each picks its own database) and prints its JSON. */
const part = process.argv[2];
const parts: Record<string, () => Promise<unknown>> = {
  overhead: async () => (await import("./overhead")).benchOverhead(10),
  // The same under gVisor: its own process, so the worker's configuration is read with the runtime set.
  "overhead-runsc": async () => {
    process.env.SANDBOX_RUNTIME = "runsc";
    return { runtime: "runsc", ...(await (await import("./overhead")).benchOverhead(10)) };
  },
  "end-to-end": async () => (await import("./end-to-end")).benchEndToEnd(10),
  burst: async () => ({ ...(await (await import("./throughput")).benchThroughput(300)), targetWallSeconds: 120 }),
  "burst-two-workers": async () => (await import("./throughput")).benchThroughput(300, 2),
  similarity: async () => (await import("./similarity")).benchSimilarity(200),
  web: async () => (await import("./web")).benchWeb(),
  dashboard: async () => {
    const r = await (await import("./dashboard")).benchDashboard();
    return {
      students: r.students,
      exercises: r.exercises,
      submissions: r.submissions,
      medianMs: r.medianMs,
      maxMs: r.maxMs,
      dbCpuMs: r.dbCpuMs,
      nodeCpuMs: r.nodeCpuMs,
      csvMedianMs: r.csvMedianMs,
      targetMs: 200,
    };
  },
};
if (!parts[part]) {
  console.error(`unknown part "${part}"; one of ${Object.keys(parts).join(", ")}`);
  process.exit(2);
}
const result = await parts[part]();
console.log(`BENCH ${JSON.stringify(result)}`);
// Parts that grade in this process (overhead) leave used containers waiting for their removal.
const { exitAfterSandboxes } = await import("../grader/sandbox/lifetime");
await exitAfterSandboxes(0);
export {};
