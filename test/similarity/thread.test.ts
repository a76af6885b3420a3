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
    // A comparison long enough to stall a loop visibly: a faster machine gets more submissions
    // (the work grows with their square), up to a size no machine here compares in 200 ms.
    let run = { took: 0, longest: 0, pairs: 0 };
    for (let n = 120; run.took <= 200 && n <= 960; n *= 2) run = await timedComparison(n);
    expect(run.pairs).toBeGreaterThan(0);
    // Inline, the loop would stand still for the whole comparison (bench/similarity.ts: seconds).
    expect(run.took).toBeGreaterThan(200);
    expect(run.longest).toBeLessThan(run.took / 2);
  });
});

/** Compares `n` synthetic submissions off the thread while a 10 ms ticker notes its longest wait. */
async function timedComparison(n: number) {
  const submissions = syntheticSubmissions(n);
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
  return { took, longest, pairs: pairs.length };
}
