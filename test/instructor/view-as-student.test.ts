import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { db } from "../../lib/db";
import { launch, screenshot, type Browser } from "../browser/chromium";
import { createUser, signIn, type TestUser } from "../helpers/session";
import { startWeb, type WebServer } from "../helpers/web";
import { uniqueQueue, useOwnDatabase } from "../submissions/fixture";
import { seedStory, type Story } from "./fixture";

/**
 * Issue 17's "view as student", in real Chromium: an instructor opens Bob's create-tasks page from
 * the matrix and from Bob's page and sees what Bob sees (his draft, his four attempts, the hints
 * they unlocked, his extended due date) read-only, with a banner; tries to type, submit and run,
 * and nothing is written. The wrong users get a 404 on the route.
 */
const DRAFT = "import asyncio\n\n# Bob's work in progress\nasync def main():\n    pass\n";

describe("view as student", () => {
  let web: WebServer;
  let browser: Browser | undefined;
  let story: Story;
  let outsider: TestUser, admin: TestUser;
  let route: string;

  const snapshot = async () => ({
    drafts: await db().draft.findMany({ where: { userId: story.bob.id }, orderBy: { exerciseSlug: "asc" } }),
    submissions: await db().submission.count(),
    results: await db().gradingResult.count(),
    extensions: await db().extension.findMany({ where: { userId: story.bob.id } }),
  });

  beforeAll(async () => {
    const queue = uniqueQueue("view-as");
    const databaseUrl = await useOwnDatabase("view_as_student", { QUEUE_NAME: queue });
    story = await seedStory();
    [outsider, admin] = await Promise.all([
      createUser({ role: "INSTRUCTOR", name: "Otto Outsider" }),
      createUser({ role: "ADMIN", name: "Ada Admin" }),
    ]);
    // The outsider teaches a cohort of their own, with Eve in it: teaching is not teaching Bob.
    await db().cohort.create({
      data: {
        name: "Elsewhere",
        joinCode: `ELSE-${story.cohortId.slice(-6).toUpperCase()}`,
        instructors: { create: { userId: outsider.id } },
        enrollments: { create: { userId: story.eve.id } },
      },
    });
    await db().draft.create({ data: { userId: story.bob.id, exerciseSlug: "create-tasks", code: DRAFT } });
    await db().extension.create({
      data: {
        cohortId: story.cohortId,
        userId: story.bob.id,
        exerciseSlug: "create-tasks",
        dueAt: new Date("2030-01-15T10:00:00Z"),
        note: "Family emergency",
        grantedById: story.instructor.id,
      },
    });
    route = `/instructor/cohorts/${story.cohortId}/students/${story.bob.id}/exercises/create-tasks`;
    web = await startWeb({ env: { DATABASE_URL: databaseUrl, QUEUE_NAME: queue } });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it("is refused to everyone but the cohort's instructors and admins, with nothing written", async () => {
    const before = await snapshot();
    const get = async (path: string, user?: TestUser) =>
      fetch(`${web.url}${path}`, {
        redirect: "manual",
        headers: user ? { cookie: await signIn(web.url, user.email, user.password) } : {},
      });
    expect((await get(route, story.instructor)).status).toBe(200);
    expect((await get(route, admin)).status).toBe(200);
    // Another cohort's instructor, the student himself, another student: the 404 of no such page.
    for (const user of [outsider, story.bob, story.ann]) {
      const res = await get(route, user);
      expect(res.status, user.name).toBe(404);
      expect(await res.text()).not.toContain(DRAFT.split("\n")[2]);
    }
    const signedOut = await get(route);
    expect(signedOut.status).toBeGreaterThanOrEqual(300);
    expect(signedOut.status).toBeLessThan(400);
    expect(signedOut.headers.get("location")).toMatch(/\/signin\?callbackUrl=/);
    // Eve is a student, but not of this cohort: its instructor cannot view her through it; nor can
    // her own instructor reach Bob through her cohort's id.
    const eveRoute = `/instructor/cohorts/${story.cohortId}/students/${story.eve.id}/exercises/create-tasks`;
    expect((await get(eveRoute, story.instructor)).status).toBe(404);
    expect((await get(route.replace(story.cohortId, "no-such-cohort"), story.instructor)).status).toBe(404);
    expect((await get(route.replace("create-tasks", "no-such-exercise"), story.instructor)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it(
    "opens Bob's exercise from the matrix and from his page, read-only, exactly as he sees it",
    { timeout: 180_000 },
    async () => {
      const before = await snapshot();
      browser = await launch();
      const { page } = browser;
      onTestFailed(async () => void (await screenshot(page, "view-as-failure")));
      const writes: string[] = [];
      page.on("request", (r) => {
        if (r.method() !== "GET" && r.url().includes("/api/") && !r.url().includes("/api/auth/"))
          writes.push(`${r.method()} ${r.url()}`);
      });
      await page.goto(`${web.url}/signin`);
      await page.getByLabel("Email").fill(story.instructor.email);
      await page.getByLabel("Password").fill(story.instructor.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByTestId("signed-in-as").waitFor();

      // From the matrix: Bob's create-tasks cell, then "View as".
      await page.goto(`${web.url}/instructor/cohorts/${story.cohortId}`);
      await page
        .locator(`[data-testid="matrix-row"][data-student="${story.bob.email}"]`)
        .locator('[data-testid="cell"][data-exercise="create-tasks"]')
        .click();
      await page.getByTestId("attempts-panel").getByTestId("view-as-link").click();
      await page.waitForURL((url) => url.pathname === route);

      const banner = page.getByTestId("view-as-banner");
      await banner.waitFor();
      expect(await banner.textContent()).toContain(`Viewing as ${story.bob.name} — read-only`);
      // His draft, in an editor that cannot be changed; no Run, no Submit, no reset.
      await page.locator(".cm-content").waitFor();
      const editorText = () => page.locator(".cm-content").innerText();
      expect(await editorText()).toContain("# Bob's work in progress");
      expect(await page.getByTestId("editor").getAttribute("data-readonly")).toBe("true");
      expect(await page.locator(".cm-content").getAttribute("contenteditable")).toBe("false");
      expect(await page.getByTestId("submit").count()).toBe(0);
      expect(await page.getByTestId("run-button").count()).toBe(0);
      expect(await page.getByRole("button", { name: "Reset to starter" }).count()).toBe(0);
      expect(await page.getByTestId("draft-note").textContent()).toMatch(/^Draft saved /);
      // His four attempts, the latest opened with its result; the hints four failures unlocked.
      expect(await page.getByTestId("attempts").locator("li").count()).toBe(4);
      await page.locator('[data-testid="result"][data-status="GRADED"]').waitFor();
      const hints = page.getByTestId("hints");
      expect(await hints.locator("li:not(.locked)").count()).toBe(3);
      // His own due date, with the extension and its note.
      expect(await page.getByTestId("extension-note").textContent()).toMatch(
        /^Their due date is .*2030.*, extended from .* — Family emergency\.$/,
      );
      await screenshot(page, "view-as-01-matrix");

      // Typing, the submit and run shortcuts, and hiding the tab (the autosave's flush) do nothing.
      await page.locator(".cm-content").click();
      await page.keyboard.type("print('instructor was here')");
      await page.keyboard.press("ControlOrMeta+Enter");
      await page.keyboard.press("ControlOrMeta+Shift+Enter");
      await page.evaluate(() => {
        Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
        document.dispatchEvent(new Event("visibilitychange"));
      });
      await page.waitForTimeout(1500);
      expect(await editorText()).not.toContain("instructor was here");
      // An older attempt opens as it would for him (a read, not a write).
      await page.getByTestId("attempts").locator("button").last().click();
      await page.waitForTimeout(500);

      // From his page: the list of exercises to view as him.
      await page.goto(`${web.url}/instructor/cohorts/${story.cohortId}/students/${story.bob.id}`);
      await page
        .getByTestId("view-as-list")
        .getByRole("link", { name: /Two tasks at once/ })
        .click();
      await page.waitForURL((url) => url.pathname === route);
      await page.getByTestId("view-as-banner").waitFor();

      expect(writes).toEqual([]);
      expect(await snapshot()).toEqual(before);
    },
  );
});
