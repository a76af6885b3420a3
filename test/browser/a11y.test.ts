import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { DEMO } from "../../prisma/demo";
import { signInWithForm, signUpAndJoin, useBrowserSession } from "../helpers/browser-session";
import { db } from "../../lib/db";
import { createUser } from "../helpers/session";
import { seedStory, submission, type Story } from "../instructor/fixture";
import { screenshot, setEditorText } from "./chromium";

/**
 * Issue 16, "pages that everyone can use", in real Chromium against `next start`, a real worker
 * and the sandbox: axe-core over every page in light and dark (no serious or critical violation),
 * a keyboard-only walk from sign-in to a graded attempt, and the exercise page and the dashboard
 * on a 390 px wide screen.
 */
const SEQUENTIAL = readFileSync("exercises/create-tasks/wrong/sequential.py", "utf8");
const NARROW = { width: 390, height: 844 };

type Finding = { page: string; scheme: string; id: string; impact: string; help: string; nodes: string[] };

/** Runs axe-core in light then dark; returns the serious and critical findings, prints the others. */
async function audit(page: Page, name: string): Promise<Finding[]> {
  const found: Finding[] = [];
  // A page just refreshed (router.refresh after joining) streams its metadata back a moment later;
  // one still without a title after 5 s has none, and axe below says so.
  await page.waitForFunction(() => document.title.trim() !== "", null, { timeout: 5000 }).catch(() => undefined);
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Let React repaint what depends on the scheme (the editor's theme) before axe reads colours.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const results = await new AxeBuilder({ page }).analyze();
    // Proof that axe looked at something: a page where no rule applied would pass vacuously.
    expect(results.passes.length, `axe checked nothing on ${name}`).toBeGreaterThan(10);
    console.log(`axe ${name} [${scheme}]: ${results.passes.length} rules pass, ${results.violations.length} fail`);
    for (const v of results.violations) {
      const finding = {
        page: name,
        scheme,
        id: v.id,
        impact: v.impact ?? "unknown",
        help: v.help,
        nodes: v.nodes
          .slice(0, 4)
          .map((n) => `${n.target.join(" ")} — ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`),
      };
      if (finding.impact === "serious" || finding.impact === "critical") found.push(finding);
      else console.log(`axe (${finding.impact}) ${name} [${scheme}] ${v.id}: ${v.help} — ${finding.nodes.join(" | ")}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}

function report(findings: Finding[]): string {
  return findings
    .map((f) => `${f.page} [${f.scheme}] ${f.impact} ${f.id}: ${f.help}\n    ${f.nodes.join("\n    ")}`)
    .join("\n");
}

/** At 390 px nothing may stick out sideways: the page never scrolls horizontally. Returns what sticks out. */
async function checkNarrow(page: Page, name: string): Promise<string | null> {
  const before = page.viewportSize();
  await page.setViewportSize(NARROW);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const { width, wide } = await page.evaluate(() => {
    const root = document.scrollingElement!;
    // What sticks out, for the failure message: the outermost elements wider than the screen.
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= root.clientWidth + 0.5)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} → ${el.getBoundingClientRect().right}`);
    return { width: root.scrollWidth, wide };
  });
  await screenshot(page, `a11y-narrow-${name}`);
  if (before) await page.setViewportSize(before);
  return width <= NARROW.width ? null : `${name} at 390 px is ${width} px wide; sticking out: ${wide.join(", ")}`;
}

/**
 * Tab (or Shift+Tab) until the focused element matches `selector` (and has `text`, if given);
 * every stop on the way must show where the focus is.
 */
async function tabUntil(page: Page, selector: string, opts: { text?: string; back?: boolean } = {}): Promise<void> {
  const key = opts.back ? "Shift+Tab" : "Tab";
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(key);
    const stop = await page.evaluate(
      async ({ selector, text }) => {
        // The editor marks itself focused on its next frame.
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const el = document.activeElement!;
        // The editor draws its focus ring on its outer box, not on the editable line area.
        const style = getComputedStyle(el.closest(".cm-editor") ?? el);
        const label = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim();
        return {
          matched: el.matches(selector) && (text === undefined || label === text),
          ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
          describe: `${el.tagName.toLowerCase()} "${label.slice(0, 40)}"`,
        };
      },
      { selector, text: opts.text },
    );
    expect(stop.ring, `focus on ${stop.describe} is not visible (no outline)`).toBe(true);
    if (stop.matched) return;
  }
  throw new Error(`60 presses of ${key} never reached ${selector}${opts.text ? ` "${opts.text}"` : ""}`);
}

/**
 * The story has passed (Ann, Cyd), late (Ann, Bob), at least half (Bob) and not started (Dee); this
 * adds below half (Flo) and an extension (Bob), so the dashboard is audited with a cell of every kind.
 */
async function everyState(cohortId: string, story: Story) {
  const flo = await createUser({ name: "Flo Fewpoints" });
  await db().enrollment.create({ data: { cohortId, userId: flo.id } });
  await submission(flo.id, "create-tasks", 3 * 3600_000, [
    "ordering.started-before-completed",
    "timing.concurrent",
    "loop.not-blocked",
  ]);
  await db().extension.create({
    data: { cohortId, userId: story.bob.id, exerciseSlug: "create-tasks", extraMinutes: 3 * 24 * 60, note: "Ill" },
  });
}

describe("pages that everyone can use", () => {
  let story: Story;
  const session = useBrowserSession("browser_a11y", {
    worker: true,
    prepare: async (demo) => {
      story = await seedStory(demo.cohort.id);
      await everyState(demo.cohort.id, story);
    },
  });

  it("has no serious or critical axe violation on any page, in light and dark", { timeout: 600_000 }, async () => {
    const { page } = await session.open();
    const url = session.web.url;
    let current = page;
    onTestFailed(async () => {
      await screenshot(current, "a11y-failure-axe");
      console.log(session.worker.output().slice(-2000));
    });
    const findings: Finding[] = [];
    const overflows: (string | null)[] = [];
    const visit = async (path: string, name: string, ready?: () => Promise<unknown>) => {
      await page.goto(`${url}${path}`);
      await ready?.();
      findings.push(...(await audit(page, name)));
    };

    // Signed out.
    await visit("/", "landing");
    await visit("/signin", "sign in");
    await visit("/signup", "sign up");
    const missing = await page.goto(`${url}/no-such-page`);
    expect(missing?.status()).toBe(404);
    findings.push(...(await audit(page, "404")));

    // A new student: join, course home, progress, an exercise before and after a run and a graded attempt.
    const email = `a11y-${randomUUID().slice(0, 8)}@browser.test`;
    await signUpAndJoin(page, url, { name: "Ari Auditor", email }, [DEMO.cohort.joinCode]);
    findings.push(...(await audit(page, "join")));
    await visit("/", "course home", () => page.getByTestId("next-step").waitFor());
    await visit("/progress", "progress");
    await visit("/exercises/create-tasks", "exercise (nothing submitted)", () => page.locator(".cm-content").waitFor());
    await setEditorText(page, SEQUENTIAL);
    await page.getByTestId("run-button").click();
    await page.locator('[data-testid="run"][data-status="DONE"]').waitFor({ timeout: 90_000 });
    await page.getByTestId("submit").click();
    await page.locator('[data-testid="result"][data-status="GRADED"]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId("result").getAttribute("data-verdict")).toBe("failed");
    findings.push(...(await audit(page, "exercise (after a run and a failed attempt)")));
    overflows.push(await checkNarrow(page, "exercise"));
    await visit("/progress", "progress (one attempt)");

    // The demo instructor: home, the cohort's dashboard (with a student's attempts open), settings, a student.
    const instructor = (current = (await session.open()).page);
    await signInWithForm(instructor, url, DEMO.instructor.email, DEMO.instructor.password);
    const as = async (p: Page, path: string, name: string, ready?: () => Promise<unknown>) => {
      await p.goto(`${url}${path}`);
      await ready?.();
      findings.push(...(await audit(p, name)));
    };
    const cohort = `/instructor/cohorts/${story.cohortId}`;
    await as(instructor, "/instructor", "instructor home");
    await as(instructor, cohort, "cohort dashboard", () =>
      instructor.getByTestId("activity-chart").locator("svg.recharts-surface").first().waitFor(),
    );
    // Every kind of cell is on the page the audit just read.
    const cells = instructor.getByTestId("cell");
    for (const [state, selector] of [
      ["passed", '[data-band="passed"]'],
      ["below half", '[data-band="low"]'],
      ["at least half", '[data-band="high"]'],
      ["not started", '[data-band="none"]'],
      ["late", '[data-late="true"]'],
      ["extension", '[data-extended="true"]'],
    ])
      expect(await cells.and(instructor.locator(selector)).count(), `no ${state} cell`).toBeGreaterThan(0);
    overflows.push(await checkNarrow(instructor, "dashboard"));
    await instructor
      .locator(`[data-testid="matrix-row"][data-student="${story.ann.email}"]`)
      .locator('[data-testid="cell"][data-exercise="create-tasks"]')
      .click();
    await instructor.getByTestId("attempts-panel").getByTestId("attempt-view").waitFor();
    findings.push(...(await audit(instructor, "cohort dashboard (a student's attempts open)")));
    await as(instructor, `${cohort}/settings`, "cohort settings", () => instructor.getByTestId("join-code").waitFor());
    await as(instructor, `${cohort}/students/${story.ann.id}`, "a student's page", () =>
      instructor.getByTestId("student-timeline").waitFor(),
    );

    // The admin.
    const admin = (current = (await session.open()).page);
    await signInWithForm(admin, url, DEMO.admin.email, DEMO.admin.password);
    await as(admin, "/admin/instructors", "admin instructors");

    expect(findings, `serious or critical axe violations:\n${report(findings)}`).toEqual([]);
    expect(overflows.filter(Boolean)).toEqual([]);
  });

  it(
    "takes a student from sign-in to a graded attempt and its hints with the keyboard alone",
    { timeout: 240_000 },
    async () => {
      const { page } = await session.open();
      const url = session.web.url;
      onTestFailed(async () => void (await screenshot(page, "a11y-failure-keyboard")));
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement!;
          return {
            testid: el.getAttribute("data-testid"),
            text: el.textContent?.trim() ?? "",
            cm: !!el.closest(".cm-content"),
          };
        });

      // Sign in: the skip link first, then the header's "Sign in".
      await page.goto(`${url}/`);
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
      await tabUntil(page, "a", { text: "Sign in" });
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/signin/);
      // The form puts the focus in its first field.
      await page.waitForFunction(() => document.activeElement?.getAttribute("type") === "email");
      await page.keyboard.type(DEMO.student.email);
      await page.keyboard.press("Tab");
      await page.keyboard.type(DEMO.student.password);
      await page.keyboard.press("Enter");
      await page.getByTestId("signed-in-as").waitFor();

      // Open the exercise from the course list.
      await tabUntil(page, "a", { text: "Two tasks at once" });
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/exercises\/create-tasks$/);
      await page.locator(".cm-content").waitFor();

      // Into the editor; Tab indents there, Escape then Tab leaves it for the Run button.
      await tabUntil(page, ".cm-content");
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.insertText(SEQUENTIAL);
      await page.keyboard.type("\n# typed by keyboard");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      expect((await focused()).cm).toBe(true);
      expect(await page.locator(".cm-content").textContent()).toContain("# typed by keyboard");
      await page.keyboard.press("Escape");
      await page.keyboard.press("Tab");
      expect((await focused()).testid).toBe("run-button");

      // Back into the editor: the Run shortcut, then Escape, Tab, Tab and Enter on Submit.
      await page.keyboard.press("Shift+Tab");
      expect((await focused()).cm).toBe(true);
      await page.keyboard.press("Control+Shift+Enter");
      await page.locator('[data-testid="run"][data-status="DONE"]').waitFor({ timeout: 90_000 });
      expect(await page.getByTestId("run-line").count()).toBe(4);
      await page.keyboard.press("Escape");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect((await focused()).testid).toBe("submit");
      await page.keyboard.press("Enter");
      await page.locator('[data-testid="result"][data-status="GRADED"]').waitFor({ timeout: 120_000 });

      // The result: its headline is announced; its verdict is said in words on every check.
      const result = page.getByTestId("result");
      expect(await result.getAttribute("data-verdict")).toBe("failed");
      expect(await page.locator("#result-title").getAttribute("aria-live")).toBe("polite");
      const ordering = result.locator('[data-check="ordering.started-before-completed"]');
      expect(await ordering.textContent()).toMatch(/^✗Failed: /);
      // The timeline's operations as a table a screen reader reads row by row.
      const rows = result.getByTestId("timeline-table").locator("tbody tr");
      expect(await rows.count()).toBeGreaterThanOrEqual(4);
      expect(await rows.first().textContent()).toMatch(/^Your runtask_onesleep\S*\d\.\d\d s\d\.\d\d s$/);
      // Tab goes on from Submit into the result (its output) and to the attempts.
      await tabUntil(page, '[data-testid="result"] summary');
      await tabUntil(page, "button.attempt");
      // The hint the failed attempt opened, in its own labelled region.
      const hints = page.getByRole("region", { name: "Hints" });
      expect(await hints.textContent()).toContain("asyncio.create_task");
      await screenshot(page, "a11y-keyboard-walk");
    },
  );
});
