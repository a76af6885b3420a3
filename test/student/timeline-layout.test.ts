import { describe, expect, it } from "vitest";
import { layoutTimeline, maxOverlap } from "../../app/_components/exercise/timeline-layout";
import { safeReturnPath } from "../../app/_components/safe-return";

const op = (task: string, start: number, end: number) => ({ task, op: `sleep(${end - start})`, start, end });

describe("timeline layout", () => {
  it("shows a sequential run as one operation in flight beside an ideal run with two", () => {
    const layout = layoutTimeline(
      [op("task_one", 0, 2), op("task_two", 2, 3)],
      [op("task_one", 0, 2), op("task_two", 0, 1)],
    );
    expect(layout.you.map((l) => l.task)).toEqual(["task_one", "task_two"]);
    expect(layout.ideal.map((l) => l.task)).toEqual(["task_one", "task_two"]);
    expect(layout.youOverlap).toBe(1);
    expect(layout.idealOverlap).toBe(2);
    expect(layout.youSpan).toBe(3);
    expect(layout.idealSpan).toBe(2);
    expect(layout.span).toBeGreaterThanOrEqual(3);
    expect(layout.ticks[0]).toBe(0);
    expect(layout.ticks.at(-1)).toBe(layout.span);
    expect(layout.ticks.length).toBeLessThanOrEqual(9);
  });

  it("gives overlapping operations of one task name their own lanes", () => {
    const layout = layoutTimeline(
      [op("greet", 0, 0.5), op("greet", 0, 0.52)],
      [op("greet", 0, 0.5), op("greet", 0, 0.52)],
    );
    expect(layout.you).toHaveLength(2);
    expect(layout.ideal).toHaveLength(2);
    expect(layout.you.every((l) => l.entries.length === 1)).toBe(true);
  });

  it("keeps a task's back-to-back operations on one row: code that never created a task", () => {
    const layout = layoutTimeline(
      [op("measured", 0, 0.88), op("measured", 0.88, 1.46)],
      [op("task_one", 0, 0.88), op("task_two", 0, 0.58)],
    );
    expect(layout.you).toHaveLength(1);
    expect(layout.you[0].entries).toHaveLength(2);
    expect(layout.youOverlap).toBe(1);
  });

  it("does not count back-to-back operations as overlapping", () => {
    expect(maxOverlap([op("a", 0, 1), op("a", 1, 2)])).toBe(1);
    expect(maxOverlap([op("a", 0, 1), op("b", 0.5, 2)])).toBe(2);
    expect(layoutTimeline([], []).you).toEqual([]);
  });
});

describe("return path after sign-in", () => {
  it("accepts only same-site paths", () => {
    expect(safeReturnPath("/exercises/create-tasks")).toBe("/exercises/create-tasks");
    expect(safeReturnPath("//evil.example/x")).toBe("/");
    expect(safeReturnPath("https://evil.example")).toBe("/");
    expect(safeReturnPath("/\\evil.example")).toBe("/");
    expect(safeReturnPath(undefined, "/join")).toBe("/join");
  });
});

describe("attempt diff", () => {
  it("keeps changed lines and a little context, folding long unchanged stretches", async () => {
    const { diffRows } = await import("../../app/_components/exercise/CodeDiff");
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const before = [...body, "    await task_one()", "tail"].join("\n") + "\n";
    const after = [...body, "    first = asyncio.create_task(task_one())", "tail"].join("\n") + "\n";
    const rows = diffRows(before, after);
    expect(rows.filter((r) => r.kind === "del").map((r) => r.text)).toEqual(["    await task_one()"]);
    expect(rows.filter((r) => r.kind === "add").map((r) => r.text)).toEqual([
      "    first = asyncio.create_task(task_one())",
    ]);
    expect(rows[0]).toEqual({ kind: "gap", text: "⋯ 17 unchanged lines" });
    expect(rows.filter((r) => r.kind === "same").map((r) => r.text)).toEqual(["line 17", "line 18", "line 19", "tail"]);
  });
});
