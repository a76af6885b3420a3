import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { loadDashboard } from "../../lib/instructor/dashboard";
import { cohortGrades } from "../../lib/instructor/grades";
import {
  addCoInstructor,
  createCohort,
  regenerateJoinCode,
  removeCoInstructor,
  removeStudent,
  setDeadlines,
  updateCohort,
} from "../../lib/instructor/cohorts";
import { studentAttempts } from "../../lib/instructor/student";
import { faultReport, storeResult } from "../../grader/submissions/grading";
import { storeRegrade } from "../../grader/regrade-job";
import { useOwnDatabase } from "../submissions/fixture";
import { createUser } from "../helpers/session";
import { parseCsv } from "./csv";
import { DAY, HOUR, MESSAGES, report, seedStory, submission, type Story } from "./fixture";

/** The dashboard's numbers and the gradebook, computed by the real SQL on a known cohort. */
describe("cohort dashboard data", () => {
  let story: Story;

  beforeAll(async () => {
    await useOwnDatabase("instructor_dashboard");
    story = await seedStory();
  });

  it("fills the matrix: best score, attempts, late mark, only enrolled students", async () => {
    const d = await loadDashboard(story.cohortId);
    expect(d.students.map((s) => s.email).sort()).toEqual(
      [story.ann, story.bob, story.cyd, story.dee].map((u) => u.email).sort(),
    );
    const ann = d.students.find((s) => s.id === story.ann.id)!;
    expect(ann.cells["create-tasks"]).toMatchObject({
      attempts: 2,
      failedAttempts: 1,
      bestScore: 10,
      passed: true,
      late: true,
    });
    expect(ann.cells["first-coroutine"]).toMatchObject({ attempts: 1, bestScore: 10, passed: true, late: false });
    expect(ann.passed).toBe(2);
    const bob = d.students.find((s) => s.id === story.bob.id)!;
    expect(bob.cells["create-tasks"]).toMatchObject({
      attempts: 4,
      failedAttempts: 4,
      bestScore: 7.5,
      passed: false,
      late: true,
    });
    const cyd = d.students.find((s) => s.id === story.cyd.id)!;
    expect(cyd.cells["create-tasks"]).toMatchObject({ attempts: 2, bestScore: 10, passed: true, late: false });
    expect(d.students.find((s) => s.id === story.dee.id)!.cells).toEqual({});
  });

  it("computes pass rate, medians and the checks students fail most", async () => {
    const d = await loadDashboard(story.cohortId);
    const ct = d.stats.find((s) => s.slug === "create-tasks")!;
    expect(ct).toMatchObject({ attempted: 3, passed: 2, passRate: 0.5, medianAttemptsToPass: 2, medianMsToPass: DAY });
    // Eve (not enrolled) failed output.lines and loop.not-blocked too: she must not count.
    expect(ct.mostFailed).toEqual([
      {
        checkId: "ordering.started-before-completed",
        students: 2,
        share: 2 / 3,
        message: MESSAGES["ordering.started-before-completed"],
      },
      { checkId: "timing.concurrent", students: 2, share: 2 / 3, message: MESSAGES["timing.concurrent"] },
      { checkId: "loop.not-blocked", students: 1, share: 1 / 3, message: MESSAGES["loop.not-blocked"] },
    ]);
    const fc = d.stats.find((s) => s.slug === "first-coroutine")!;
    expect(fc).toMatchObject({
      attempted: 1,
      passed: 1,
      passRate: 0.25,
      medianAttemptsToPass: 1,
      medianMsToPass: 0,
      mostFailed: [],
    });
  });

  it("counts a check failed in any attempt, as each attempt's current grading has it", async () => {
    const cohort = await db().cohort.create({ data: { name: "Attempts", joinCode: `ATT-${Date.now() % 1e8}` } });
    const [fay, gus] = await Promise.all([createUser({ name: "Fay" }), createUser({ name: "Gus" })]);
    await db().enrollment.createMany({ data: [fay, gus].map((u) => ({ cohortId: cohort.id, userId: u.id })) });
    // Fay blocked the loop only in her second attempt: neither her first nor her latest shows it.
    await submission(fay.id, "create-tasks", 3 * HOUR, ["timing.concurrent"]);
    await submission(fay.id, "create-tasks", 2 * HOUR, ["loop.not-blocked"]);
    await submission(fay.id, "create-tasks", 1 * HOUR, ["timing.concurrent"]);
    // Gus's first attempt was regraded: the grader's correction replaces output.lines by ordering.
    const first = await submission(gus.id, "create-tasks", 3 * HOUR, ["output.lines"]);
    const since = new Date();
    expect(
      await storeRegrade(first.id, since, report("create-tasks", ["ordering.started-before-completed"]), false),
    ).toBe(true);
    // His second attempt's regrade broke in the sandbox: its failure stands.
    const second = await submission(gus.id, "create-tasks", 2 * HOUR, ["timing.concurrent"]);
    expect(await storeRegrade(second.id, since, faultReport("create-tasks", "engine gone"), true)).toBe(true);
    const regraded = await db().gradingResult.findMany({
      where: { submissionId: { in: [first.id, second.id] }, regrade: true },
      orderBy: { createdAt: "asc" },
    });
    expect(regraded.map((g) => g.failedChecks)).toEqual([["ordering.started-before-completed"], []]);

    const ct = (await loadDashboard(cohort.id)).stats.find((s) => s.slug === "create-tasks")!;
    expect(ct.attempted).toBe(2);
    expect(ct.mostFailed).toEqual([
      { checkId: "timing.concurrent", students: 2, share: 1, message: MESSAGES["timing.concurrent"] },
      { checkId: "loop.not-blocked", students: 1, share: 0.5, message: MESSAGES["loop.not-blocked"] },
      {
        checkId: "ordering.started-before-completed",
        students: 1,
        share: 0.5,
        message: MESSAGES["ordering.started-before-completed"],
      },
    ]);
  });

  it("stores the failed checks' ids with the worker's grading", async () => {
    const student = await createUser();
    const queued = await db().submission.create({
      data: { userId: student.id, exerciseSlug: "create-tasks", code: "import asyncio\n", status: "RUNNING" },
    });
    const failing = ["output.lines", "loop.not-blocked"];
    expect(await storeResult(queued.id, report("create-tasks", failing), 900)).not.toBeNull();
    const stored = await db().gradingResult.findFirstOrThrow({ where: { submissionId: queued.id } });
    expect(stored.failedChecks).toEqual(failing);
    expect(stored.verdict).toBe("FAILED");
  });

  it("puts Bob at the top as stuck, and charts activity per day", async () => {
    const d = await loadDashboard(story.cohortId);
    expect(d.stuck.map((s) => s.id)).toEqual([story.bob.id]);
    expect(d.stuck[0].stuckOn).toMatchObject([{ slug: "create-tasks", failedAttempts: 4 }]);
    expect(d.activity.reduce((n, x) => n + x.submissions, 0)).toBe(9);
    expect(d.activity.reduce((n, x) => n + x.passes, 0)).toBe(3);
    const days = d.activity.map((x) => x.day);
    expect(days).toEqual([...days].sort());
    expect(days.length).toBeGreaterThanOrEqual(5); // every day from the first to the last, gaps included
  });

  it("exports grades with the late policy applied, opening cleanly in a spreadsheet", async () => {
    const marked = await cohortGrades(story.cohortId);
    expect(marked.csv.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(marked.csv.slice(1));
    const header = rows[0];
    expect(header.slice(0, 2)).toEqual(["Name", "Email"]);
    expect(header.at(-2)).toMatch(/^Total: final \(\d+\)$/);
    expect(header.at(-1)).toBe("Late");
    const exercises = await db().exercise.count();
    // Automatic, manual and final per exercise and in total (issue 27).
    expect(header.length).toBe(2 + 3 * exercises + 3 + 1);
    const col = (title: string) => header.findIndex((h) => h.startsWith(title));
    const ct = col("Two tasks at once");
    const byEmail = new Map(rows.slice(1).map((r) => [r[1], r]));
    expect(rows.length).toBe(5);
    expect(byEmail.get(story.ann.email)![0]).toBe("Ann Ångström");
    expect(byEmail.get(story.ann.email)![ct]).toBe("10");
    expect(byEmail.get(story.ann.email)!.at(-2)).toBe("20");
    expect(byEmail.get(story.ann.email)!.at(-1)).toBe("create-tasks");
    // A name that would start a formula is defused; quotes and commas survive the round trip.
    expect(byEmail.get(story.bob.email)![0]).toBe(`'=Bob "Builder", Jr`);
    expect(byEmail.get(story.bob.email)![ct]).toBe("7.5");
    expect(byEmail.get(story.dee.email)!.at(-2)).toBe("0");

    await updateCohort(story.cohortId, { latePolicy: "NO_CREDIT" });
    const strict = parseCsv((await cohortGrades(story.cohortId)).csv.slice(1));
    const strictBy = new Map(strict.slice(1).map((r) => [r[1], r]));
    expect(strict[0].at(-1)).toMatch(/^Total: final/);
    expect(strictBy.get(story.ann.email)![ct]).toBe("5"); // her on-time best, the pass came late
    expect(strictBy.get(story.bob.email)![ct]).toBe("0");
    expect(strictBy.get(story.cyd.email)![ct]).toBe("10");
    await updateCohort(story.cohortId, { latePolicy: "MARK_LATE" });
  });

  it("shows a student's every attempt with code, result and gradings", async () => {
    const { attempts } = await studentAttempts(story.cohortId, story.ann.id);
    expect(attempts.map((a) => [a.exercise, a.number, a.verdict])).toEqual([
      ["first-coroutine", 1, "PASSED"],
      ["create-tasks", 1, "FAILED"],
      ["create-tasks", 2, "PASSED"],
    ]);
    expect(attempts[1].code).toContain("import asyncio");
    expect(attempts[1].result?.checks.find((c) => !c.passed)?.id).toBe("ordering.started-before-completed");
    await expect(studentAttempts(story.cohortId, story.eve.id)).rejects.toMatchObject({ status: 404 });
  });

  it("manages cohorts: create, dates, join code, deadlines, co-instructors, roster", async () => {
    const owner = await createUser({ role: "INSTRUCTOR" });
    const other = await createUser({ role: "INSTRUCTOR" });
    const student = await createUser();
    const cohort = await createCohort(owner.id, {
      name: "Evening",
      latePolicy: "NO_CREDIT",
      startsAt: new Date("2027-01-10"),
      endsAt: new Date("2027-03-01"),
    });
    expect(cohort.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const { joinCode } = await regenerateJoinCode(cohort.id);
    expect(joinCode).not.toBe(cohort.joinCode);
    await expect(updateCohort(cohort.id, { endsAt: new Date("2027-01-01") })).rejects.toMatchObject({ status: 400 });
    await setDeadlines(cohort.id, [{ exerciseSlug: "create-tasks", dueAt: new Date("2027-02-01") }]);
    await setDeadlines(cohort.id, [
      { exerciseSlug: "create-tasks", dueAt: null },
      { exerciseSlug: "first-coroutine", dueAt: new Date("2027-01-20") },
    ]);
    expect((await db().deadline.findMany({ where: { cohortId: cohort.id } })).map((d) => d.exerciseSlug)).toEqual([
      "first-coroutine",
    ]);
    await expect(
      setDeadlines(cohort.id, [{ exerciseSlug: "no-such-exercise", dueAt: new Date() }]),
    ).rejects.toMatchObject({ status: 400 });
    await expect(addCoInstructor(cohort.id, student.email)).rejects.toMatchObject({ status: 400 });
    await addCoInstructor(cohort.id, other.email);
    await removeCoInstructor(cohort.id, owner.id);
    await expect(removeCoInstructor(cohort.id, other.id)).rejects.toMatchObject({ status: 409 });
    await db().enrollment.create({ data: { cohortId: cohort.id, userId: student.id } });
    await removeStudent(cohort.id, student.id);
    await expect(removeStudent(cohort.id, student.id)).rejects.toMatchObject({ status: 404 });
  });
});
