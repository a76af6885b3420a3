import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { similarityQueue } from "../../lib/queue/similarity-queue";
import { overviewSchema, pairDetailSchema, runDetailSchema } from "../../lib/contracts/similarity";
import { createUser, routeCaller, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";
import { seedSimilarityStory, SLUG, type SimilarityStory } from "./fixture";

/**
 * The similarity routes over HTTP against `next start`: the cohort's instructor reads and requests
 * runs; another cohort's instructor (404), a student (403) and nobody signed in (401) get nothing,
 * and none of their requests writes a row.
 */
describe("similarity routes", () => {
  let web: WebServer;
  let story: SimilarityStory;
  let outsider: TestUser, student: TestUser;
  let otherCohortId: string;
  let runId: string, pairId: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    const queue = uniqueQueue("similarity-routes");
    const databaseUrl = await useOwnDatabase("similarity_routes", { QUEUE_NAME: queue });
    story = await seedSimilarityStory();
    [outsider, student] = await Promise.all([
      createUser({ role: "INSTRUCTOR", name: "Otto Outsider" }),
      createUser({ name: "Stu Student" }),
    ]);
    await db().enrollment.create({ data: { cohortId: story.cohortId, userId: student.id } });
    otherCohortId = (
      await db().cohort.create({
        data: { name: "Otto's", joinCode: `OTTO-${Date.now()}`, instructors: { create: { userId: outsider.id } } },
      })
    ).id;
    // A finished run with one pair, as a worker would have stored it.
    const run = await db().similarityScan.create({
      data: {
        cohortId: story.cohortId,
        exerciseSlug: SLUG,
        status: "DONE",
        requestedById: story.instructor.id,
        compared: 7,
        durationMs: 120,
        finishedAt: new Date(),
        pairs: {
          create: {
            leftSubmissionId: story.latest.ann,
            rightSubmissionId: story.latest.bob,
            similarity: 0.97,
            fragments: [
              {
                left: { start: { line: 1, column: 0 }, end: { line: 3, column: 5 } },
                right: { start: { line: 1, column: 0 }, end: { line: 3, column: 5 } },
              },
            ],
          },
        },
      },
      include: { pairs: true },
    });
    runId = run.id;
    pairId = run.pairs[0].id;
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: queue } });
    for (const [key, u] of Object.entries({ owner: story.instructor, outsider, student }))
      cookies[key] = await signIn(web.url, u.email, u.password);
  }, 400_000);

  afterAll(async () => {
    await web?.stop();
    // No worker consumes this test's queue: the run it queued goes with it.
    await similarityQueue().obliterate({ force: true });
    await similarityQueue().close();
  });

  const call = routeCaller(() => web.url, cookies);
  const base = () => `/api/instructor/cohorts/${story.cohortId}/similarity`;
  const routes = (): [string, string, unknown?][] => [
    ["GET", base()],
    ["POST", base(), { exerciseSlug: SLUG }],
    ["GET", `${base()}/runs/${runId}`],
    ["GET", `${base()}/pairs/${pairId}`],
  ];
  const rows = () => Promise.all([db().similarityScan.count(), db().similarityPair.count()]);

  it("serves the cohort's instructor: the overview, a run's pairs, a pair with both codes", async () => {
    const overview = overviewSchema.parse(await (await call("owner", "GET", base())).json());
    const row = overview.exercises.find((e) => e.slug === SLUG)!;
    expect([row.submitters, row.latest?.id, row.latest?.pairCount]).toEqual([7, runId, 1]);
    const detail = runDetailSchema.parse(await (await call("owner", "GET", `${base()}/runs/${runId}`)).json());
    expect(detail.pairs.map((p) => [p.left.submissionId, p.right.submissionId])).toEqual([
      [story.latest.ann, story.latest.bob],
    ]);
    const pair = pairDetailSchema.parse(await (await call("owner", "GET", `${base()}/pairs/${pairId}`)).json());
    expect(pair.leftCode).toContain("STOP = object()");
    expect(pair.rightCode).toContain("SENTINEL = object()");
  });

  it("refuses a student (403), the signed out (401), another cohort's instructor (404): nothing written", async () => {
    const before = await rows();
    for (const [method, path, body] of routes()) {
      expect([method, path, (await call("student", method, path, body)).status]).toEqual([method, path, 403]);
      expect([method, path, (await call(null, method, path, body)).status]).toEqual([method, path, 401]);
      expect([method, path, (await call("outsider", method, path, body)).status]).toEqual([method, path, 404]);
    }
    // The outsider's own cohort id does not open this cohort's runs or pairs either.
    const theirs = `/api/instructor/cohorts/${otherCohortId}/similarity`;
    expect((await call("outsider", "GET", `${theirs}/runs/${runId}`)).status).toBe(404);
    expect((await call("outsider", "GET", `${theirs}/pairs/${pairId}`)).status).toBe(404);
    expect(await rows()).toEqual(before);
  });

  it("serves the similarity page only to the cohort's instructor", async () => {
    const page = `/instructor/cohorts/${story.cohortId}/similarity`;
    expect((await call("owner", "GET", page)).status).toBe(200);
    expect((await call("student", "GET", page)).status).toBe(404);
    expect((await call("outsider", "GET", page)).status).toBe(404);
  });

  it("answers bad input clearly and queues a real request once", async () => {
    const before = await rows();
    expect((await call("owner", "POST", base(), { exerciseSlug: "../etc" })).status).toBe(400);
    expect((await call("owner", "POST", base(), { exerciseSlug: "no-such-exercise" })).status).toBe(404);
    expect((await call("owner", "GET", `${base()}/runs/nope`)).status).toBe(404);
    expect((await call("owner", "GET", `${base()}/pairs/bad%20id`)).status).toBe(400);
    expect(await rows()).toEqual(before);
    const first = await call("owner", "POST", base(), { exerciseSlug: SLUG });
    expect(first.status).toBe(202);
    const second = await call("owner", "POST", base(), { exerciseSlug: SLUG });
    const [a, b] = (await Promise.all([first.json(), second.json()])) as { run: { id: string } }[];
    expect(b).toMatchObject({ run: { id: a.run.id }, alreadyQueued: true });
    expect(await db().similarityScan.count({ where: { status: "QUEUED" } })).toBe(1);
  });
});
