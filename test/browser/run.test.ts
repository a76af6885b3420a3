import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it, onTestFailed } from "vitest";
import { db } from "../../lib/db";
import { DEMO } from "../../prisma/demo";
import { signUpAndJoin, useBrowserSession } from "../helpers/browser-session";
import { screenshot, setEditorText } from "./chromium";

/**
 * Issue 16's Run in real Chromium against `next start`, a real worker and the sandbox: a new
 * student runs a sequential solution, sees its first line while it still runs, reads its lines
 * with their times and the timeline, fixes it, runs again, then submits and passes. Runs count as
 * no attempt and open no hint.
 */
const shipped = (file: string) => readFileSync(`exercises/create-tasks/${file}`, "utf8");
const SEQUENTIAL = shipped("wrong/sequential.py");
const CONCURRENT = shipped("reference.py");

describe("running code in the browser", () => {
  const session = useBrowserSession("browser_run", { worker: true });

  it(
    "runs a sequential solution, shows its lines with times and the timeline, then the fix runs and passes",
    { timeout: 240_000 },
    async () => {
      const { page } = await session.open();
      onTestFailed(async () => {
        await screenshot(page, "failure-run");
        console.log(session.worker.output().slice(-3000));
      });
      const email = `runner-${randomUUID().slice(0, 8)}@browser.test`;
      await signUpAndJoin(page, session.web.url, { name: "Rhea Runner", email }, [DEMO.cohort.joinCode]);

      await page.goto(`${session.web.url}/exercises/create-tasks`);
      await page.locator(".cm-content").waitFor();
      // The shortcut is on the page, beside the buttons.
      expect(await page.locator(".editor-card").textContent()).toMatch(/Ctrl\+Shift\+Enter runs/);
      const runButton = page.getByTestId("run-button");
      expect(await runButton.textContent()).toBe("Run");
      await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

      // The sequential solution: its lines one after another, with the supervisor's times.
      await setEditorText(page, SEQUENTIAL);
      await runButton.click();
      const panel = page.getByTestId("run");
      await panel.waitFor();
      // Live: while it still runs, the first line is on the page alone (the next comes 2 s later),
      // with its time and the running mark. Checked in one go inside the page, so nothing moves between.
      const live = await page.waitForFunction(
        () => {
          const run = document.querySelector<HTMLElement>('[data-testid="run"]');
          const items = [...document.querySelectorAll('[data-testid="run-line"]')].map((li) => li.textContent ?? "");
          if (run?.dataset.status !== "RUNNING" || items.length === 0) return null;
          return { items, running: document.querySelector('[data-testid="run-running"]')?.textContent ?? null };
        },
        null,
        { timeout: 90_000 },
      );
      const seenLive = (await live.jsonValue())!;
      expect(seenLive.items).toHaveLength(1);
      expect(seenLive.items[0]).toMatch(/^\+0\.\d\d sTask One Started$/);
      expect(seenLive.running).toBe("running…");
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, "run-00-live");
      await page.locator('[data-testid="run"][data-status="DONE"]').waitFor({ timeout: 90_000 });
      expect(await panel.getAttribute("data-outcome")).toBe("finished");
      expect(await page.getByTestId("run-running").count()).toBe(0);
      const lines = async () =>
        page
          .getByTestId("run-line")
          .evaluateAll((items) =>
            items.map((li) => ({ t: Number(li.getAttribute("data-t")), text: li.textContent ?? "" })),
          );
      const first = await lines();
      expect(first.map((l) => l.text.replace(/^\+[\d.]+ s/, ""))).toEqual([
        "Task One Started",
        "Task One Completed",
        "Task Two Started",
        "Task Two Completed",
      ]);
      expect(first[0].text).toMatch(/^\+0\.\d\d s/);
      expect(first[0].t).toBeLessThan(0.5);
      expect(first[1].t).toBeGreaterThan(1.9);
      expect(first[2].t).toBeGreaterThan(1.9);
      expect(first[3].t - first[2].t).toBeGreaterThan(0.9);
      // The timeline: two sleeps, never in flight together.
      const timeline = page.getByTestId("run-timeline");
      expect(await timeline.getAttribute("data-max-overlap")).toBe("1");
      expect(await timeline.getByTestId("tl-bar-you").count()).toBe(2);
      expect(await page.getByTestId("run-overlap").textContent()).toMatch(/one after another/);
      // No grade, no attempt, no hint.
      expect(await page.getByTestId("result").getAttribute("data-status")).toBe("NONE");
      expect(await page.getByTestId("hints").textContent()).not.toContain("asyncio.create_task");
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, "run-01-sequential");

      // The fix, run with the keyboard shortcut: both tasks start at once.
      await setEditorText(page, CONCURRENT);
      await page.keyboard.press("Control+Shift+Enter");
      await page
        .locator('[data-testid="run"][data-status="QUEUED"], [data-testid="run"][data-status="RUNNING"]')
        .first()
        .waitFor({ timeout: 10_000 });
      await page.locator('[data-testid="run"][data-status="DONE"]').waitFor({ timeout: 90_000 });
      const second = await lines();
      expect(second.map((l) => l.text.replace(/^\+[\d.]+ s/, ""))).toEqual([
        "Task One Started",
        "Task Two Started",
        "Task Two Completed",
        "Task One Completed",
      ]);
      expect(second[1].t).toBeLessThan(0.5);
      expect(second[2].t).toBeGreaterThan(0.9);
      expect(second[3].t).toBeLessThan(2.8);
      expect(await timeline.getAttribute("data-max-overlap")).toBe("2");
      expect(await page.getByTestId("run-overlap").textContent()).toMatch(/Up to 2/);
      expect(await page.getByTestId("result").getAttribute("data-status")).toBe("NONE");
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, "run-02-concurrent");
      expect(await db().submission.count()).toBe(0);

      // Then the submission: it passes, as attempt 1.
      await page.getByTestId("submit").click();
      await page
        .locator('[data-testid="result"][data-status="GRADED"][data-verdict="passed"]')
        .waitFor({ timeout: 120_000 });
      expect(await db().submission.count()).toBe(1);
      expect(await page.getByTestId("attempts").locator("button").count()).toBe(1);
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      await screenshot(page, "run-03-submitted");

      // The run's output is kept until the next run: it is still there after a reload.
      await page.reload();
      await page.locator('[data-testid="run"][data-status="DONE"]').waitFor({ timeout: 10_000 });
      expect((await lines()).length).toBe(4);
    },
  );
});
