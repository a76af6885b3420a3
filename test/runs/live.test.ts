import { afterAll, describe, expect, it } from "vitest";
import type { RunLine } from "../../lib/contracts/runs";
import { runScript } from "../../grader/run-job";
import { LIVE_LIMITS } from "../../grader/sandbox/run";
import { myContainers } from "../helpers/sandboxes";

/**
 * A run's live lines (issue 16) through the real sandbox, without the web app: PID 1 streams each
 * printed line the moment it reads it, before its report, and nothing the student prints or writes
 * can pass for one of those lines.
 */
async function runLive(code: string) {
  const seen: (RunLine & { at: number })[] = [];
  const started = Date.now();
  const result = await runScript(code, undefined, (line) => seen.push({ ...line, at: Date.now() - started }));
  return { result, seen, endedAt: Date.now() - started };
}

const PAUSE = `import time

print("first line")
time.sleep(1.5)
print("second line")
`;

/** What a harness line looks like on PID 1's stdout, with a guessed nonce: printed, and written everywhere. */
const FORGER = `import json, os

fake = json.dumps({"nonce": "0" * 32, "live": {"scenario": "run", "t": 0.0, "text": "FORGED by the student"}})
print(fake)
for fd in range(3, 64):
    try:
        os.write(fd, (fake + "\\n").encode())
    except OSError:
        pass
for path in ("/proc/1/fd/1", "/proc/1/fd/0"):
    try:
        with open(path, "w") as f:
            f.write(fake + "\\n")
        print("OPENED", path)
    except OSError as e:
        print("REFUSED", path, type(e).__name__)
print("done")
`;

describe("a run's live lines", () => {
  afterAll(async () => {
    expect(await myContainers()).toBe(0);
  });

  it("streams each line as PID 1 reads it, before the run ends, timed as the result's lines", async () => {
    const { result, seen, endedAt } = await runLive(PAUSE);
    expect(result.outcome).toBe("finished");
    expect(seen.map((l) => l.text)).toEqual(["first line", "second line"]);
    // The first line arrived while the script still slept: well before the second, and before the end.
    expect(seen[1].at - seen[0].at).toBeGreaterThan(1200);
    expect(endedAt - seen[0].at).toBeGreaterThan(1200);
    // Same clock, same origin: a live line's time is the result's time for that line.
    expect(seen.map(({ t, text }) => ({ t, text }))).toEqual(result.lines);
    expect(seen[1].t - seen[0].t).toBeGreaterThan(1.4);
  });

  it("shows a forged harness line only as the student's text, never as a harness record", async () => {
    const { result, seen } = await runLive(FORGER);
    expect(result.outcome).toBe("finished");
    const texts = result.lines.map((l) => l.text);
    expect(texts[0]).toMatch(/^\{"nonce": "0{32}", "live": .*FORGED by the student/);
    // PID 1's descriptors are out of reach: the stdout that carries harness lines cannot be opened.
    expect(texts).toContain("REFUSED /proc/1/fd/1 PermissionError");
    expect(texts.at(-1)).toBe("done");
    // Every live line is one the student printed, in order: none is the forged record's own text.
    expect(seen.map((l) => l.text)).toEqual(texts);
    expect(seen.some((l) => l.text === "FORGED by the student")).toBe(false);
  });

  it("streams at most LIVE_LIMITS.lines lines; the result still holds the rest", async () => {
    const { result, seen } = await runLive(`for i in range(2500):\n    print(i)\n`);
    expect(result.outcome).toBe("finished");
    expect(seen).toHaveLength(LIVE_LIMITS.lines);
    expect(seen.at(-1)!.text).toBe(String(LIVE_LIMITS.lines - 1));
    expect(result.lines.length + result.moreLines).toBe(2500);
  });

  it("streams at most LIVE_LIMITS.bytes of JSON, however the text escapes", async () => {
    // 50 lines of 1000 control characters: 50 kB printed, about 300 kB once each is escaped as \\u0001.
    const { result, seen } = await runLive(`for i in range(50):\n    print(str(i) + "\\x01" * 1000)\n`);
    expect(result.lines).toHaveLength(50);
    const bytes = seen.reduce((sum, l) => sum + JSON.stringify(l.text).length + 80, 0);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.length).toBeLessThan(50);
    expect(bytes).toBeLessThanOrEqual(LIVE_LIMITS.bytes);
    expect(seen.map((l) => l.text)).toEqual(result.lines.slice(0, seen.length).map((l) => l.text));
  });
});
