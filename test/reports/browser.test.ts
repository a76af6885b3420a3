import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { db } from "../../lib/db";
import { launch, screenshot, type Browser } from "../browser/chromium";
import { seedStory, type Story } from "../instructor/fixture";
import { startWeb, type WebServer } from "../helpers/web";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";

/**
 * In real Chromium: Bob reports his latest attempt ("I think this verdict is wrong"), the
 * instructor sees it on the cohort dashboard with the count of open reports, opens the attempt in
 * place and overrides its score with a reason, and Bob then sees the answer on his attempt.
 */
describe("reporting a grading problem in the browser", () => {
  let web: WebServer;
  const browsers: Browser[] = [];
  let story: Story;

  beforeAll(async () => {
    const queue = uniqueQueue("reports-browser");
    const databaseUrl = await useOwnDatabase("reports_browser", { QUEUE_NAME: queue });
    story = await seedStory();
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: queue } });
  }, 600_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await web?.stop();
  });

  async function signedIn(email: string, password: string) {
    const browser = await launch();
    browsers.push(browser);
    const { page } = browser;
    onTestFailed(async () => void (await screenshot(page, `reports-failure-${browsers.indexOf(browser)}`)));
    await page.goto(`${web.url}/signin`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("signed-in-as").waitFor();
    return page;
  }

  it(
    "a student reports, the instructor overrides the score from the dashboard, the student sees the answer",
    {
      timeout: 240_000,
    },
    async () => {
      const note = "The timing check says 1.4 s, but my two tasks ran at once: my own run took 0.9 s.";
      const reason = "The grading machine was overloaded at that moment: your tasks are concurrent.";

      // Bob: his latest attempt opens by itself; he reports it.
      const bob = await signedIn(story.bob.email, story.bob.password);
      await bob.goto(`${web.url}/exercises/create-tasks`);
      const result = bob.getByTestId("result");
      await bob.locator('[data-testid="result"][data-status="GRADED"]').waitFor();
      const report = result.getByTestId("report");
      await report.getByRole("button", { name: "Report a grading problem" }).click();
      await report.getByLabel("What do you think is wrong").fill(note);
      expect(await report.getByText(`${note.length}/2000`).count()).toBe(1);
      await report.getByRole("button", { name: "Send report" }).click();
      await bob.locator('[data-testid="report"][data-status="OPEN"]').waitFor();
      expect(await report.getByTestId("report-status").textContent()).toBe("Reported: waiting for your instructor");
      expect(await report.getByText(note).count()).toBe(1);
      // One open report per attempt: the button is gone until it is answered.
      expect(await report.getByRole("button", { name: "Report a grading problem" }).count()).toBe(0);
      await screenshot(bob, "reports-01-student-reported");

      // The instructor: the dashboard counts it and opens the attempt in place.
      const teacher = await signedIn(story.instructor.email, story.instructor.password);
      await teacher.goto(`${web.url}/instructor/cohorts/${story.cohortId}`);
      const reports = teacher.getByTestId("reports");
      await reports.waitFor();
      expect(await reports.getByTestId("reports-open").textContent()).toBe("1 open");
      const row = reports.locator(`[data-testid="report-row"][data-student="${story.bob.email}"]`);
      expect(await row.textContent()).toContain("attempt #4");
      expect(await row.textContent()).toContain("grader 7.5/10");
      await row.getByRole("button", { name: "Open and answer" }).click();
      const panel = teacher.getByTestId("report-panel");
      await panel.getByTestId("attempt-view").waitFor();
      expect(await panel.getByTestId("report-note").textContent()).toBe(note);
      expect(await panel.getByTestId("attempt-view").getAttribute("data-attempt")).toBe("4");
      await panel.getByRole("radio", { name: "Override the score" }).check();
      await panel.getByLabel("New score").fill("9");
      await panel.getByLabel("Reason").fill(reason);
      await screenshot(teacher, "reports-02-instructor-answering");
      await panel.getByRole("button", { name: "Override the score" }).click();
      await panel.getByText("Answered: the attempt now counts as 9/10.").waitFor();
      await reports.getByText("0 open").waitFor();
      expect(await panel.getByTestId("report-status").textContent()).toBe("Score overridden to 9");
      expect(await panel.getByTestId("override-beside").textContent()).toContain("the grader's 7.5 is kept");
      const stored = await db().verdictReport.findFirstOrThrow({ where: { userId: story.bob.id } });
      expect(stored).toMatchObject({
        status: "OVERRIDDEN",
        overrideScore: 9,
        answer: reason,
        answeredById: story.instructor.id,
      });

      // Bob sees the answer on his attempt; the grader's score stays where it was.
      await bob.reload();
      await bob.locator('[data-testid="report"][data-status="OVERRIDDEN"]').waitFor();
      expect(await report.getByTestId("report-status").textContent()).toBe("Score changed by your instructor");
      expect(await report.getByTestId("report-override").textContent()).toContain("counts as 9/10");
      expect(await report.getByTestId("report-override").textContent()).toContain("(7.5/10) stays above");
      expect(await report.getByTestId("report-answer").textContent()).toBe(reason);
      expect(await result.locator(".score").textContent()).toBe("7.5/10");
      expect(await report.getByRole("button", { name: "Report a grading problem" }).count()).toBe(1);
      await screenshot(bob, "reports-03-student-answered");
    },
  );
});
