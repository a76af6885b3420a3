import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { exerciseTestSchema } from "../../lib/contracts/exercise-tests";
import { readDescription, readTest } from "../../lib/exercise-tests/store";
import { launch, screenshot, type Browser } from "../browser/chromium";
import { createUser, routeCaller, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { startWorker, uniqueQueue, useOwnDatabase, waitFor, type WorkerProcess } from "../submissions/fixture";

/**
 * Issue 17's exercise test, against `next start`, a real worker and the sandbox: the admin pages
 * show what the grader checks and draws; only an admin may press Test, which grades every shipped
 * solution of first-coroutine in the worker and streams each row live until all are green. Every
 * new route is tried as the wrong user, with nothing written.
 */
const SLUG = "first-coroutine";
const API = `/api/admin/exercises/${SLUG}/tests`;

describe("testing an exercise through the real grader", () => {
  const queue = uniqueQueue("exercise-tests");
  let web: WebServer;
  let worker: WorkerProcess;
  let browser: Browser | undefined;
  let admin: TestUser, instructor: TestUser, student: TestUser;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("exercise_tests", { QUEUE_NAME: queue });
    const env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queue };
    [web, worker] = await Promise.all([startWeb({ env }), startWorker(env)]);
    [admin, instructor, student] = await Promise.all([
      createUser({ role: "ADMIN", name: "Ada Admin" }),
      createUser({ role: "INSTRUCTOR", name: "Ivo Instructor" }),
      createUser({ name: "Sam Student" }),
    ]);
    for (const [key, u] of Object.entries({ admin, instructor, student }))
      cookies[key] = await signIn(web.url, u.email, u.password);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([web?.stop(), worker?.stop()]);
  });

  const call = routeCaller(() => web.url, cookies);

  it("refuses every new route to the wrong user, and nothing is queued", async () => {
    // The worker describes every exercise at start (in the background): the pages read it.
    await waitFor(
      "the worker's description",
      () => readDescription(SLUG),
      (d) => d !== null,
      60_000,
    );

    // Test: admins only. An instructor and a student get a 403, a visitor a 401; nothing is stored.
    for (const [who, status] of [
      ["instructor", 403],
      ["student", 403],
      [null, 401],
    ] as const)
      expect((await call(who, "POST", API, { repeat: 1 })).status, String(who)).toBe(status);
    // A cross-site POST is refused before any handler, even with an admin's cookie.
    expect((await call("admin", "POST", API, { repeat: 1 }, { origin: "https://evil.example" })).status).toBe(403);
    // Bad input from an admin: a clear 400 / 404, nothing queued.
    const bad = await call("admin", "POST", API, { repeat: 3 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('"repeat" must be 1 or 5.');
    expect((await call("admin", "POST", "/api/admin/exercises/no-such-exercise/tests", { repeat: 1 })).status).toBe(
      404,
    );
    expect((await call("admin", "POST", "/api/admin/exercises/Not_A_Slug/tests", { repeat: 1 })).status).toBe(400);
    expect(await readTest(SLUG)).toBeNull();

    // Reading: instructors and admins; a student gets a 403, a visitor a 401, on the API and its stream.
    for (const path of [API, `${API}/events`]) {
      expect((await call("student", "GET", path)).status, path).toBe(403);
      expect((await call(null, "GET", path)).status, path).toBe(401);
    }
    const read = await call("instructor", "GET", API);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ test: null });

    // The pages: a student gets the 404 of a page that does not exist; an instructor reads, without Test.
    for (const path of ["/admin/exercises", `/admin/exercises/${SLUG}`]) {
      expect((await call("student", "GET", path)).status, path).toBe(404);
      const signedOut = await call(null, "GET", path);
      expect(signedOut.headers.get("location") ?? "", path).toMatch(/\/signin\?callbackUrl=/);
    }
    const page = await call("instructor", "GET", `/admin/exercises/${SLUG}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("loop.not-blocked");
    expect(html).toContain("wrong/time-sleep.py");
    expect(html).not.toContain('data-testid="test-button"');
    expect(html).toContain("Only admins can run a test");
    expect(await readTest(SLUG)).toBeNull();
  });

  it(
    "an admin tests first-coroutine once: every solution's row turns green, live, with its time",
    { timeout: 300_000 },
    async () => {
      browser = await launch();
      const { page } = browser;
      onTestFailed(async () => {
        await screenshot(page, "exercise-test-failure");
        console.log(worker.output().slice(-4000));
      });
      await page.goto(`${web.url}/signin`);
      await page.getByLabel("Email").fill(admin.email);
      await page.getByLabel("Password").fill(admin.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByTestId("signed-in-as").waitFor();

      await page.goto(`${web.url}/admin/exercises`);
      await page.locator(`[data-exercise="${SLUG}"] a`).click();
      await page.waitForURL((url) => url.pathname === `/admin/exercises/${SLUG}`);
      // What the grader checks and draws, before any test.
      await page.locator('[data-testid="checks"] [data-check="timing.concurrent"]').waitFor();
      const delays = await page.locator('[data-scenario="single"] [data-parameter="args.args[]"]').allTextContents();
      expect(delays.join(" ")).toMatch(/0\.5\d* – 0\.\d+/);

      const rows = page.getByTestId("test-row");
      expect(await rows.count()).toBe(5);
      await page.getByLabel("1 time each").check();
      const seen = new Set<string>();
      // Rows change one by one (the page follows the worker over server-sent events), not all at once.
      await page.exposeFunction("__rowState", (state: string) => seen.add(state));
      await page.evaluate(() => {
        const table = document.querySelector('[data-testid="test-rows"]')!;
        new MutationObserver(() =>
          document
            .querySelectorAll('[data-testid="test-row"]')
            .forEach((r) =>
              (window as unknown as { __rowState: (s: string) => void }).__rowState(
                `${r.getAttribute("data-file")}:${r.getAttribute("data-status")}`,
              ),
            ),
        ).observe(table, { subtree: true, attributes: true, childList: true });
      });
      await page.getByTestId("test-button").click();
      await page.locator('[data-testid="exercise-test"][data-status="RUNNING"]').waitFor({ timeout: 60_000 });

      // A second press while it runs is refused, and the running test is kept.
      const again = await call("admin", "POST", API, { repeat: 5 });
      expect(again.status).toBe(409);

      await page.locator('[data-testid="exercise-test"][data-status="DONE"]').waitFor({ timeout: 240_000 });
      const states = await rows.evaluateAll((items) =>
        items.map((r) => ({
          file: r.getAttribute("data-file"),
          status: r.getAttribute("data-status"),
          ok: r.getAttribute("data-ok"),
          text: r.textContent ?? "",
        })),
      );
      expect(states.map((s) => s.file)).toEqual([
        "reference.py",
        "alternatives/future-timer.py",
        "wrong/time-sleep.py",
        "wrong/no-await.py",
        "wrong/hardcoded-name.py",
      ]);
      for (const s of states) {
        expect(s, s.file!).toMatchObject({ status: "done", ok: "true" });
        expect(s.text, s.file!).toMatch(/\d+\.\d s/);
        expect(s.text, s.file!).toContain("✓ as expected");
      }
      // A wrong solution's row names the check it failed, as expected.
      expect(states[2].text).toMatch(/failed on .*loop\.not-blocked/);
      expect(await page.getByTestId("test-summary").textContent()).toMatch(/^5 of 5 gradings as expected, in /);
      expect([...seen].some((s) => s.endsWith(":running"))).toBe(true);
      await screenshot(page, "exercise-test-01-green");

      // Kept in Redis: the API (and an instructor) read the finished test.
      const stored = exerciseTestSchema.parse((await (await call("instructor", "GET", API)).json()).test);
      expect(stored).toMatchObject({ status: "DONE", repeat: 1, requestedBy: "Ada Admin" });
      expect(stored.rows.every((r) => r.ok && r.elapsedMs! > 0)).toBe(true);
      expect(worker.output()).toMatch(/tested first-coroutine: 5\/5 as expected/);
    },
  );
});
