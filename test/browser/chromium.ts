import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium, never a downloaded one; a fresh profile per run; nothing leaves loopback. */
export const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const SCREENSHOTS = fileURLToPath(new URL("../../test-results/", import.meta.url));

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launch(opts: { colorScheme?: "light" | "dark" } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM}: install it with "apt-get install -y chromium" (never a ` +
        `downloaded browser).`,
    );
  const profile = mkdtempSync(join(tmpdir(), "asyncio-course-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1366, height: 900 },
    colorScheme: opts.colorScheme ?? "light",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Replaces the CodeMirror editor's whole text, as a paste would (no auto-indent, no auto-close). */
export async function setEditorText(page: Page, code: string): Promise<void> {
  const content = page.locator(".cm-content");
  await content.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

/** Records every value the result panel's `data-status` takes from now on, with ms since the call. */
export async function recordStatuses(
  page: Page,
): Promise<() => Promise<{ status: string; ms: number; sse?: string }[]>> {
  type Rec = { __statuses: { status: string; ms: number }[]; __observer?: MutationObserver };
  await page.evaluate(() => {
    const w = window as unknown as Rec & { __sse: string[]; __wrapped?: boolean };
    // Also log what the server streams, to tell a missed event from a missed render.
    w.__sse = [];
    if (!w.__wrapped) {
      w.__wrapped = true;
      const Original = window.EventSource;
      window.EventSource = class extends Original {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          const t0 = performance.now();
          this.addEventListener("open", () => w.__sse.push(`open +${Math.round(performance.now() - t0)}`));
          this.addEventListener("error", () =>
            w.__sse.push(`error readyState=${this.readyState} +${Math.round(performance.now() - t0)}`),
          );
          this.addEventListener("status", (e) =>
            w.__sse.push(
              `status ${JSON.parse((e as MessageEvent<string>).data).status} +${Math.round(performance.now() - t0)}`,
            ),
          );
        }
      };
    }
    const panel = document.querySelector('[data-testid="result"]')!;
    const t0 = performance.now();
    w.__statuses = [];
    w.__observer?.disconnect();
    w.__observer = new MutationObserver(() => {
      const status = panel.getAttribute("data-status")!;
      if (w.__statuses.at(-1)?.status !== status) w.__statuses.push({ status, ms: Math.round(performance.now() - t0) });
    });
    w.__observer.observe(panel, { attributes: true, attributeFilter: ["data-status"] });
  });
  return () =>
    page.evaluate(() => {
      const w = window as unknown as Rec & { __sse: string[] };
      return w.__statuses.map((s, i) => (i === 0 ? { ...s, sse: w.__sse.join(", ") } : s));
    });
}
