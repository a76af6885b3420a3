import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { gradingQueue } from "../../lib/queue/grading-queue";
import { REPORTS_PER_HOUR } from "../../lib/reports/student";
import { parseCsv } from "../instructor/csv";
import { seedStory, submission, type Story } from "../instructor/fixture";
import { createUser, routeCaller, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { startWorker, uniqueQueue, useOwnDatabase, waitFor, type WorkerProcess } from "../submissions/fixture";

/**
 * Reports of a grading problem over HTTP against `next start`, the real PostgreSQL and Redis, and a
 * real worker for the regrade: a student reports their own graded attempt, the cohort's instructor
 * lists and answers it; every new route refused to the wrong user with nothing written; bad input
 * refused with a message; an override credited in the CSV beside the grader's score.
 */
describe("reports of a grading problem over HTTP", () => {
  const queue = uniqueQueue("reports");
  let env: Record<string, string>;
  let web: WebServer;
  let worker: WorkerProcess | undefined;
  let story: Story;
  let outsider: TestUser, loner: TestUser, otherCohortId: string;
  const cookies: Record<string, string> = {};
  /** Ann's create-tasks attempts (#1 failed 5/10, #2 passed 10/10) and Bob's four (#4 is 7.5/10). */
  const attempts: Record<string, string[]> = {};

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("reports_api", { QUEUE_NAME: queue });
    env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queue };
    story = await seedStory();
    [outsider, loner] = await Promise.all([
      createUser({ role: "INSTRUCTOR", name: "Otto Outsider" }),
      createUser({ name: "Lou Loner" }),
    ]);
    // The outsider teaches Eve in a cohort of their own.
    otherCohortId = (
      await db().cohort.create({
        data: {
          name: "Other cohort",
          joinCode: `OTHER-${outsider.id.slice(-6).toUpperCase()}`,
          instructors: { create: { userId: outsider.id } },
          enrollments: { create: { userId: story.eve.id } },
        },
      })
    ).id;
    for (const [name, u] of Object.entries({ ann: story.ann, bob: story.bob, cyd: story.cyd }))
      attempts[name] = (
        await db().submission.findMany({
          where: { userId: u.id, exerciseSlug: "create-tasks" },
          orderBy: { createdAt: "asc" },
          select: { id: true },
        })
      ).map((s) => s.id);
    web = await startWeb({ env });
    const users = { owner: story.instructor, outsider, ann: story.ann, bob: story.bob, eve: story.eve, loner };
    for (const [key, u] of Object.entries(users)) cookies[key] = await signIn(web.url, u.email, u.password);
  }, 400_000);

  afterAll(async () => {
    await Promise.all([web?.stop(), worker?.stop()]);
    await gradingQueue().close();
  });

  const call = routeCaller(() => web.url, cookies);
  const mine = (submissionId: string) => `/api/submissions/${submissionId}/reports`;
  const cohort = (id = story.cohortId) => `/api/instructor/cohorts/${id}/reports`;
  const snapshot = async () => ({
    reports: await db().verdictReport.findMany({ orderBy: { id: "asc" } }),
    gradings: await db().gradingResult.count(),
    submissions: await db().submission.findMany({ select: { id: true, score: true }, orderBy: { id: "asc" } }),
    jobs: await gradingQueue().getJobCounts(),
  });
  const gradesCsv = async () => {
    const res = await call("owner", "GET", `/api/instructor/cohorts/${story.cohortId}/grades`);
    expect(res.status).toBe(200);
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
    const column = (name: string) => rows[0].findIndex((h) => h.startsWith(name));
    return {
      header: rows[0],
      of: (email: string, name: string) => rows.find((r) => r[1] === email)?.[column(name)],
    };
  };

  it("a student reports their own graded attempt; the cohort's instructor sees it; one open per attempt", async () => {
    const sent = await call("ann", "POST", mine(attempts.ann[0]), { note: "  My tasks do start together.  " });
    expect(sent.status).toBe(201);
    const { report } = (await sent.json()) as { report: { id: string; status: string; note: string } };
    expect(report).toMatchObject({ status: "OPEN", note: "My tasks do start together.", answer: null });

    const again = await call("ann", "POST", mine(attempts.ann[0]), { note: "Please look" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(/already has a report/);
    expect(await db().verdictReport.count({ where: { submissionId: attempts.ann[0] } })).toBe(1);

    const own = (await (await call("ann", "GET", mine(attempts.ann[0]))).json()) as { reports: { id: string }[] };
    expect(own.reports.map((r) => r.id)).toEqual([report.id]);
    expect(await (await call("ann", "GET", mine(attempts.ann[1]))).json()).toEqual({ reports: [] });

    const listed = await call("owner", "GET", cohort());
    expect(listed.status).toBe(200);
    const list = (await listed.json()) as { open: number; reports: Record<string, unknown>[] };
    expect(list.open).toBe(1);
    expect(list.reports).toHaveLength(1);
    expect(list.reports[0]).toMatchObject({
      id: report.id,
      status: "OPEN",
      student: { id: story.ann.id, email: story.ann.email },
      exerciseSlug: "create-tasks",
      attemptNumber: 1,
      graderScore: 5,
      maxScore: 10,
    });
    // The dashboard shows it with the count of open ones.
    const html = await (await call("owner", "GET", `/instructor/cohorts/${story.cohortId}`)).text();
    expect(html).toMatch(/data-testid="reports-open"[^>]*>1<!-- --> open/);
    expect(html).toContain("My tasks do start together.");
  });

  it("refuses every new route to the wrong user (another student or cohort, signed out), writing nothing", async () => {
    const report = await db().verdictReport.findFirstOrThrow({ where: { submissionId: attempts.ann[0] } });
    const answer = { action: "override", score: 9, answer: "fine" };
    const cases: [string | null, string, string, unknown, number][] = [
      // The student's routes: only the attempt's owner, whoever else asks.
      ["bob", "GET", mine(attempts.ann[0]), undefined, 404],
      ["bob", "POST", mine(attempts.ann[0]), { note: "not mine" }, 404],
      ["eve", "POST", mine(attempts.ann[0]), { note: "not mine" }, 404],
      ["outsider", "GET", mine(attempts.ann[0]), undefined, 404],
      ["outsider", "POST", mine(attempts.ann[0]), { note: "not mine" }, 404],
      ["owner", "POST", mine(attempts.ann[1]), { note: "the instructor is not the student" }, 404],
      [null, "GET", mine(attempts.ann[0]), undefined, 401],
      [null, "POST", mine(attempts.ann[0]), { note: "x" }, 401],
      // The instructors' routes: only the cohort's instructors.
      ["ann", "GET", cohort(), undefined, 403],
      ["ann", "PUT", `${cohort()}/${report.id}`, answer, 403],
      ["outsider", "GET", cohort(), undefined, 404],
      ["outsider", "PUT", `${cohort()}/${report.id}`, answer, 404],
      // Through the outsider's own cohort: Ann is not their student.
      ["outsider", "PUT", `${cohort(otherCohortId)}/${report.id}`, answer, 404],
      [null, "GET", cohort(), undefined, 401],
      [null, "PUT", `${cohort()}/${report.id}`, answer, 401],
    ];
    const before = await snapshot();
    for (const [who, method, path, body, status] of cases) {
      const res = await call(who, method, path, body);
      expect([who, method, path, res.status]).toEqual([who, method, path, status]);
      expect(((await res.json()) as { error: string }).error).toMatch(/\w{3}/);
    }
    const theirs = (await (await call("outsider", "GET", cohort(otherCohortId))).json()) as { open: number };
    expect(theirs).toEqual({ open: 0, reports: [] });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses bad input with a 400 (or 409 for an attempt that cannot be reported) and writes nothing", async () => {
    const report = await db().verdictReport.findFirstOrThrow({ where: { submissionId: attempts.ann[0] } });
    const queued = await db().submission.create({
      data: { userId: story.ann.id, exerciseSlug: "first-coroutine", code: "import asyncio\n" },
    });
    const lonely = await submission(loner.id, "first-coroutine", 3600_000, []);
    const before = await snapshot();
    const bad: [string, string, string, unknown, number, RegExp][] = [
      ["ann", "POST", mine(attempts.ann[1]), { note: "   " }, 400, /what you think is wrong/],
      ["ann", "POST", mine(attempts.ann[1]), { note: "x".repeat(2001) }, 400, /under 2000/],
      ["ann", "POST", mine(attempts.ann[1]), { note: "ok", status: "OVERRIDDEN" }, 400, /\w/],
      ["ann", "POST", mine(attempts.ann[1]), { note: 42 }, 400, /\w/],
      ["ann", "POST", mine(attempts.ann[1]), "{not json", 400, /JSON/],
      ["ann", "POST", mine(queued.id), { note: "not graded yet" }, 409, /Only a graded attempt/],
      ["loner", "POST", mine(lonely.id), { note: "nobody to read it" }, 409, /Join a cohort/],
      ["owner", "PUT", `${cohort()}/${report.id}`, { action: "delete" }, 400, /regrade.*override.*decline/],
      ["owner", "PUT", `${cohort()}/${report.id}`, { action: "override", score: 9 }, 400, /\w/],
      ["owner", "PUT", `${cohort()}/${report.id}`, { action: "override", score: 9, answer: " " }, 400, /reason/],
      ["owner", "PUT", `${cohort()}/${report.id}`, { action: "override", score: -1, answer: "x" }, 400, /negative/],
      ["owner", "PUT", `${cohort()}/${report.id}`, { action: "override", score: 11, answer: "x" }, 400, /0 and 10/],
      ["owner", "PUT", `${cohort()}/${report.id}`, { action: "override", score: "9", answer: "x" }, 400, /number/],
      ["owner", "PUT", `${cohort()}/${report.id}`, { action: "decline" }, 400, /\w/],
      ["owner", "PUT", `${cohort()}/${report.id}`, { action: "decline", answer: "" }, 400, /reason/],
      ["owner", "PUT", `${cohort()}/${attempts.ann[0]}`, { action: "decline", answer: "no" }, 404, /No such report/],
    ];
    for (const [who, method, path, body, status, message] of bad) {
      const res = await call(who, method, path, body);
      const text = await res.text();
      expect([path, JSON.stringify(body), res.status]).toEqual([path, JSON.stringify(body), status]);
      expect(JSON.parse(text).error).toMatch(message);
    }
    expect(await snapshot()).toEqual(before);
    await db().submission.deleteMany({ where: { id: { in: [queued.id, lonely.id] } } });
  });

  it("an override counts in the grades CSV beside the grader's score, which stays as it was", async () => {
    const before = await gradesCsv();
    expect(before.header).not.toContain("Score overrides");
    expect(before.of(story.bob.email, "Two tasks at once")).toBe("7.5");
    expect(before.of(story.cyd.email, "Two tasks at once")).toBe("10");

    const report = async (who: string, submissionId: string, note: string) => {
      const res = await call(who, "POST", mine(submissionId), { note });
      expect(res.status).toBe(201);
      return ((await res.json()) as { report: { id: string } }).report.id;
    };
    const bobs = await report("bob", attempts.bob[3], "The timing check failed but my run took 0.9 s.");
    const answered = await call("owner", "PUT", `${cohort()}/${bobs}`, {
      action: "override",
      score: 9,
      answer: "The machine was busy: your tasks are concurrent.",
    });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { report: unknown }).report).toMatchObject({
      status: "OVERRIDDEN",
      overrideScore: 9,
      graderScore: 7.5,
      attemptNumber: 4,
      answeredBy: story.instructor.name,
    });
    // An override can lower a score too: Cyd's best (10, attempt #2) now counts as 8, above her #1's 7.5.
    // Bob may report another of his attempts at the same time (declined below).
    const bobsThird = await report("bob", attempts.bob[2], "Attempt #3 started both tasks too.");
    const cydReport = await db().verdictReport.create({
      data: { submissionId: attempts.cyd[1], userId: story.cyd.id, note: "check my output" },
    });
    expect(
      (
        await call("owner", "PUT", `${cohort()}/${cydReport.id}`, {
          action: "override",
          score: 8,
          answer: "Your output printed a line twice.",
        })
      ).status,
    ).toBe(200);

    const after = await gradesCsv();
    expect(after.of(story.bob.email, "Two tasks at once")).toBe("9");
    expect(after.of(story.bob.email, "Score overrides")).toBe("create-tasks #4: 9/10 (grader 7.5/10)");
    expect(after.of(story.cyd.email, "Two tasks at once")).toBe("8");
    expect(after.of(story.cyd.email, "Score overrides")).toBe("create-tasks #2: 8/10 (grader 10/10)");
    expect(after.of(story.ann.email, "Score overrides")).toBe("");
    expect(after.of(story.ann.email, "Two tasks at once")).toBe(before.of(story.ann.email, "Two tasks at once"));

    // Beside, never instead: the grader's result and the submission's copy are untouched.
    const latest = await db().gradingResult.findMany({ where: { submissionId: attempts.bob[3] } });
    expect(latest.map((g) => g.score)).toEqual([7.5]);
    expect((await db().submission.findUniqueOrThrow({ where: { id: attempts.bob[3] } })).score).toBe(7.5);

    // Bob sees the answer on his attempt, and may report it again now that it is answered.
    const seen = (await (await call("bob", "GET", mine(attempts.bob[3]))).json()) as { reports: unknown[] };
    expect(seen.reports[0]).toMatchObject({
      status: "OVERRIDDEN",
      overrideScore: 9,
      answer: "The machine was busy: your tasks are concurrent.",
      answeredBy: story.instructor.name,
    });
    expect((await call("bob", "POST", mine(attempts.bob[3]), { note: "Thanks! One more thing" })).status).toBe(201);

    // A decline keeps the verdict and says why.
    const declined = await call("owner", "PUT", `${cohort()}/${bobsThird}`, {
      action: "decline",
      answer: "The check is right: task_two waits for task_one.",
    });
    expect(declined.status).toBe(200);
    const bobsOther = (await (await call("bob", "GET", mine(attempts.bob[2]))).json()) as { reports: unknown[] };
    expect(bobsOther.reports[0]).toMatchObject({ status: "DECLINED", overrideScore: null });
    expect((await gradesCsv()).of(story.bob.email, "Two tasks at once")).toBe("9");
  });

  it(
    "a regrade answer queues a grading of that attempt, which a worker carries out",
    { timeout: 240_000 },
    async () => {
      const report = await db().verdictReport.findFirstOrThrow({ where: { submissionId: attempts.ann[0] } });
      const res = await call("owner", "PUT", `${cohort()}/${report.id}`, { action: "regrade" });
      expect(res.status).toBe(200);
      const answered = ((await res.json()) as { report: { status: string; answeredAt: string; regradedAt: null } })
        .report;
      expect(answered).toMatchObject({ status: "REGRADED", answer: null, regradedAt: null });
      const job = await gradingQueue().getJob(`regrade-${new Date(answered.answeredAt).getTime()}-${attempts.ann[0]}`);
      expect(job?.name).toBe("regrade");
      expect(job?.data).toEqual({ submissionId: attempts.ann[0], since: answered.answeredAt });
      expect(await (await call("ann", "GET", mine(attempts.ann[0]))).json()).toMatchObject({
        reports: [{ status: "REGRADED", regradedAt: null }],
      });

      worker = await startWorker(env);
      const regrade = await waitFor(
        "the reported attempt's regrade",
        () => db().gradingResult.findFirst({ where: { submissionId: attempts.ann[0], regrade: true } }),
        (g) => g !== null,
        200_000,
      );
      const seen = (await (await call("ann", "GET", mine(attempts.ann[0]))).json()) as {
        reports: { regradedAt: string }[];
      };
      expect(seen.reports[0].regradedAt).toBe(regrade!.createdAt.toISOString());
      expect(await db().gradingResult.count({ where: { submissionId: attempts.ann[0] } })).toBe(2);
    },
  );

  it(`limits a student to ${REPORTS_PER_HOUR} reports an hour (429 with the wait, nothing stored)`, async () => {
    const many = await createUser({ name: "Max Many" });
    await db().enrollment.create({ data: { cohortId: story.cohortId, userId: many.id } });
    cookies.many = await signIn(web.url, many.email, many.password);
    const subs = [];
    for (let i = 0; i <= REPORTS_PER_HOUR; i++) subs.push(await submission(many.id, "first-coroutine", 1000 * i, []));
    for (const s of subs.slice(0, REPORTS_PER_HOUR))
      expect((await call("many", "POST", mine(s.id), { note: "again" })).status).toBe(201);
    const refused = await call("many", "POST", mine(subs[REPORTS_PER_HOUR].id), { note: "one too many" });
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: string; retryAfterSeconds: number };
    expect(body.retryAfterSeconds).toBeGreaterThan(3000);
    expect(refused.headers.get("retry-after")).toBe(String(body.retryAfterSeconds));
    expect(body.error).toMatch(/in the last hour/);
    expect(await db().verdictReport.count({ where: { userId: many.id } })).toBe(REPORTS_PER_HOUR);
  });
});
