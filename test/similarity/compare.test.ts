import { describe, expect, it } from "vitest";
import { comparePython, mergeFragments } from "../../grader/similarity/compare";
import { BOB_CODE, CODE, renamed } from "./code";

/** The comparison itself (real Dolos and tree-sitter, no services): what counts as alike. */
const ignored = [CODE.starter, CODE.reference];
const pairIds = (pairs: { leftId: string; rightId: string }[]) =>
  pairs.map((p) => [p.leftId, p.rightId].sort().join("+"));

describe("comparing Python submissions", () => {
  it("finds a renamed copy and a copy with its functions reordered, not independent solutions", async () => {
    const [head, ...blocks] = CODE.getNowait.split("\n\n\n");
    const reordered = [head, ...blocks.reverse()].join("\n\n\n") + "\n\n\ndef unused_helper(x):\n    return x\n";
    const pairs = await comparePython(
      [
        { id: "ann", code: CODE.sentinels },
        { id: "bob", code: BOB_CODE },
        { id: "cyd", code: CODE.getNowait },
        { id: "dan", code: renamed(reordered, { queue: "jobs", out: "answers", worker: "drain" }) },
      ],
      { ignored },
    );
    expect(pairIds(pairs).sort()).toEqual(["ann+bob", "cyd+dan"]);
    for (const p of pairs) expect(p.similarity).toBeGreaterThan(0.7);
  });

  it("counts nothing the starter or the reference already holds", async () => {
    const fill = (line: string) => CODE.starter.replace("    ...\n", `${line}\n`);
    const alike = [
      { id: "dee", code: fill("    return sorted(items)") },
      { id: "fay", code: fill("    raise NotImplementedError") },
      { id: "gus", code: CODE.reference },
      { id: "hal", code: CODE.reference },
    ];
    expect(await comparePython(alike, { ignored })).toEqual([]);
    // The same files without the exclusion are alike: the exclusion is what hides them.
    expect(pairIds(await comparePython(alike))).toContain("gus+hal");
  });

  it("keeps the most similar pairs above the threshold, at most maxPairs", async () => {
    const copies = Array.from({ length: 5 }, (_, i) => ({
      id: `c${i}`,
      code: renamed(CODE.sentinels, { done: `d${i}` }),
    }));
    expect(await comparePython(copies, { ignored, maxPairs: 3 })).toHaveLength(3);
    expect(await comparePython(copies.slice(0, 1), { ignored })).toEqual([]);
  });

  it("merges touching fragments into one range on each side", () => {
    const r = (a: number, b: number) => ({ start: { line: a, column: 0 }, end: { line: b, column: 4 } });
    expect(
      mergeFragments([
        { left: r(5, 8), right: r(15, 18) },
        { left: r(1, 3), right: r(11, 13) },
        { left: r(3, 5), right: r(13, 15) },
        { left: r(20, 22), right: r(1, 2) },
      ]),
    ).toEqual([
      { left: r(1, 8), right: r(11, 18) },
      { left: r(20, 22), right: r(1, 2) },
    ]);
  });
});
