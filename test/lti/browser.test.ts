import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import { beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { db } from "../../lib/db";
import { registerPlatform } from "../../lib/lti/platforms";
import { signInWithForm, useBrowserSession } from "../helpers/browser-session";
import { createUser } from "../helpers/session";
import { screenshot } from "../browser/chromium";
import { FakeLms, ROLES, type Person } from "./fake-lms";

/**
 * The whole LTI path in real Chromium, against `next start`, a real worker and the sandbox: the LMS
 * (on localhost, another site than the tool on 127.0.0.1) frames the tool; the instructor deep links
 * an exercise; a student opens it from the course page, solves it inside the iframe, and the LMS's
 * gradebook receives the score the verdict earned.
 */
const REFERENCE = readFileSync("exercises/first-coroutine/reference.py", "utf8");
const lms = new FakeLms();
const person = (roles: string[], name: string): Person => ({
  sub: `user-${randomUUID().slice(0, 8)}`,
  name,
  email: `${randomUUID().slice(0, 8)}@uni.test`,
  roles,
});
const instructor = person(ROLES.instructor, "Irene Instructor");
const student = person(ROLES.learner, "Stella Student");

describe("LTI in the browser", () => {
  const session = useBrowserSession("lti_browser", {
    worker: true,
    prepare: async () => {
      await lms.start("localhost");
      lms.members.push(instructor, student);
      await registerPlatform({
        issuer: lms.issuer,
        clientId: lms.clientId,
        deploymentIds: [lms.deploymentId],
        loginUrl: lms.authUrl,
        tokenUrl: lms.tokenUrl,
        jwksUrl: lms.jwksUrl,
        name: "Fake LMS",
      });
    },
  });

  beforeAll(() => {
    const url = session.web.url;
    lms.tool = { loginUrl: `${url}/api/lti/login`, launchUrl: `${url}/api/lti/launch`, jwksUrl: `${url}/api/lti/jwks` };
    return () => lms.stop();
  });

  it(
    "deep links an exercise, then a student solves it in the LMS iframe and the gradebook gets the score",
    { timeout: 300_000 },
    async () => {
      const { page } = await session.open();
      onTestFailed(async () => void (await screenshot(page, "lti-failure")));

      // The instructor adds an exercise from the LMS (deep linking, in the iframe).
      await page.goto(`${lms.url}/course/${lms.plan({ person: instructor, messageType: "LtiDeepLinkingRequest" })}`);
      const picker = page.frameLocator('iframe[title="Activity"]');
      await picker.getByRole("heading", { name: "Add exercises to your course" }).waitFor({ timeout: 30_000 });
      const axe = await new AxeBuilder({ page }).include('iframe[title="Activity"]').analyze();
      const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => v.id)).toEqual([]);
      await screenshot(page, "lti-01-deep-link");
      await picker.getByLabel(/Your first coroutine/).check();
      await picker.getByRole("button", { name: "Add to course" }).click();
      await picker.locator("#added").waitFor({ timeout: 30_000 });
      const [linkId] = [...lms.links.keys()];
      expect(lms.links.get(linkId)?.custom?.exercise).toBe("first-coroutine");

      // The student opens the activity from the course page: the tool, framed, signed in as them.
      await page.goto(`${lms.url}/course/${lms.plan({ person: student, resourceLinkId: linkId })}?link=${linkId}`);
      const tool = page.frameLocator('iframe[title="Activity"]');
      await tool.locator(".cm-content").waitFor({ timeout: 30_000 });
      expect(await tool.getByTestId("signed-in-as").textContent()).toBe("Stella Student");
      expect(await tool.getByTestId("statement").textContent()).toContain("async def greet");
      await screenshot(page, "lti-02-exercise-in-iframe");

      // Solve it there (the session cookie must survive the third-party iframe for this to work).
      await tool.locator(".cm-content").click();
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.press("Delete");
      await page.keyboard.insertText(REFERENCE);
      await tool.getByTestId("submit").click();
      await tool
        .locator('[data-testid="result"][data-status="GRADED"][data-verdict="passed"]')
        .waitFor({ timeout: 180_000 });
      await screenshot(page, "lti-03-passed-in-iframe");

      // The LMS's gradebook receives the score the verdict earned.
      const item = lms.lineItemIdOf(linkId);
      const deadline = Date.now() + 60_000;
      while (!lms.results.get(`${item} ${student.sub}`) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 250));
      const score = lms.results.get(`${item} ${student.sub}`);
      const submission = await db().submission.findFirstOrThrow({
        where: { exerciseSlug: "first-coroutine", user: { name: "Stella Student" } },
      });
      expect(score).toMatchObject({ scoreGiven: submission.score, scoreMaximum: 10, gradingProgress: "FullyGraded" });
      expect(submission.score).toBe(10);

      // The instructor's own landing page in the LMS: the course, the score policy, the roster button.
      await page.goto(`${lms.url}/course/${lms.plan({ person: instructor, resourceLinkId: "link-course-home" })}`);
      const home = page.frameLocator('iframe[title="Activity"]');
      await home.getByTestId("score-policy").waitFor({ timeout: 30_000 });
      expect(await home.getByRole("button", { name: "Sync roster from the LMS" }).count()).toBe(1);
      const axeHome = await new AxeBuilder({ page }).include('iframe[title="Activity"]').analyze();
      expect(
        axeHome.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
      ).toEqual([]);
      await screenshot(page, "lti-04-instructor-home");
    },
  );

  it("shows an admin the values to paste and the registered platforms (axe-clean)", { timeout: 120_000 }, async () => {
    const { page } = await session.open();
    const admin = await createUser({ role: "ADMIN" });
    await signInWithForm(page, session.web.url, admin.email, admin.password);
    await page.goto(`${session.web.url}/admin/lti`);
    expect(await page.getByTestId("tool-values").textContent()).toContain(`${session.web.url}/api/lti/login`);
    expect(await page.getByTestId("registration-url").textContent()).toMatch(/\/api\/lti\/register\?token=/);
    expect(await page.getByTestId("platforms").textContent()).toContain(lms.issuer);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual(
      [],
    );
    await screenshot(page, "lti-05-admin");
  });
});
