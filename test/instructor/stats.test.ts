import { describe, expect, it } from "vitest";
import { creditedScore, gradeRows, gradesCsv } from "../../lib/instructor/grades";
import type { CellRow } from "../../lib/instructor/queries";
import { activitySeries, exerciseStats, isLate, isStuck, median } from "../../lib/instructor/stats";

const NOW = new Date("2026-11-20T12:00:00Z");
const cell = (over: Partial<CellRow>): CellRow => ({
  userId: "u1",
  exerciseSlug: "a",
  attempts: 1,
  failedAttempts: 0,
  attemptsToPass: null,
  bestScore: null,
  onTimeScore: null,
  maxScore: 10,
  firstAt: new Date("2026-11-18T10:00:00Z"),
  lastAt: new Date("2026-11-18T10:00:00Z"),
  passedAt: null,
  ...over,
});

describe("dashboard folds (pure)", () => {
  it("takes medians of odd, even and empty lists", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("calls a student stuck only with several failures, no pass and recent activity", () => {
    const recent = new Date(NOW.getTime() - 3600_000);
    expect(isStuck(cell({ failedAttempts: 3, lastAt: recent }), NOW)).toBe(true);
    expect(isStuck(cell({ failedAttempts: 2, lastAt: recent }), NOW)).toBe(false);
    expect(isStuck(cell({ failedAttempts: 5, lastAt: recent, passedAt: recent }), NOW)).toBe(false);
    expect(isStuck(cell({ failedAttempts: 5, lastAt: new Date(NOW.getTime() - 3 * 86_400_000) }), NOW)).toBe(false);
  });

  it("marks late when the best score came after the deadline", () => {
    const due = new Date("2026-11-19T00:00:00Z");
    expect(isLate(cell({ bestScore: 10, onTimeScore: 4 }), due)).toBe(true);
    expect(isLate(cell({ bestScore: 10, onTimeScore: 10 }), due)).toBe(false);
    expect(isLate(cell({ bestScore: 3, onTimeScore: null }), due)).toBe(true);
    expect(isLate(cell({ bestScore: 10, onTimeScore: 4 }), undefined)).toBe(false);
    expect(isLate(cell({ bestScore: null }), due)).toBe(false);
  });

  it("credits the on-time best only under NO_CREDIT, and only where a deadline exists", () => {
    const c = cell({ bestScore: 10, onTimeScore: 4 });
    const due = new Date();
    expect(creditedScore(c, due, "MARK_LATE")).toBe(10);
    expect(creditedScore(c, due, "NO_CREDIT")).toBe(4);
    expect(creditedScore(c, undefined, "NO_CREDIT")).toBe(10);
    expect(creditedScore(cell({ bestScore: 10, onTimeScore: null }), due, "NO_CREDIT")).toBe(0);
    expect(creditedScore(undefined, due, "MARK_LATE")).toBe(0);
  });

  it("summarises an exercise: pass rate over the cohort, medians over passers, failed checks over triers", () => {
    const [stats] = exerciseStats(
      ["a"],
      4,
      [
        cell({ userId: "u1", attempts: 3, attemptsToPass: 2, passedAt: new Date("2026-11-18T12:00:00Z") }),
        cell({ userId: "u2", attempts: 1, attemptsToPass: 1, passedAt: new Date("2026-11-18T10:30:00Z") }),
        cell({ userId: "u3", attempts: 5, failedAttempts: 5 }),
      ],
      [
        { exerciseSlug: "a", checkId: "x", students: 1, message: "m" },
        { exerciseSlug: "a", checkId: "y", students: 2, message: "n" },
        { exerciseSlug: "b", checkId: "z", students: 9, message: "o" },
      ],
    );
    expect(stats).toMatchObject({
      attempted: 3,
      passed: 2,
      passRate: 0.5,
      medianAttemptsToPass: 1.5,
      medianMsToPass: (2 * 3600_000 + 1800_000) / 2,
    });
    expect(stats.mostFailed.map((f) => [f.checkId, f.share])).toEqual([
      ["y", 2 / 3],
      ["x", 1 / 3],
    ]);
  });

  it("fills every day between the first and last activity", () => {
    const series = activitySeries(
      [
        { day: "2026-11-16", submissions: 3 },
        { day: "2026-11-19", submissions: 1 },
      ],
      [cell({ passedAt: new Date("2026-11-17T08:00:00Z") })],
    );
    expect(series).toEqual([
      { day: "2026-11-16", submissions: 3, passes: 0 },
      { day: "2026-11-17", submissions: 0, passes: 1 },
      { day: "2026-11-18", submissions: 0, passes: 0 },
      { day: "2026-11-19", submissions: 1, passes: 0 },
    ]);
  });

  it("writes a CSV with a BOM, CRLF rows, quoting and defused formulas", () => {
    const rows = gradeRows(
      [
        { id: "u1", name: 'Zoë, "Z"', email: "z@x.test" },
        { id: "u2", name: "+1 Plus", email: "p@x.test" },
      ],
      [{ slug: "a", dueAt: new Date(), points: 10 }],
      [cell({ userId: "u1", bestScore: 7.333333, onTimeScore: 2 })],
      "MARK_LATE",
    );
    expect(rows[0]).toMatchObject({ name: 'Zoë, "Z"', email: "z@x.test", scores: [7.33], total: 7.33, late: ["a"] });
    const csv = gradesCsv([{ title: "A", points: 10 }], rows, true);
    expect(csv).toBe(
      "\uFEFFName,Email,A: automatic,A: manual,A: final (10)," +
        "Total: automatic,Total: manual,Total: final (10),Late\r\n" +
        '"Zoë, ""Z""",z@x.test,7.33,0,7.33,7.33,0,7.33,a\r\n\'+1 Plus,p@x.test,0,0,0,0,0,0,\r\n',
    );
  });

  it("adds the manual points to the automatic score, bounded by 0 and the exercise's points", () => {
    const rows = gradeRows(
      [
        { id: "u1", name: "Up", email: "u@x.test" },
        { id: "u2", name: "Down", email: "d@x.test" },
        { id: "u3", name: "Within", email: "w@x.test" },
      ],
      [{ slug: "a", points: 10 }],
      [
        cell({ userId: "u1", bestScore: 9 }),
        cell({ userId: "u2", bestScore: 1 }),
        cell({ userId: "u3", bestScore: 6 }),
      ],
      "MARK_LATE",
      new Map([
        ["u1 a", 3],
        ["u2 a", -2.5],
        ["u3 a", 1.5],
      ]),
    );
    expect(rows.map((r) => [r.automatic[0], r.manual[0], r.scores[0], r.total])).toEqual([
      [9, 3, 10, 10],
      [1, -2.5, 0, 0],
      [6, 1.5, 7.5, 7.5],
    ]);
  });
});

describe("cohort input schemas", () => {
  it("keeps null as 'no date' (z.coerce.date would turn it into 1970)", async () => {
    const { cohortInputSchema, deadlinesSchema } = await import("../../lib/instructor/cohorts");
    expect(cohortInputSchema.parse({ name: "A", startsAt: "2026-11-01", endsAt: null })).toMatchObject({
      startsAt: new Date("2026-11-01"),
      endsAt: null,
      latePolicy: "MARK_LATE",
    });
    expect(deadlinesSchema.parse({ deadlines: [{ exerciseSlug: "a", dueAt: null }] }).deadlines[0].dueAt).toBeNull();
    expect(cohortInputSchema.safeParse({ name: "A", startsAt: "2026-11-02", endsAt: "2026-11-01" }).success).toBe(
      false,
    );
    expect(cohortInputSchema.safeParse({ name: "A", startsAt: "not a date" }).success).toBe(false);
  });
});
