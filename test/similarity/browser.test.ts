import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { DEADLINE_CHECK_JOB, similarityQueue } from "../../lib/queue/similarity-queue";
import { launch, screenshot, type Browser } from "../browser/chromium";
import { startWeb, type WebServer } from "../helpers/web";
import { startWorker, uniqueQueue, useOwnDatabase, type WorkerProcess } from "../submissions/fixture";
import { seedSimilarityStory, SLUG, type SimilarityStory } from "./fixture";

/**
 * An instructor in real Chromium compares a cohort's submissions (a real worker process runs the
 * job), opens the one similar pair side by side and follows the link to one of the two attempts.
 */
describe("similarity in the browser", () => {
  let web: WebServer;
  let worker: WorkerProcess | undefined;
  let browser: Browser | undefined;
  let story: SimilarityStory;

  beforeAll(async () => {
    const queue = uniqueQueue("similarity-browser");
    const databaseUrl = await useOwnDatabase("similarity_browser", { QUEUE_NAME: queue });
    story = await seedSimilarityStory();
    const env = { DATABASE_URL: databaseUrl, QUEUE_NAME: queue };
    [web, worker] = await Promise.all([startWeb({ env }), startWorker(env)]);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([web?.stop(), worker?.stop()]);
    // The worker's repeated deadline check would outlive the test in the shared Redis.
    await similarityQueue().obliterate({ force: true });
    await similarityQueue().close();
  });

  it("has the worker schedule the deadline check on the similarity queue", async () => {
    const schedulers = await similarityQueue().getJobSchedulers();
    expect(schedulers.map((s) => [s.key, Number(s.every)])).toEqual([[DEADLINE_CHECK_JOB, 60_000]]);
  });

  it(
    "compares now, lists the pair, shows it side by side and links to both attempts",
    { timeout: 180_000 },
    async () => {
      browser = await launch();
      const { page } = browser;
      onTestFailed(async () => {
        await screenshot(page, "similarity-failure");
        console.log(worker?.output().slice(-3000));
      });

      await page.goto(`${web.url}/signin`);
      await page.getByLabel("Email").fill(story.instructor.email);
      await page.getByLabel("Password").fill(story.instructor.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByTestId("signed-in-as").waitFor();
      await page.goto(`${web.url}/instructor/cohorts/${story.cohortId}`);
      await page.getByRole("link", { name: "Similarity", exact: true }).click();
      await page.waitForURL(/\/similarity$/);
      expect(await page.getByTestId("similarity-note").textContent()).toContain("never a verdict");

      const row = page.locator(`[data-testid="similarity-row"][data-exercise="${SLUG}"]`);
      expect(await row.locator("td").first().textContent()).toBe("7");
      await row.getByRole("button", { name: "Compare now" }).click();
      await page.locator(`[data-testid="similarity-row"][data-exercise="${SLUG}"][data-status="DONE"]`).waitFor({
        timeout: 60_000,
      });
      expect(await row.getByTestId("run-summary").textContent()).toMatch(/7 compared in .* 1 similar pair$/);

      const pairs = page.getByTestId("similarity-pair");
      await pairs.first().waitFor();
      expect(await pairs.count()).toBe(1);
      const label = await pairs.first().textContent();
      expect(label).toContain(story.students.ann.name);
      expect(label).toContain(story.students.bob.name);
      expect(Number(await pairs.first().getAttribute("data-similarity"))).toBeGreaterThan(0.9);
      await pairs.first().getByRole("button").click();

      const view = page.getByTestId("pair-view");
      await view.waitFor();
      for (const side of ["left", "right"]) {
        const code = page.getByTestId(`pair-${side}`);
        const shared = await code.locator("[data-shared]").count();
        const all = await code.locator("pre > div").count();
        // Most of the copy is shared; not every line (blank lines and the import are no fragment).
        expect([side, shared > all / 2, shared <= all]).toEqual([side, true, true]);
      }
      // Ann's code on one side, Bob's renamed copy on the other (either order).
      const leftName = await page.getByTestId("pair-left").locator("h3").textContent();
      const owner = leftName?.includes(story.students.ann.name) ? "ann" : "bob";
      const mark = { ann: "STOP = object()", bob: "SENTINEL = object()" };
      const other = owner === "ann" ? "bob" : "ann";
      expect(await page.getByTestId("pair-left").textContent()).toContain(mark[owner]);
      expect(await page.getByTestId("pair-right").textContent()).toContain(mark[other]);
      expect(await page.getByTestId("pair-right").locator("h3").textContent()).toContain(story.students[other].name);

      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByTestId("attempt-link-left").click();
      await page.waitForURL(/\/students\//);
      const attempt = page.locator(`#attempt-${story.latest[owner]}`);
      await attempt.waitFor();
      expect(await attempt.locator(":scope > details").getAttribute("open")).not.toBeNull();
      expect(await attempt.getByTestId("attempt-source").isVisible()).toBe(true);
      expect(await attempt.getByTestId("attempt-source").textContent()).toContain(mark[owner]);
    },
  );
});

/** As every page is held to (test/browser/a11y.test.ts): no serious or critical axe finding, light or dark. */
async function seriousAxeViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.passes.length).toBeGreaterThan(10);
    for (const v of results.violations)
      if (v.impact === "serious" || v.impact === "critical")
        found.push(`[${scheme}] ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}
