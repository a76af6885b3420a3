import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { db } from "../../lib/db";
import { DEMO } from "../../prisma/demo";
import { seedDemo } from "../../prisma/seed";
import { launch, screenshot, type Browser } from "../browser/chromium";
import { startWeb, type WebServer } from "../helpers/web";
import { useOwnDatabase } from "../submissions/fixture";
import { parseCsv } from "./csv";
import { MESSAGES, seedStory, type Story } from "./fixture";

/**
 * The instructor's morning in real Chromium: the demo instructor signs in, opens the demo cohort's
 * dashboard after a few seeded submissions, reads the matrix and the most-failed checks, opens a
 * student's attempts in place, and downloads the gradebook CSV.
 */
describe("instructor in the browser", () => {
  let web: WebServer;
  let browser: Browser | undefined;
  let story: Story;

  beforeAll(async () => {
    const databaseUrl = await useOwnDatabase("instructor_browser");
    const { cohort } = await seedDemo(db());
    story = await seedStory(cohort.id);
    web = await startWeb({ env: { DATABASE_URL: databaseUrl } });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it("shows the dashboard, opens a student's attempts, and exports grades", { timeout: 180_000 }, async () => {
    browser = await launch();
    const { page } = browser;
    onTestFailed(async () => void (await screenshot(page, "instructor-failure")));

    await page.goto(`${web.url}/signin`);
    await page.getByLabel("Email").fill(DEMO.instructor.email);
    await page.getByLabel("Password").fill(DEMO.instructor.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("signed-in-as").waitFor();
    await page.getByRole("link", { name: "Instructor", exact: true }).click();
    await page.waitForURL(/\/instructor$/);
    await page.getByRole("link", { name: new RegExp(DEMO.cohort.name) }).click();
    await page.waitForURL(/\/instructor\/cohorts\/[^/]+$/);

    // The matrix: five students (the demo student too), stuck Bob first by default.
    const rows = page.getByTestId("matrix-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(5);
    expect(await rows.first().getAttribute("data-student")).toBe(story.bob.email);
    const cell = (email: string, slug: string) =>
      page.locator(`[data-testid="matrix-row"][data-student="${email}"] [data-testid="cell"][data-exercise="${slug}"]`);
    const ann = cell(story.ann.email, "create-tasks");
    expect(await ann.getAttribute("data-band")).toBe("passed");
    expect(await ann.getAttribute("data-attempts")).toBe("2");
    expect(await ann.getAttribute("data-late")).toBe("true");
    // What it shows, and what it is called: the whole sentence, which contains what it shows (WCAG 2.5.3).
    expect(await ann.locator('[aria-hidden="true"]').allTextContents()).toEqual(["10", "×2", "L"]);
    expect(await ann.evaluate((el) => el.getAttribute("aria-label"))).toBeNull();
    expect(await ann.locator(".visually-hidden").textContent()).toBe(
      "Ann Ångström, Two tasks at once: passed, best 10/10, 2 attempts, late",
    );
    const bob = cell(story.bob.email, "create-tasks");
    expect([
      await bob.getAttribute("data-band"),
      await bob.getAttribute("data-best"),
      await bob.getAttribute("data-attempts"),
    ]).toEqual(["high", "7.5", "4"]);
    expect(await cell(story.dee.email, "create-tasks").getAttribute("data-band")).toBe("none");
    expect(await page.getByTestId("stuck").textContent()).toContain("Builder");

    // The checks students fail most, with the share of students who tried.
    const failed = page.locator(
      '[data-testid="exercise-card"][data-exercise="create-tasks"] [data-testid="most-failed"] li',
    );
    expect(await failed.count()).toBe(3);
    expect(await failed.first().getAttribute("data-check")).toBe("ordering.started-before-completed");
    expect(await failed.first().locator(".share").textContent()).toBe("67%");
    expect(await failed.first().textContent()).toContain(MESSAGES["ordering.started-before-completed"]);
    expect(await failed.nth(2).locator(".share").textContent()).toBe("33%");
    expect(await page.locator('[data-exercise="create-tasks"] [data-testid="pass-rate"]').textContent()).toContain(
      "40%",
    );
    await page.getByTestId("activity-chart").locator("svg.recharts-surface").first().waitFor();
    await screenshot(page, "instructor-01-dashboard");

    // Sorting by progress puts Ann (two passes) first; by name, Ann too; last activity: Bob.
    await page.locator('[data-sort="progress"]').click();
    expect(await rows.first().getAttribute("data-student")).toBe(story.ann.email);
    await page.locator('[data-sort="activity"]').click();
    expect(await rows.first().getAttribute("data-student")).toBe(story.bob.email);

    // A click on a cell opens that student's attempts right there.
    await ann.click();
    const panel = page.getByTestId("attempts-panel");
    await panel.getByTestId("attempt-view").waitFor();
    expect(await panel.locator('[data-testid="attempt-list"] button').count()).toBe(2);
    expect(await panel.getByTestId("result").getAttribute("data-verdict")).toBe("passed");
    await panel.locator('[data-testid="attempt-list"] button').first().click();
    await panel.locator('[data-testid="result"][data-verdict="failed"]').waitFor();
    expect(await panel.locator('[data-check="ordering.started-before-completed"]').getAttribute("data-passed")).toBe(
      "false",
    );
    expect(await panel.getByTestId("attempt-source").textContent()).toContain("import asyncio");
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, "instructor-02-attempts-in-place");

    // The gradebook, downloaded as the browser saves it, parses with one row per student.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
    expect(download.suggestedFilename()).toMatch(/^grades-asyncio-demo-cohort\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = parseCsv(bytes.toString("utf8").slice(1));
    expect(table[0].slice(0, 2)).toEqual(["Name", "Email"]);
    expect(table).toHaveLength(6);
    const annRow = table.find((r) => r[1] === story.ann.email)!;
    expect(annRow[0]).toBe("Ann Ångström");
    expect(annRow[table[0].findIndex((h) => h.startsWith("Two tasks at once"))]).toBe("10");
    expect(annRow[table[0].findIndex((h) => h.startsWith("Total"))]).toBe("20");
    expect(table.find((r) => r[1] === story.bob.email)![0]).toBe(`'=Bob "Builder", Jr`);

    // The student's whole history, and the settings page.
    await page.getByRole("link", { name: /Every attempt by/ }).click();
    await page.getByTestId("student-timeline").waitFor();
    expect(await page.getByTestId("student-timeline").locator(":scope > li").count()).toBe(3);
    await page.getByTestId("student-timeline").locator("summary").first().click();
    await page.getByTestId("attempt-view").first().waitFor();
    await screenshot(page, "instructor-03-student");
    await page.getByRole("link", { name: /Settings/ }).click();
    await page.getByTestId("join-code").waitFor();
    expect(await page.getByTestId("join-code").textContent()).toBe(DEMO.cohort.joinCode);
    expect(await page.getByTestId("roster").locator("tbody tr").count()).toBe(5);
    await screenshot(page, "instructor-04-settings");
  });
});
