import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { db } from "../../lib/db";
import { launch, screenshot, type Browser } from "../browser/chromium";
import { startWeb, type WebServer } from "../helpers/web";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";
import { seedStory, type Story } from "./fixture";

/**
 * In real Chromium: an instructor grants Ann an extension on create-tasks and sets the cohort's
 * attempt limit and cooldown in the settings page; Ann then sees her own due date and her
 * attempts left before pressing Submit; the extension is revoked from the same page.
 */
describe("extensions and attempt limits in the browser", () => {
  let web: WebServer;
  const browsers: Browser[] = [];
  let story: Story;

  beforeAll(async () => {
    const queue = uniqueQueue("extensions-browser");
    const databaseUrl = await useOwnDatabase("extensions_browser", { QUEUE_NAME: queue });
    story = await seedStory();
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: queue } });
  }, 400_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await web?.stop();
  });

  async function signedIn(email: string, password: string) {
    const browser = await launch();
    browsers.push(browser);
    const { page } = browser;
    onTestFailed(async () => void (await screenshot(page, `extensions-failure-${browsers.length}`)));
    await page.goto(`${web.url}/signin`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("signed-in-as").waitFor();
    return page;
  }

  it(
    "an instructor grants an extension and sets an attempt limit; the student sees both",
    { timeout: 180_000 },
    async () => {
      const teacher = await signedIn(story.instructor.email, story.instructor.password);
      await teacher.goto(`${web.url}/instructor/cohorts/${story.cohortId}/settings`);
      const grant = teacher.getByTestId("grant-extension");
      await grant.waitFor();
      await grant.getByLabel("Ann Ångström").check();
      await grant.getByLabel("Extension applies to").selectOption("create-tasks");
      await grant.getByLabel("Extended due date").fill("2030-01-15T10:00");
      await grant.getByLabel("Note").fill("Medical certificate");
      await grant.getByRole("button", { name: "Grant extension" }).click();
      const row = teacher.locator(`[data-testid="extension"][data-student="${story.ann.email}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain("Medical certificate");
      expect(await row.getAttribute("data-exercise")).toBe("create-tasks");

      const limits = teacher.getByTestId("attempt-limits");
      await limits.getByLabel("Maximum attempts", { exact: true }).fill("3");
      await limits.getByLabel("Cooldown minutes", { exact: true }).fill("10");
      await limits.getByRole("button", { name: "Save attempt limits" }).click();
      await limits.getByText("Attempt limits saved.").waitFor();
      expect(
        await db().cohort.findUniqueOrThrow({
          where: { id: story.cohortId },
          select: { maxAttempts: true, cooldownSeconds: true },
        }),
      ).toEqual({ maxAttempts: 3, cooldownSeconds: 600 });
      await teacher.locator("#extensions").scrollIntoViewIfNeeded();
      await screenshot(teacher, "extensions-01-settings");

      // The matrix marks Ann's extended, no longer late, cell.
      await teacher.goto(`${web.url}/instructor/cohorts/${story.cohortId}`);
      const cell = teacher.locator(
        `[data-testid="matrix-row"][data-student="${story.ann.email}"] ` +
          `[data-testid="cell"][data-exercise="create-tasks"]`,
      );
      await cell.waitFor();
      expect(await cell.getAttribute("data-extended")).toBe("true");
      expect(await cell.getAttribute("data-late")).toBe("false");

      // Ann: her own due date on the exercise, and how many attempts are left before Submit.
      const ann = await signedIn(story.ann.email, story.ann.password);
      await ann.goto(`${web.url}/exercises/create-tasks`);
      await ann.getByTestId("extension-note").waitFor();
      expect(await ann.getByTestId("extension-note").textContent()).toContain("Medical certificate");
      expect(await ann.getByTestId("deadline-badge").getAttribute("data-extended")).toBe("true");
      expect(await ann.getByTestId("deadline-badge").textContent()).toBe("On time");
      const allowance = ann.getByTestId("attempt-allowance");
      expect(await allowance.getAttribute("data-left")).toBe("1");
      expect(await ann.getByTestId("attempts-left").textContent()).toBe("1 of 3 left");
      expect(await ann.getByTestId("next-attempt").textContent()).toBe("you can submit now");
      await screenshot(ann, "extensions-02-student");

      // A submission opens the cooldown: after it, the page counts down to the next attempt.
      await db().submission.create({
        data: {
          userId: story.ann.id,
          exerciseSlug: "first-coroutine",
          code: "import asyncio\n",
          status: "GRADED",
          verdict: "FAILED",
          score: 0,
          maxScore: 10,
        },
      });
      await ann.goto(`${web.url}/exercises/first-coroutine`);
      await ann.getByTestId("attempt-allowance").waitFor();
      expect(await ann.getByTestId("attempts-left").textContent()).toBe("1 of 3 left");
      expect(await ann.getByTestId("next-attempt").textContent()).toMatch(
        /^next attempt opens in (9 min \d+ s|10 min) \(/,
      );

      // Revoked from the settings page: Ann's due date is the cohort's again.
      await teacher.goto(`${web.url}/instructor/cohorts/${story.cohortId}/settings`);
      await teacher
        .locator(`[data-testid="extension"][data-student="${story.ann.email}"]`)
        .getByRole("button", { name: "Revoke" })
        .click();
      await teacher.getByText("No extensions granted.").waitFor();
      await ann.goto(`${web.url}/exercises/create-tasks`);
      expect(await ann.getByTestId("deadline-badge").textContent()).toBe("Late");
      expect(await ann.getByTestId("extension-note").count()).toBe(0);
    },
  );
});
