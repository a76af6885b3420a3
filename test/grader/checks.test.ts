import { describe, expect, it } from "vitest";
import { Rng } from "../../grader/catalog/rng";
import { allBefore, sameMultiset } from "../../grader/checks/common";
import { maxOverlap, overlaps, showLines } from "../../grader/checks/view";
import { decodeSubmission, SubmissionRejected } from "../../grader/grade";

describe("maxOverlap", () => {
  it("counts spans in flight at once", () => {
    expect(
      maxOverlap([
        { start: 0, end: 1 },
        { start: 0.5, end: 2 },
        { start: 1.5, end: 3 },
      ]),
    ).toBe(2);
    expect(
      maxOverlap([
        { start: 0, end: 1 },
        { start: 1, end: 2 },
      ]),
    ).toBe(1); // touching is not overlapping
    expect(maxOverlap([])).toBe(0);
  });
  it("agrees with overlaps()", () => {
    expect(overlaps({ start: 0, end: 1 }, { start: 0.99, end: 2 })).toBe(true);
    expect(overlaps({ start: 0, end: 1 }, { start: 1, end: 2 })).toBe(false);
  });
});

describe("allBefore", () => {
  const lines = ["A start", "B start", "A done", "B done"];
  it("holds when every first line precedes every later line", () => {
    expect(allBefore(lines, ["A start", "B start"], ["A done", "B done"])).toBe(true);
  });
  it("fails when a later line comes first or a first line is missing", () => {
    expect(allBefore(["A start", "A done", "B start", "B done"], ["A start", "B start"], ["A done", "B done"])).toBe(
      false,
    );
    expect(allBefore(["A start", "A done"], ["A start", "B start"], ["A done"])).toBe(false);
  });
});

describe("sameMultiset and showLines", () => {
  it("compares ignoring order but not multiplicity", () => {
    expect(sameMultiset(["a", "b"], ["b", "a"])).toBe(true);
    expect(sameMultiset(["a", "a"], ["a"])).toBe(false);
  });
  it("quotes a few shortened lines", () => {
    const shown = showLines(Array.from({ length: 10 }, () => "x".repeat(500)));
    expect(shown.length).toBeLessThan(900);
    expect(shown).toContain("4 more");
    expect(showLines([])).toBe("nothing");
  });
});

describe("Rng", () => {
  it("reproduces a run from its seed", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect([a.between(0, 1), a.token(), a.sample([1, 2, 3, 4], 4)]).toEqual([
      b.between(0, 1),
      b.token(),
      b.sample([1, 2, 3, 4], 4),
    ]);
  });
  it("keeps between() inside its range", () => {
    const r = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const x = r.between(0.5, 0.6);
      expect(x).toBeGreaterThanOrEqual(0.5);
      expect(x).toBeLessThanOrEqual(0.6);
    }
  });
});

describe("decodeSubmission", () => {
  it("accepts UTF-8 text", () => {
    expect(decodeSubmission(Buffer.from("print('→')\n"))).toBe("print('→')\n");
  });
  it("rejects non-UTF-8, NUL bytes and files over 64 KiB with a clear message", () => {
    expect(() => decodeSubmission(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toThrow(/not UTF-8/);
    expect(() => decodeSubmission(Buffer.from("a\0b"))).toThrow(SubmissionRejected);
    expect(() => decodeSubmission(Buffer.alloc(1024 * 1024, 0x61))).toThrow(
      /1024 KiB; a submission may be at most 64 KiB/,
    );
  });
});
