import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createUser, signIn } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import {
  readEventStream,
  referenceSolution,
  SLUG,
  startWorker,
  uniqueQueue,
  useOwnDatabase,
  type WorkerProcess,
} from "./fixture";

/** The whole path: POST → PostgreSQL → BullMQ on Redis → worker → sandbox → result → SSE. */
describe("submission flow", () => {
  const queue = uniqueQueue("flow");
  let web: WebServer;
  let worker: WorkerProcess;
  let cookie: string;

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("flow");
    const env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queue };
    [web, worker] = await Promise.all([startWeb({ env }), startWorker({ ...env, GRADER_CONCURRENCY: "2" })]);
    const student = await createUser({ role: "STUDENT" });
    cookie = await signIn(web.url, student.email, student.password);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([web?.stop(), worker?.stop()]);
  });

  it("goes from POST to a graded result visible over SSE", { timeout: 60_000 }, async () => {
    const posted = Date.now();
    const res = await fetch(`${web.url}/api/submissions`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ exercise: SLUG, code: referenceSolution() }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; status: string };
    expect(created.status).toBe("QUEUED");

    const stream = await readEventStream(`${web.url}/api/submissions/${created.id}/events`, cookie, 45_000);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const states = stream.events.filter((e) => e.event === "status").map((e) => JSON.parse(e.data));
    const final = states.at(-1);
    expect(final.status).toBe("GRADED");
    expect(final.verdict).toBe("PASSED");
    expect(final.score).toBe(10);
    expect(final.result.verdict).toBe("passed");
    expect(final.result.checks.length).toBeGreaterThan(1);
    expect(final.code).toBeUndefined();
    expect(final.queueMs).toBeGreaterThanOrEqual(0);
    expect(final.runMs).toBeGreaterThan(500);
    // Each state is sent once, in order, and the stream closes itself after the final one.
    const order = ["QUEUED", "RUNNING", "GRADED"];
    const seen = states.map((s) => s.status);
    expect(seen).toEqual(order.slice(order.indexOf(seen[0])));
    console.log(
      `POST → GRADED over SSE in ${Date.now() - posted} ms; states ${seen.join(" → ")}; queueMs ` +
        `${final.queueMs}, runMs ${final.runMs}`,
    );

    // The stored row and result agree with what was streamed; exactly one result.
    const results = await db().gradingResult.findMany({ where: { submissionId: created.id } });
    expect(results).toHaveLength(1);
    expect(results[0].verdict).toBe("PASSED");

    // GET /:id has the code and the same result; a reconnect gets the final state at once and closes.
    const detail = await (await fetch(`${web.url}/api/submissions/${created.id}`, { headers: { cookie } })).json();
    expect(detail.code).toBe(referenceSolution());
    expect(detail.result).toEqual(final.result);
    const again = await readEventStream(`${web.url}/api/submissions/${created.id}/events`, cookie, 5_000);
    expect(again.events.filter((e) => e.event === "status").map((e) => JSON.parse(e.data).status)).toEqual(["GRADED"]);

    const list = await (await fetch(`${web.url}/api/submissions?exercise=${SLUG}`, { headers: { cookie } })).json();
    expect(list.submissions.map((s: { id: string }) => s.id)).toContain(created.id);
    expect(list.submissions[0].code).toBeUndefined();
  });

  it("reports a failing solution as a FAILED verdict, not an error or a retry", { timeout: 60_000 }, async () => {
    const wrong =
      'import time\n\nasync def greet(name, delay=1.0):\n    print(f"Hello, {name}")\n    ' +
      'time.sleep(delay)\n    print(f"Goodbye, {name}")\n';
    const res = await fetch(`${web.url}/api/submissions`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ exercise: SLUG, code: wrong }),
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const stream = await readEventStream(`${web.url}/api/submissions/${id}/events`, cookie, 45_000);
    const final = JSON.parse(stream.events.filter((e) => e.event === "status").at(-1)!.data);
    expect(final.status).toBe("GRADED");
    expect(final.verdict).toBe("FAILED");
    expect(final.result.checks.find((c: { id: string }) => c.id === "loop.not-blocked").passed).toBe(false);
    expect(worker.output().match(new RegExp(`grading ${id}`, "g"))).toHaveLength(1);
  });
});
