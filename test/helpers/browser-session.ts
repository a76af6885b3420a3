import { afterAll, beforeAll } from "vitest";
import type { Page } from "playwright-core";
import { db } from "../../lib/db";
import { seedDemo } from "../../prisma/seed";
import { launch, type Browser } from "../browser/chromium";
import { startWorker, uniqueQueue, useOwnDatabase, type WorkerProcess } from "../submissions/fixture";
import { startWeb, type WebServer } from "./web";

/**
 * What every browser test file sets up: a database of its own (migrated, exercises and demo
 * accounts seeded), `next start` on it, optionally a real grading worker on a queue of its own,
 * and one Chromium at a time. Call it inside a `describe`: it registers its own beforeAll and
 * afterAll, and its fields are there from the first test on.
 */
export interface BrowserSession {
  web: WebServer;
  worker: WorkerProcess;
  demo: Awaited<ReturnType<typeof seedDemo>>;
  /** A fresh Chromium (a new profile); the one opened before, if any, is closed first. */
  open(opts?: { colorScheme?: "light" | "dark" }): Promise<Browser>;
  /** The Chromium open now, closed: a test that is done with the browser can free it early. */
  close(): Promise<void>;
}

export function useBrowserSession(
  name: string,
  opts: { worker?: boolean; prepare?: (demo: BrowserSession["demo"]) => Promise<void> } = {},
): BrowserSession {
  let browser: Browser | undefined;
  let worker: WorkerProcess | undefined;
  const session = {
    async open(launchOpts?: { colorScheme?: "light" | "dark" }) {
      await session.close();
      browser = await launch(launchOpts);
      return browser;
    },
    async close() {
      const open = browser;
      browser = undefined;
      await open?.close();
    },
    get worker(): WorkerProcess {
      if (!worker) throw new Error(`useBrowserSession("${name}") was asked for a worker without { worker: true }`);
      return worker;
    },
  } as BrowserSession;

  beforeAll(async () => {
    // `name` names the database (underscores) and, with dashes, the queue (a queue name has none).
    const databaseUrl = await useOwnDatabase(name);
    session.demo = await seedDemo(db());
    await opts.prepare?.(session.demo);
    const env = { DATABASE_URL: databaseUrl, QUEUE_NAME: uniqueQueue(name.replace(/_/g, "-")) };
    const [web, started] = await Promise.all([startWeb({ env }), opts.worker ? startWorker(env) : undefined]);
    session.web = web;
    worker = started;
  }, 300_000);

  afterAll(async () => {
    await session.close();
    await Promise.all([session.web?.stop(), worker?.stop()]);
  });

  return session;
}

/** Signs in through the sign-in form with the mouse, as most tests do; lands on the course home. */
export async function signInWithForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("signed-in-as").waitFor();
}

/** A new student: signs up through the form and joins the given cohorts by their codes. */
export async function signUpAndJoin(
  page: Page,
  baseUrl: string,
  user: { name: string; email: string },
  codes: string[],
) {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/join$/);
  for (const code of codes) {
    await page.getByLabel("Join code").fill(code);
    await page.getByRole("button", { name: "Join cohort" }).click();
    await page.getByText(/^You joined /).waitFor();
  }
}
