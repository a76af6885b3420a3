import { createUser, signIn } from "../test/helpers/session";
import { startWeb } from "../test/helpers/web";
import { readFileSync } from "node:fs";
import { readEventStream, startWorker, uniqueQueue, useOwnDatabase } from "../test/submissions/fixture";
import { gradeReportSchema } from "../grader/checks/result";
import { db } from "../lib/db";
import { p50, p95 } from "./stats";

/**
 * End to end on an idle system: POST of a submission to the graded event on its SSE stream; how
 * far that is above the student's own time on the verdict's path (the longest scenario, where they
 * run side by side); and the part that is not grading (the grading's own elapsed time removed).
 */
export async function benchEndToEnd(runs = 10, slugs = ["first-coroutine", "create-tasks"]) {
  const queue = uniqueQueue("bench-e2e");
  const databaseUrl = await useOwnDatabase("bench_e2e", { QUEUE_NAME: queue });
  const env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queue };
  const [web, worker] = await Promise.all([startWeb({ env }), startWorker(env)]);
  try {
    const student = await createUser();
    const cookie = await signIn(web.url, student.email, student.password);
    const results: Record<string, unknown> = {};
    for (const slug of slugs) {
      const code = readFileSync(`exercises/${slug}/reference.py`, "utf8");
      const total: number[] = [];
      const aboveOwnTime: number[] = [];
      const beyondGrading: number[] = [];
      // Where the part beyond grading goes, from the row's own timestamps (one clock: one machine).
      const phases: Record<"beforeInsert" | "insertToClaim" | "claimAndStore" | "storeToEvent", number[]> = {
        beforeInsert: [],
        insertToClaim: [],
        claimAndStore: [],
        storeToEvent: [],
      };
      for (let i = 0; i < runs; i++) {
        const posted = Date.now();
        const res = await fetch(`${web.url}/api/submissions`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify({ exercise: slug, code }),
        });
        if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
        const { id } = (await res.json()) as { id: string };
        const stream = await readEventStream(`${web.url}/api/submissions/${id}/events`, cookie, 120_000);
        const graded = stream.events
          .filter((e) => e.event === "status")
          .find((e) => JSON.parse(e.data).status === "GRADED");
        if (!graded) throw new Error(`no graded event for ${id}`);
        const report = gradeReportSchema.parse(JSON.parse(graded.data).result);
        total.push(graded.at - posted);
        aboveOwnTime.push(graded.at - posted - (report.workMs ?? 0));
        beyondGrading.push(graded.at - posted - report.elapsedMs);
        const row = await db().submission.findUniqueOrThrow({ where: { id } });
        const [created, started, stored] = [row.createdAt, row.startedAt!, row.gradedAt!].map((d) => d.getTime());
        phases.beforeInsert.push(created - posted);
        phases.insertToClaim.push(started - created);
        phases.claimAndStore.push(stored - started - report.elapsedMs);
        phases.storeToEvent.push(graded.at - stored);
      }
      results[slug] = {
        postToGradedP50Ms: p50(total),
        postToGradedP95Ms: p95(total),
        aboveLongestScenarioP50Ms: p50(aboveOwnTime),
        beyondGradingP50Ms: p50(beyondGrading),
        beyondGradingP95Ms: p95(beyondGrading),
        beyondGradingPhasesP50Ms: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, p50(v)])),
        beyondGradingAllMs: beyondGrading,
      };
    }
    return {
      runs,
      ...results,
      targetAboveLongestScenarioP50Ms: 250,
      targetBeyondGradingP50Ms: 30,
      targetBeyondGradingP95Ms: 150,
    };
  } finally {
    await Promise.all([web.stop(), worker.stop()]);
  }
}
