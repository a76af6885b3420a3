import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { listExercises, loadDefinition } from "../grader/catalog/catalog";
import { shippedSolutions } from "../grader/catalog/self-check";
import { gradeReportSchema } from "../grader/checks/result";
import { db } from "../lib/db";
import { createSubmission } from "../lib/submissions/create";
import { createUser } from "../test/helpers/session";
import { startWorker, uniqueQueue, useOwnDatabase, waitFor } from "../test/submissions/fixture";
import { docker, SANDBOX_LABEL } from "../grader/sandbox/docker";
import { workerEnv } from "../lib/env/worker";
import { watchMachine } from "./machine";

/**
 * A deadline burst: `count` submissions across every exercise (references, alternatives and
 * known-wrong solutions in turn), all submitted at once through the real path (PostgreSQL, BullMQ on
 * Redis, `workers` worker processes with the default settings sharing one queue, the sandbox). A
 * false verdict is a shipped solution graded otherwise than it must be. Workers on this one machine
 * share its cores as they would share a host: each grades its share of one worker's default
 * concurrency at once (two of 5 each, 10 gradings at once on 2 cores, failed correct solutions).
 */
export async function benchThroughput(count = 100, workers = 1) {
  const queue = uniqueQueue("bench");
  const databaseUrl = await useOwnDatabase("bench_throughput", { QUEUE_NAME: queue });
  const concurrencyPerWorker = Math.max(1, Math.floor(workerEnv().GRADER_CONCURRENCY / workers));
  const env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queue, GRADER_CONCURRENCY: String(concurrencyPerWorker) };
  const started = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
  const machine = watchMachine(() => started.flatMap((w) => [w.pid, w.innerPid() ?? w.pid]));
  try {
    const folders = listExercises();
    const definitions = await Promise.all(folders.map(loadDefinition));
    const solutions = folders.flatMap((folder, i) =>
      shippedSolutions(folder, definitions[i]).map((s) => ({
        ...s,
        code: readFileSync(join(folder.dir, s.file), "utf8"),
      })),
    );
    const planned = Array.from({ length: count }, (_, i) => solutions[i % solutions.length]);
    // One student per submission: fair use allows a student only a few in the queue.
    // In batches: 300 sign-ups at once would queue past Prisma's transaction timeout.
    const students: Awaited<ReturnType<typeof createUser>>[] = [];
    while (students.length < planned.length)
      students.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(10, planned.length - students.length) }, () => createUser()),
        )),
      );
    const startedAt = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < planned.length; i += 20)
      ids.push(
        ...(await Promise.all(
          planned
            .slice(i, i + 20)
            .map((s, j) => createSubmission(students[i + j], { exercise: s.exercise, code: s.code }).then((r) => r.id)),
        )),
      );
    await waitFor(
      `${count} gradings`,
      () => db().submission.count({ where: { id: { in: ids }, status: { in: ["GRADED", "ERROR"] } } }),
      (done) => done === count,
      60 * 60_000,
    );
    const wallMs = Date.now() - startedAt;
    const rows = await db().submission.findMany({ where: { id: { in: ids } }, include: { results: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const falseVerdicts = planned.flatMap((s, i) => {
      const row = byId.get(ids[i])!;
      const report = row.results[0] ? gradeReportSchema.parse(row.results[0].report) : null;
      const failed = report?.checks.filter((c) => !c.passed).map((c) => c.id) ?? [];
      const ok = report?.verdict === s.expect && (!s.failsWith || failed.includes(s.failsWith));
      return ok ? [] : [`${s.exercise}/${s.file}: ${report?.verdict ?? row.status} (${failed.join(",")})`];
    });
    const usage = machine.stop();
    // The workers' warm pools are sandboxes too: stop the workers, then count what they left.
    const mine = started.map((w) => `asyncio-course.worker=${hostname()}:${w.innerPid() ?? w.pid}`);
    await Promise.all(started.map((w) => w.stop()));
    const sandboxes = await docker().listContainers({ all: true, filters: { label: [SANDBOX_LABEL] } });
    const containersLeft = sandboxes.filter((c) =>
      mine.some((label) => `asyncio-course.worker=${c.Labels["asyncio-course.worker"]}` === label),
    ).length;
    return {
      submissions: count,
      workers,
      concurrencyPerWorker,
      exercises: new Set(planned.map((p) => p.exercise)).size,
      wallSeconds: Math.round(wallMs / 100) / 10,
      gradingsPerMinute: Math.round((count / wallMs) * 60_000 * 10) / 10,
      falseVerdicts: falseVerdicts.length,
      falseVerdictDetails: falseVerdicts,
      resultsStored: rows.reduce((n, r) => n + r.results.length, 0),
      ...usage,
      sandboxContainersLeft: containersLeft,
    };
  } finally {
    await Promise.all(started.map((w) => w.stop()));
  }
}
