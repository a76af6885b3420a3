import { readFileSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { db } from "../../lib/db";
import { signInWithForm, useBrowserSession } from "../helpers/browser-session";
import { createUser, type TestUser } from "../helpers/session";
import { parseCsv } from "../instructor/csv";
import { submission } from "../instructor/fixture";
import { screenshot } from "../browser/chromium";

/**
 * Issue 27 in real Chromium against `next start` and a real grading worker: a TA comments on two
 * lines and applies a rubric item with feedback held; the student sees "feedback pending", then
 * after release both comments beside their lines and the breakdown; an instructor edits the item
 * and the student's grade follows; a regrade (the sandbox's) keeps the manual part; the CSV has
 * the three columns. axe-core audits each page with feedback, light and dark.
 */
const REFERENCE = readFileSync("exercises/create-tasks/reference.py", "utf8");

async function audit(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.passes.length, `axe checked nothing on ${name}`).toBeGreaterThan(10);
    for (const v of results.violations)
      if (v.impact === "serious" || v.impact === "critical")
        found.push(`${name} [${scheme}] ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}

describe("manual feedback in the browser", () => {
  let cohortId: string;
  let attemptId: string;
  let instructor: TestUser;
  let ta: TestUser;
  let student: TestUser;
  const session = useBrowserSession("feedback_browser", {
    worker: true,
    prepare: async () => {
      [instructor, ta, student] = await Promise.all([
        createUser({ role: "INSTRUCTOR", name: "Ida Instructor" }),
        createUser({ name: "Tia Assistant" }),
        createUser({ name: "Sam Student" }),
      ]);
      cohortId = (
        await db().cohort.create({
          data: {
            name: "Feedback cohort",
            joinCode: "FEEDBACK-BROWSER",
            instructors: { create: { userId: instructor.id } },
            enrollments: { create: { userId: student.id } },
          },
        })
      ).id;
      // Graded 7.5 of 10 (one check failed, as a flaky grader once said); the code is the reference,
      // so the sandbox's regrade gives it full marks.
      attemptId = (await submission(student.id, "create-tasks", 3_600_000, ["timing.concurrent"], REFERENCE)).id;
    },
  });

  it(
    "goes from a TA's comments and rubric item to the student's grade, the regrade and the CSV",
    { timeout: 600_000 },
    async () => {
      const url = session.web.url;
      const findings: string[] = [];
      let page: Page = (await session.open()).page;
      onTestFailed(async () => {
        await screenshot(page, "feedback-failure");
        console.log(session.worker.output().slice(-2000));
      });
      const cohortPage = `${url}/instructor/cohorts/${cohortId}`;

      // The instructor adds the TA by email on the settings page.
      await signInWithForm(page, url, instructor.email, instructor.password);
      await page.goto(`${cohortPage}/settings`);
      await page.getByLabel("Add a teaching assistant (email)").fill(ta.email);
      await page.getByTestId("add-assistant").click();
      await page.locator(`[data-testid="assistant"][data-email="${ta.email}"]`).waitFor();
      findings.push(...(await audit(page, "settings with a TA")));

      // The TA: the dashboard (no settings, no export), the student's cell, hold, two comments, an item.
      page = (await session.open()).page;
      await signInWithForm(page, url, ta.email, ta.password);
      await page.getByRole("link", { name: "Assisting" }).click();
      await page.waitForURL(/\/instructor$/);
      await page.getByRole("link", { name: /Feedback cohort/ }).click();
      await page.getByTestId("matrix").waitFor();
      expect(await page.getByTestId("export-csv").count()).toBe(0);
      expect(await page.getByTestId("ta-badge").textContent()).toBe("Teaching assistant");
      await page.locator('[data-testid="cell"][data-exercise="create-tasks"]').click();
      const review = page.getByTestId("staff-feedback");
      await review.waitFor();
      await review.getByTestId("hold-feedback").click();
      await review.locator('[data-testid="release"][data-held="true"]').waitFor();

      const lineButton = (n: number) => review.getByRole("button", { name: `Line ${n}`, exact: true });
      await lineButton(1).click();
      await review.getByTestId("comment-body").fill("Import what you use: `asyncio` is **all** you need here.");
      await review.getByTestId("add-comment").click();
      await review.locator('[data-testid="comment"][data-lines="1-1"]').waitFor();
      await lineButton(4).click();
      await lineButton(5).click({ modifiers: ["Shift"] });
      await review.getByTestId("comment-body").fill("These two lines could be one `gather`.");
      await review.getByTestId("add-comment").click();
      await review.locator('[data-testid="comment"][data-lines="4-5"]').waitFor();

      await review.getByLabel("Title").fill("Pointless lock");
      await review.getByLabel("Points (+ adds, − deducts)").fill("-1");
      await review.getByLabel("Description").fill("Nothing shared is guarded by it.");
      await review.getByRole("button", { name: "Add item" }).click();
      const item = review.locator('[data-testid="rubric-item"][data-title="Pointless lock"]');
      await item.getByTestId("apply-item").click();
      await review.locator('[data-testid="rubric-item"][data-applied="true"]').waitFor();
      expect(await review.getByTestId("staff-grade-final").textContent()).toBe("6.5/10");
      findings.push(...(await audit(page, "dashboard with the review panel (TA)")));

      // The student: "feedback pending", nothing of it yet.
      page = (await session.open()).page;
      await signInWithForm(page, url, student.email, student.password);
      expect(await page.getByTestId("new-feedback-mark").count()).toBe(0);
      await page.goto(`${url}/exercises/create-tasks`);
      await page.getByTestId("feedback-pending").waitFor();
      expect(await page.getByTestId("comment").count()).toBe(0);
      expect(await page.getByTestId("grade-breakdown").count()).toBe(0);
      findings.push(...(await audit(page, "exercise with feedback pending")));

      // The instructor releases the exercise's feedback to the cohort.
      page = (await session.open()).page;
      await signInWithForm(page, url, instructor.email, instructor.password);
      await page.goto(`${cohortPage}/students/${student.id}/exercises/create-tasks`);
      const panel = page.getByTestId("review-attempts").getByTestId("staff-feedback");
      await panel.getByTestId("release-feedback").click();
      await panel.locator('[data-testid="release"][data-held="false"]').waitFor();

      // The student: a "new feedback" mark on the course page, both comments beside their lines, the breakdown.
      page = (await session.open()).page;
      await signInWithForm(page, url, student.email, student.password);
      await page.getByTestId("new-feedback-mark").waitFor();
      await page.goto(`${url}/exercises/create-tasks`);
      const feedback = page.getByTestId("attempt-feedback");
      await feedback.waitFor();
      expect(await page.getByTestId("new-feedback-mark").count()).toBe(1);
      expect(await feedback.getAttribute("data-pending")).toBe("false");
      const comments = feedback.getByTestId("comment-row");
      expect(await comments.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-after-line")))).toEqual([
        "1",
        "5",
      ]);
      expect(await feedback.locator('[data-lines="1-1"] strong').textContent()).toBe("all");
      expect(await feedback.locator('[data-lines="4-5"] code').textContent()).toBe("gather");
      expect(await feedback.locator('tr[data-line="4"]').getAttribute("data-commented")).toBe("true");
      expect(await feedback.getByTestId("grade-automatic").textContent()).toBe("7.5");
      expect(await feedback.getByTestId("grade-manual").textContent()).toBe("-1");
      expect(await feedback.getByTestId("grade-final").textContent()).toBe("6.5/10");
      expect(await feedback.getByTestId("rubric-applied").textContent()).toContain("Pointless lock");
      findings.push(...(await audit(page, "exercise with released feedback")));
      // Read now: the mark is gone from the course page.
      await page
        .waitForResponse((r) => r.url().endsWith("/feedback/read") && r.status() === 204)
        .catch(() => undefined);
      await expect.poll(() => db().feedbackRead.count({ where: { userId: student.id } })).toBe(1);
      await page.goto(`${url}/`);
      await page.getByTestId("next-step").waitFor();
      expect(await page.getByTestId("new-feedback-mark").count()).toBe(0);

      // The instructor edits the item: -2 points. The student's grade follows.
      page = (await session.open()).page;
      await signInWithForm(page, url, instructor.email, instructor.password);
      await page.goto(`${cohortPage}/students/${student.id}/exercises/create-tasks`);
      const ipanel = page.getByTestId("review-attempts").getByTestId("staff-feedback");
      const iitem = ipanel.locator('[data-testid="rubric-item"][data-title="Pointless lock"]');
      await iitem.getByTestId("edit-item").click();
      await iitem.getByLabel("Points (+ adds, − deducts)").fill("-2");
      await iitem.getByRole("button", { name: "Save item" }).click();
      await ipanel.getByTestId("staff-grade-final").filter({ hasText: "5.5/10" }).waitFor();
      findings.push(...(await audit(page, "view as student with review panel")));

      // A regrade by the real worker: the automatic part becomes 10, the manual part stays.
      const regrade = await page.evaluate(async (path) => {
        const res = await fetch(path, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ exerciseSlug: "create-tasks" }),
        });
        return res.status;
      }, `/api/instructor/cohorts/${cohortId}/regrade`);
      expect(regrade).toBe(202);
      await expect
        .poll(async () => (await db().gradingResult.count({ where: { submissionId: attemptId, regrade: true } })) > 0, {
          timeout: 120_000,
          interval: 1000,
        })
        .toBe(true);
      expect((await db().submission.findUniqueOrThrow({ where: { id: attemptId } })).score).toBe(10);

      page = (await session.open()).page;
      await signInWithForm(page, url, student.email, student.password);
      await page.goto(`${url}/exercises/create-tasks`);
      const after = page.getByTestId("attempt-feedback");
      expect(await after.getByTestId("grade-automatic").textContent()).toBe("10");
      expect(await after.getByTestId("grade-manual").textContent()).toBe("-2");
      expect(await after.getByTestId("grade-final").textContent()).toBe("8/10");

      // The gradebook, as the instructor downloads it: automatic, manual, final.
      page = (await session.open()).page;
      await signInWithForm(page, url, instructor.email, instructor.password);
      await page.goto(cohortPage);
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
      const bytes = readFileSync((await download.path())!);
      const table = parseCsv(bytes.toString("utf8").slice(1));
      const row = table.find((r) => r[1] === student.email)!;
      const col = (h: string) => table[0].indexOf(h);
      expect(
        ["Two tasks at once: automatic", "Two tasks at once: manual", "Two tasks at once: final (10)"].map(
          (h) => row[col(h)],
        ),
      ).toEqual(["10", "-2", "8"]);

      expect(findings).toEqual([]);
    },
  );
});
