import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createUser, signIn } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import {
  referenceSolution,
  SLUG,
  startPrivateRedis,
  startWorker,
  uniqueQueue,
  useOwnDatabase,
  waitFor,
  type PrivateRedis,
  type WorkerProcess,
} from "./fixture";

/**
 * Nothing accepted is lost: the submission is stored before it is enqueued, and the workers'
 * sweeper enqueues whatever the queue lost. Runs on a private redis-server so outages stay local.
 */
describe("submissions survive Redis outages; workers share the load", () => {
  let redis: PrivateRedis;
  let web: WebServer;
  let env: Record<string, string>;
  const workers: WorkerProcess[] = [];
  const students: string[] = [];

  const post = (cookie: string) =>
    fetch(`${web.url}/api/submissions`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ exercise: SLUG, code: referenceSolution() }),
    });
  const allGraded = (ids: string[], timeoutMs: number) =>
    waitFor(
      `${ids.length} submissions to be graded`,
      () => db().submission.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: true }),
      (groups) => groups.length === 1 && groups[0].status === "GRADED",
      timeoutMs,
    );
  const gradings = (id: string) => workers.reduce((n, w) => n + w.output().split(`grading ${id} `).length - 1, 0);

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const databaseUrl = await useOwnDatabase("redis");
    env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, QUEUE_NAME: uniqueQueue("redis") };
    web = await startWeb({ env });
    for (let i = 0; i < 10; i++) {
      const user = await createUser();
      students.push(await signIn(web.url, user.email, user.password));
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.all([web?.stop(), ...workers.map((w) => w.stop())]);
    await redis?.shutdown();
  });

  it("accepts a submission while Redis is down and grades it once Redis is back", { timeout: 120_000 }, async () => {
    // A web server that has been enqueueing happily, then loses Redis (and every job in it).
    const warm = await post(students[1]);
    expect(warm.status).toBe(201);
    await redis.shutdown();
    const started = Date.now();
    const res = await post(students[0]);
    const took = Date.now() - started;
    expect(res.status).toBe(201);
    expect(took).toBeLessThan(4000);
    const { id } = await res.json();
    expect((await db().submission.findUniqueOrThrow({ where: { id } })).status).toBe("QUEUED");
    console.log(`POST with Redis down: 201 in ${took} ms`);

    await redis.start();
    workers.push(await startWorker({ ...env, GRADER_CONCURRENCY: "2" }));
    const warmId = (await warm.json()).id;
    await allGraded([id, warmId], 90_000);
    expect(workers[0].output()).toMatch(new RegExp(`sweeper re-enqueued \\d+: .*${id}`));
    expect(await db().gradingResult.count({ where: { submissionId: { in: [id, warmId] } } })).toBe(2);
  });

  it("loses none of a burst of 20 submissions when Redis restarts in the middle", { timeout: 240_000 }, async () => {
    workers.push(await startWorker({ ...env, GRADER_CONCURRENCY: "2" }));
    const ids: string[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      if (i === 8) await redis.shutdown();
      if (i === 12) await redis.start();
      const res = await post(students[i % students.length]);
      statuses.push(res.status);
      if (res.status === 201) ids.push((await res.json()).id);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(statuses).toEqual(Array(20).fill(201));
    const started = Date.now();
    await allGraded(ids, 200_000);
    console.log(`burst of 20 with a Redis restart: all graded ${Date.now() - started} ms after the last POST`);
    const results = await db().gradingResult.groupBy({
      by: ["submissionId"],
      where: { submissionId: { in: ids } },
      _count: true,
    });
    expect(results).toHaveLength(20);
    expect(results.every((r) => r._count === 1)).toBe(true);
    // Verdicts are the grader's business (a starved machine can fail a timing check); here every one got exactly one.
    const verdicts = await db().submission.groupBy({ by: ["verdict"], where: { id: { in: ids } }, _count: true });
    console.log(`verdicts: ${verdicts.map((v) => `${v.verdict} ${v._count}`).join(", ")}`);
    expect(verdicts.every((v) => v.verdict === "PASSED" || v.verdict === "FAILED")).toBe(true);
    expect(workers.map((w) => w.output()).join("")).toMatch(/sweeper re-enqueued/);
    expect(ids.filter((id) => gradings(id) !== 1)).toEqual([]);
  });

  it("splits 20 jobs between two workers with none graded twice", { timeout: 240_000 }, async () => {
    const before = workers.map((w) => w.output().length);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await post(students[i % students.length]);
      expect(res.status).toBe(201);
      ids.push((await res.json()).id);
    }
    await allGraded(ids, 200_000);
    const perWorker = workers
      .slice(0, 2)
      .map((w, i) => ids.filter((id) => w.output().slice(before[i]).includes(`grading ${id} `)));
    console.log(`two workers split 20 jobs: ${perWorker.map((p) => p.length).join(" + ")}`);
    expect(perWorker[0].length + perWorker[1].length).toBe(20);
    expect(perWorker[0].filter((id) => perWorker[1].includes(id))).toEqual([]);
    expect(Math.min(perWorker[0].length, perWorker[1].length)).toBeGreaterThanOrEqual(4);
    expect(ids.filter((id) => gradings(id) !== 1)).toEqual([]);
    const results = await db().gradingResult.groupBy({
      by: ["submissionId"],
      where: { submissionId: { in: ids } },
      _count: true,
    });
    expect(results.map((r) => r._count)).toEqual(Array(20).fill(1));
  });
});
