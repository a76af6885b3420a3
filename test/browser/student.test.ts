import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it, onTestFailed } from "vitest";
import { db } from "../../lib/db";
import { DEMO } from "../../prisma/demo";
import { signUpAndJoin, useBrowserSession } from "../helpers/browser-session";
import { recordStatuses, screenshot, setEditorText } from "./chromium";

/**
 * The student's side in real Chromium, against `next start`, a real worker and the sandbox:
 * the demo student signs in (issue 2), and a new student goes the whole way of issue 6.
 */
// The exercise's own shipped solutions: what a student who awaits one task after the other
// writes, and the fix.
const shipped = (file: string) => readFileSync(`exercises/create-tasks/${file}`, "utf8");
const SEQUENTIAL = shipped("wrong/sequential.py");
const CONCURRENT = shipped("reference.py");

describe("student in the browser", () => {
  // A second cohort whose create-tasks deadline is already gone: passing now is marked late.
  const lateCode = `LATE-${randomUUID().slice(0, 6).toUpperCase()}`;
  const session = useBrowserSession("browser", {
    worker: true,
    prepare: async () => {
      await db().cohort.create({
        data: {
          name: "Browser-test evening class",
          joinCode: lateCode,
          deadlines: { create: { exerciseSlug: "create-tasks", dueAt: new Date(Date.now() - 86_400_000) } },
        },
      });
    },
  });

  it("lets the demo student sign in and open an exercise page", { timeout: 90_000 }, async () => {
    const { page } = await session.open();
    onTestFailed(async () => void (await screenshot(page, "failure-demo-student")));
    const home = await page.goto(`${session.web.url}/`);
    expect(home?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/asyncio/i);
    await screenshot(page, "01-landing");

    await page.getByRole("link", { name: "Sign in", exact: true }).first().click();
    await page.getByLabel("Email").fill(DEMO.student.email);
    await page.getByLabel("Password").fill(DEMO.student.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("signed-in-as").waitFor();
    expect(await page.getByTestId("signed-in-as").textContent()).toBe(DEMO.student.name);
    await page.getByTestId("next-step").waitFor();
    await screenshot(page, "02-demo-course-home");

    await page.getByRole("link", { name: "Your first coroutine" }).first().click();
    await page.waitForURL(/\/exercises\/first-coroutine$/);
    await page.locator(".cm-content").waitFor();
    expect(await page.getByTestId("statement").textContent()).toContain("async def greet");
    expect(await page.locator(".cm-content").textContent()).toContain("async def greet(name: str, delay: float = 1.0)");
    await screenshot(page, "03-demo-exercise-page");
    await session.close();
  });

  it("takes a new student from sign-up to a passed exercise on the progress page", { timeout: 240_000 }, async () => {
    const { page } = await session.open();
    onTestFailed(async () => void (await screenshot(page, "failure-new-student")));
    const email = `new-${randomUUID().slice(0, 8)}@browser.test`;

    // Sign up, then join the demo cohort (and a cohort with a deadline already past).
    await signUpAndJoin(page, session.web.url, { name: "Noor Newcomer", email }, [DEMO.cohort.joinCode, lateCode]);
    await page.getByTestId("my-cohorts").getByText(DEMO.cohort.name).waitFor();
    await screenshot(page, "04-joined-cohort");

    // The exercise: statement, starter in the editor.
    await page.goto(`${session.web.url}/exercises/create-tasks`);
    await page.locator(".cm-content").waitFor();
    expect(await page.getByTestId("statement").textContent()).toContain("create_task");
    expect(await page.getByTestId("result").getAttribute("data-status")).toBe("NONE");

    // A sequential solution: watch it go queued → running → graded (failed), without reloading.
    await setEditorText(page, SEQUENTIAL);
    await page.locator('[data-testid="save-state"][data-kind="saved"]').waitFor({ timeout: 10_000 });
    const statuses = await recordStatuses(page);
    // A marker on the window survives client-side updates and dies with a reload.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByTestId("submit").click();
    const graded = page.locator('[data-testid="result"][data-status="GRADED"]');
    await Promise.race([
      page.locator('[data-testid="result"][data-status="RUNNING"]').waitFor({ timeout: 90_000 }),
      graded.waitFor({ timeout: 90_000 }),
    ]);
    await screenshot(page, "05-running");
    await graded.waitFor({ timeout: 120_000 });
    const seen = await statuses();
    console.log(`browser saw ${seen.map((s) => `${s.status} at +${s.ms} ms`).join(" → ")}; stream: ${seen[0]?.sse}`);
    expect(seen.map((s) => s.status)).toEqual(["QUEUED", "RUNNING", "GRADED"]);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    const result = page.getByTestId("result");
    expect(await result.getAttribute("data-verdict")).toBe("failed");
    const ordering = result.locator('[data-check="ordering.started-before-completed"]');
    expect(await ordering.getAttribute("data-passed")).toBe("false");
    expect(await ordering.textContent()).toMatch(/task_two.*started only after.*task_one.*completed/);
    expect(await result.locator('[data-check="timing.concurrent"]').getAttribute("data-passed")).toBe("false");
    // The timeline shows the student's operations one after another beside the ideal overlap.
    const timeline = page.getByTestId("timeline");
    expect(await timeline.getAttribute("data-sequential")).toBe("true");
    expect(await timeline.getByTestId("tl-bar-you").count()).toBe(2);
    expect(await timeline.getByTestId("tl-bar-ideal").count()).toBe(2);
    // A hint opened with the first failed attempt.
    expect(await page.getByTestId("hints").textContent()).toContain("asyncio.create_task");
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, "06-failed-sequential");

    // Fix it and submit again: it passes.
    await setEditorText(page, CONCURRENT);
    await page.getByTestId("submit").click();
    await page
      .locator('[data-testid="result"][data-status="GRADED"][data-verdict="passed"]')
      .waitFor({ timeout: 120_000 });
    expect(await result.locator('[data-passed="false"]').count()).toBe(0);
    expect(await page.getByTestId("timeline").getAttribute("data-sequential")).toBe("false");
    await page.getByTestId("attempt-code").locator("summary").click();
    await page.getByTestId("diff").waitFor();
    expect(await page.getByTestId("diff").textContent()).toContain(
      "+     first = asyncio.create_task(task_one(one_delay))",
    );
    await screenshot(page, "07-passed-with-diff");
    // The exercise badge caught up with the pass without a reload.
    await page.locator(".exercise-head .badge.ok").getByText("Passed").waitFor();
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "09-dark-mode");
    await page.emulateMedia({ colorScheme: "light" });

    // Reopen the first attempt: its failed result comes back.
    await page.getByTestId("attempts").locator("button").nth(1).click();
    await page.locator('[data-testid="result"][data-verdict="failed"]').waitFor();

    // The progress page shows it passed, two attempts, and late for the past deadline.
    await page.getByRole("link", { name: "Progress" }).click();
    const row = page.locator('tr[data-exercise="create-tasks"]');
    await row.waitFor();
    expect(await row.getAttribute("data-passed")).toBe("true");
    const cells = await row.locator("td").allTextContents();
    expect(cells[2]).toBe("10 / 10");
    expect(cells[3]).toBe("2");
    expect(cells[5]).toContain("Late");
    await screenshot(page, "08-progress");
  });
});
