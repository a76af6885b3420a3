import { describe, expect, it } from "vitest";
import { nextStep, summarize, type AttemptFacts } from "../../lib/courses/progress";
import { deadlineState } from "../../lib/cohorts/deadlines";

const at = (iso: string) => new Date(iso);
const attempt = (over: Partial<AttemptFacts>): AttemptFacts => ({
  exerciseSlug: "create-tasks",
  status: "GRADED",
  verdict: "FAILED",
  score: 4,
  maxScore: 10,
  createdAt: at("2026-11-20T10:00:00Z"),
  gradedAt: at("2026-11-20T10:00:05Z"),
  ...over,
});

describe("progress summary", () => {
  it("keeps the best score, counts failed attempts and dates the first pass", () => {
    const p = summarize([
      attempt({ score: 4 }),
      attempt({ verdict: "PASSED", score: 10, createdAt: at("2026-11-21T09:00:00Z") }),
      attempt({ verdict: "PASSED", score: 10, createdAt: at("2026-11-22T09:00:00Z") }),
      attempt({ verdict: "ERROR", score: 0, createdAt: at("2026-11-19T09:00:00Z") }),
      attempt({ status: "QUEUED", verdict: null, score: null, maxScore: null, createdAt: at("2026-11-23T09:00:00Z") }),
    ]).get("create-tasks")!;
    expect(p).toMatchObject({ attempts: 5, failedAttempts: 2, bestScore: 10, maxScore: 10, passed: true });
    expect(p.passedAt).toEqual(at("2026-11-21T09:00:00Z"));
    expect(p.lastAttemptAt).toEqual(at("2026-11-23T09:00:00Z"));
  });

  it("reports nothing for an exercise never tried, and the next step is the first not passed", () => {
    const progress = summarize([attempt({ exerciseSlug: "first-coroutine", verdict: "PASSED", score: 10 })]);
    expect(progress.has("create-tasks")).toBe(false);
    const course = [{ slug: "first-coroutine" }, { slug: "create-tasks" }, { slug: "await-tasks" }];
    expect(nextStep(course, progress)?.slug).toBe("create-tasks");
    expect(nextStep(course.slice(0, 1), progress)).toBeNull();
  });
});

describe("deadline state", () => {
  const deadline = { dueAt: at("2026-11-21T00:00:00Z"), cohortName: "c", latePolicy: "MARK_LATE" as const };
  const base = summarize([]).get("x") ?? {
    attempts: 0,
    failedAttempts: 0,
    bestScore: null,
    maxScore: null,
    passed: false,
    passedAt: null,
    lastAttemptAt: null,
  };

  it("marks a pass after the deadline late and one before it on time", () => {
    expect(deadlineState(deadline, { ...base, passed: true, passedAt: at("2026-11-22T00:00:00Z") })).toBe("late");
    expect(deadlineState(deadline, { ...base, passed: true, passedAt: at("2026-11-20T00:00:00Z") })).toBe("on-time");
  });

  it("marks an unpassed exercise overdue only once the deadline is gone", () => {
    expect(deadlineState(deadline, base, at("2026-11-22T00:00:00Z"))).toBe("overdue");
    expect(deadlineState(deadline, base, at("2026-11-20T00:00:00Z"))).toBe("open");
    expect(deadlineState(undefined, base)).toBe("none");
  });
});
