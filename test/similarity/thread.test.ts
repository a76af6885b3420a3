import { describe, expect, it } from "vitest";
import { syntheticSubmissions } from "../../bench/similarity";
import { compareOffThread } from "../../grader/similarity/off-thread";
import { BOB_CODE, CODE } from "./code";

/**
 * The worker's comparison thread (no services). Its own file: the tree-sitter addons load once per
 * process, and here only the thread loads them, as in the worker.
 */
const ignored = [CODE.starter, CODE.reference];

describe("the comparison thread", () => {
  it("answers one request after another from the same thread", async () => {
    const copy = [
      { id: "ann", code: CODE.sentinels },
      { id: "bob", code: BOB_CODE },
    ];
    const [first, second] = await Promise.all([
      compareOffThread(copy, { ignored }),
      compareOffThread([...copy, { id: "cyd", code: CODE.getNowait }], { ignored }),
    ]);
    expect(first.map((p) => p.similarity)).toEqual([1]);
    expect(second.map((p) => [p.leftId, p.rightId].sort().join("+"))).toEqual(["ann+bob"]);
  });

  it("keeps the caller's event loop turning while it compares", async () => {
    const submissions = syntheticSubmissions(120);
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      longest = Math.max(longest, performance.now() - last);
      last = performance.now();
    }, 10);
    const started = performance.now();
    const pairs = await compareOffThread(submissions, { ignored });
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(pairs.length).toBeGreaterThan(0);
    // Inline, the loop would stand still for the whole comparison (bench/similarity.ts: seconds).
    expect(took).toBeGreaterThan(200);
    expect(longest).toBeLessThan(took / 2);
  });
});
