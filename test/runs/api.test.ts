import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runViewSchema, type RunView } from "../../lib/contracts/runs";
import { db } from "../../lib/db";
import { createUser, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { readEventStream, startWorker, uniqueQueue, useOwnDatabase, type WorkerProcess } from "../submissions/fixture";

/**
 * The runs API (issue 16) against `next start`, a real worker and the sandbox: a student's code
 * runs as a script, its output comes back with the supervisor's times, and nothing is graded.
 */
const EXERCISE = "create-tasks";
const TWO_LINES = `import asyncio


async def main():
    print("first line")
    await asyncio.sleep(0.6)
    print("second line")


if __name__ == "__main__":
    asyncio.run(main())
`;
const PAUSES = `import time

print("first line")
time.sleep(1.5)
print("second line")
`;
const RAISES = `def helper(x):
    return 1 / x


if __name__ == "__main__":
    print("before the error")
    helper(0)
`;
const ENDLESS = `print("looping", flush=True)
while True:
    pass
`;

describe("runs API", () => {
  let web: WebServer;
  let worker: WorkerProcess;
  const users: Record<string, TestUser> = {};
  const cookies: Record<string, string> = {};

  const post = (body: unknown, cookie?: string) =>
    fetch(`${web.url}/api/runs`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  const latest = async (cookie: string, exercise = EXERCISE): Promise<RunView | null> => {
    const res = await fetch(`${web.url}/api/runs?exercise=${exercise}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { run: unknown };
    return body.run === null ? null : runViewSchema.parse(body.run);
  };
  async function runToEnd(cookie: string, code: string, timeoutMs = 90_000): Promise<RunView> {
    const res = await post({ exercise: EXERCISE, code }, cookie);
    expect(res.status, await res.clone().text()).toBe(202);
    const created = runViewSchema.parse(await res.json());
    expect(created.status).toBe("QUEUED");
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await latest(cookie);
      expect(view?.id).toBe(created.id);
      if (view && (view.status === "DONE" || view.status === "ERROR")) return view;
      if (Date.now() > deadline)
        throw new Error(`run ${created.id} did not finish: ${JSON.stringify(view)}\n${worker.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("runs");
    const env = { DATABASE_URL: databaseUrl, QUEUE_NAME: uniqueQueue("runs") };
    [web, worker] = await Promise.all([startWeb({ env }), startWorker(env)]);
    for (const name of ["student", "other", "eager"]) {
      users[name] = await createUser();
      cookies[name] = await signIn(web.url, users[name].email, users[name].password);
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.all([web?.stop(), worker?.stop()]);
  });

  it("needs a session for every runs route", async () => {
    expect((await post({ exercise: EXERCISE, code: "print(1)\n" })).status).toBe(401);
    for (const path of [`/api/runs?exercise=${EXERCISE}`, `/api/runs/events?exercise=${EXERCISE}`]) {
      const res = await fetch(`${web.url}${path}`);
      expect(res.status, path).toBe(401);
      expect((await res.json()).error).toMatch(/sign in/i);
    }
  });

  it("validates the body as a submission's: 400, 404 for an unknown exercise, 413 past 64 KiB", async () => {
    const cookie = cookies.other;
    expect((await post({ exercise: EXERCISE, code: "   " }, cookie)).status).toBe(400);
    expect((await post({ exercise: "../etc", code: "print(1)" }, cookie)).status).toBe(400);
    expect((await post({ exercise: "no-such-exercise", code: "print(1)" }, cookie)).status).toBe(404);
    expect((await post({ exercise: EXERCISE, code: "#".repeat(65 * 1024) }, cookie)).status).toBe(413);
    expect((await fetch(`${web.url}/api/runs?exercise=%00`, { headers: { cookie } })).status).toBe(400);
  });

  it(
    "runs the file as a script: each line with its time since the start, and the timeline",
    { timeout: 120_000 },
    async () => {
      const run = await runToEnd(cookies.student, TWO_LINES);
      expect(run.status).toBe("DONE");
      const result = run.result!;
      expect(result.outcome).toBe("finished");
      expect(result.message).toBeNull();
      expect(result.lines.map((l) => l.text)).toEqual(["first line", "second line"]);
      const [first, second] = result.lines.map((l) => l.t);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(0.5);
      expect(second - first).toBeGreaterThan(0.5);
      expect(second - first).toBeLessThan(2);
      expect(result.elapsed!).toBeGreaterThanOrEqual(second);
      expect(result.timeline).toHaveLength(1);
      expect(result.timeline[0]).toMatchObject({ task: "main", op: "sleep(0.6)" });
      expect(result.timeline[0].end - result.timeline[0].start).toBeGreaterThan(0.55);
      expect(run.startedAt).not.toBeNull();
      expect(run.finishedAt).not.toBeNull();
    },
  );

  it("keeps a run to its student: another student sees none, live or not", async () => {
    expect((await latest(cookies.student))?.status).toBe("DONE");
    expect(await latest(cookies.other)).toBeNull();
    const stream = await readEventStream(`${web.url}/api/runs/events?exercise=${EXERCISE}`, cookies.other, 10_000);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/text\/event-stream/);
    expect(stream.events.filter((e) => e.event === "run").map((e) => e.data)).toEqual(["null"]);
    // Their own stream replays their finished run and closes.
    const own = await readEventStream(`${web.url}/api/runs/events?exercise=${EXERCISE}`, cookies.student, 10_000);
    const [event] = own.events.filter((e) => e.event === "run");
    expect(runViewSchema.parse(JSON.parse(event.data)).result?.lines).toHaveLength(2);
  });

  it("streams a run live: queued, running, done", { timeout: 120_000 }, async () => {
    const res = await post({ exercise: EXERCISE, code: TWO_LINES }, cookies.student);
    expect(res.status).toBe(202);
    const stream = await readEventStream(`${web.url}/api/runs/events?exercise=${EXERCISE}`, cookies.student, 90_000);
    const statuses = stream.events
      .filter((e) => e.event === "run")
      .map((e) => runViewSchema.parse(JSON.parse(e.data)).status);
    expect(statuses.at(-1)).toBe("DONE");
    expect(statuses).toContain("RUNNING");
  });

  it("streams the printed lines while the run runs, before the next line exists", { timeout: 120_000 }, async () => {
    const res = await post({ exercise: EXERCISE, code: PAUSES }, cookies.student);
    expect(res.status).toBe(202);
    const { id } = runViewSchema.parse(await res.json());
    const stream = await readEventStream(`${web.url}/api/runs/events?exercise=${EXERCISE}`, cookies.student, 90_000);
    const views = stream.events
      .filter((e) => e.event === "run")
      .map((e) => ({ at: e.at, view: runViewSchema.parse(JSON.parse(e.data)) }));
    expect(views.every(({ view }) => view.id === id)).toBe(true);
    const texts = (view: RunView) => view.live?.lines.map((l) => l.text);
    // While RUNNING, an event carried the first line alone: the second had not been printed yet.
    const firstOnly = views.find(({ view }) => view.status === "RUNNING" && texts(view)?.join() === "first line");
    expect(firstOnly, JSON.stringify(views.map(({ view }) => [view.status, texts(view)]))).toBeDefined();
    const done = views.at(-1)!;
    expect(done.view.status).toBe("DONE");
    expect(done.at - firstOnly!.at).toBeGreaterThan(1000);
    // The result replaced the partial output, and agrees with it: same lines, same times.
    expect(done.view.live).toBeNull();
    const lines = done.view.result!.lines;
    expect(lines.map((l) => l.text)).toEqual(["first line", "second line"]);
    expect(firstOnly!.view.live!.lines[0]).toEqual(lines[0]);
    expect(lines[1].t - lines[0].t).toBeGreaterThan(1.4);
    // Events follow the run: no line disappears, and none comes after the result.
    const counts = views.map(({ view }) => view.result?.lines.length ?? view.live?.lines.length ?? 0);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  it("shows an exception with the student's own lines of the traceback", { timeout: 120_000 }, async () => {
    const { result } = await runToEnd(cookies.student, RAISES);
    expect(result!.outcome).toBe("exception");
    expect(result!.lines.map((l) => l.text)).toEqual(["before the error"]);
    expect(result!.exception).toMatchObject({ type: "ZeroDivisionError", message: "division by zero" });
    expect(result!.exception!.trace).toEqual([
      { line: 7, fn: "<module>", code: "helper(0)" },
      { line: 2, fn: "helper", code: "return 1 / x" },
    ]);
    expect(result!.message).toMatch(/raised ZeroDivisionError \(line 2, in `helper`\): division by zero/);
  });

  it("stops an endless loop at the time limit and says so in the student's terms", { timeout: 120_000 }, async () => {
    const { result } = await runToEnd(cookies.student, ENDLESS);
    expect(result!.outcome).toBe("limit");
    expect(result!.message).toMatch(/still running after 10 s, so it was stopped.*loop that never ends/);
    expect(result!.lines.map((l) => l.text)).toEqual(["looping"]);
  });

  it("allows 10 runs a minute, then answers 429 with the time to wait", { timeout: 60_000 }, async () => {
    for (let i = 0; i < 10; i++)
      expect((await post({ exercise: EXERCISE, code: `print(${i})\n` }, cookies.eager)).status, `run ${i + 1}`).toBe(
        202,
      );
    const refused = await post({ exercise: EXERCISE, code: "print('one more')\n" }, cookies.eager);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: string; retryAfterSeconds: number };
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refused.headers.get("retry-after")).toBe(String(body.retryAfterSeconds));
    expect(body.error).toMatch(/10 times in the last minute.*again in \d+ s/);
    // Another student is not held back by it.
    expect((await post({ exercise: EXERCISE, code: "print(1)\n" }, cookies.other)).status).toBe(202);
  });

  it("never writes a submission, a grade or an attempt", async () => {
    expect(await db().submission.count()).toBe(0);
    expect(await db().gradingResult.count()).toBe(0);
    expect(worker.output()).toMatch(/ran [\w-]+ \(create-tasks\) finished/);
  });
});
