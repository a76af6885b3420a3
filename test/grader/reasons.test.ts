import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { grade } from "../../grader/grade";
import { myContainers } from "../helpers/sandboxes";

/**
 * Right verdict, right reason (issue 25, class 9): where two mistakes fail the same check, the
 * message names the one the code made, graded through the real sandbox.
 */
const failureOf = async (exercise: string, file: string, check: string) => {
  const report = await grade(exercise, readFileSync(`exercises/${exercise}/${file}`, "utf8"), { remeasure: false });
  const found = report.checks.find((c) => c.id === check);
  expect(found?.passed, `${check} in ${JSON.stringify(report.checks)}`).toBe(false);
  return found!.message;
};

describe("failure messages name the mistake made", () => {
  afterAll(async () => {
    expect(await myContainers()).toBe(0);
  });

  it("dont-block: a loop stuck leaving `with ThreadPoolExecutor()` is told so, not blamed on a fetch", async () => {
    const message = await failureOf("dont-block", "wrong/executor-shutdown.py", "loop.not-blocked");
    expect(message).toMatch(/waited for other threads to finish/);
    expect(message).toMatch(/ThreadPoolExecutor/);
    expect(message).not.toMatch(/legacy_fetch\(.*\) ran on the event loop's thread/);
  });

  it("dont-block: legacy_fetch called on the loop is named as such", async () => {
    const message = await failureOf("dont-block", "wrong/blocking.py", "loop.not-blocked");
    expect(message).toMatch(/legacy_fetch\(.*\) ran on the event loop's thread/);
  });

  it("crawler: a page fetched twice after a timeout is told as a retry, not as a missed seen-set", async () => {
    const message = await failureOf("crawler", "wrong/retries-timeouts.py", "trace.once");
    expect(message).toMatch(/requested again after the first request ran out of time/);
    expect(message).not.toMatch(/Remember a URL as seen/);
  });

  it("crawler: a page fetched twice for a repeated link is told to remember URLs when queued", async () => {
    const message = await failureOf("crawler", "wrong/marks-after-fetch.py", "trace.once");
    expect(message).toMatch(/Remember a URL as seen when you queue it/);
  });
});
