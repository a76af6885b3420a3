import { beforeAll, describe, expect, it } from "vitest";
import { storeRegrade } from "../../grader/regrade-job";
import { db } from "../../lib/db";
import { setRelease } from "../../lib/feedback/release";
import {
  addComment,
  applyRubricItem,
  createRubricItem,
  deleteComment,
  editComment,
  editRubricItem,
  staffFeedback,
  unapplyRubricItem,
} from "../../lib/feedback/staff";
import { markFeedbackRead, studentFeedback, unreadFeedbackSlugs } from "../../lib/feedback/student";
import { finalGrade } from "../../lib/grades/final";
import { manualPoints } from "../../lib/grades/manual";
import { cohortGrades } from "../../lib/instructor/grades";
import { createUser, type TestUser } from "../helpers/session";
import { parseCsv } from "../instructor/csv";
import { HOUR, report, submission } from "../instructor/fixture";
import { useOwnDatabase } from "../submissions/fixture";

const CODE = "import asyncio\n\nasync def main():\n    await asyncio.gather(*[work()])\n\nasyncio.run(main())\n";

/** Manual feedback on the real database: comments, rubric items, the grade they make, release, "new". */
describe("line comments, rubric items and release", () => {
  let cohortId: string;
  let otherCohort: string;
  let ta: TestUser;
  let instructor: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  let annAttempt: string;
  let bobAttempt: string;

  beforeAll(async () => {
    await useOwnDatabase("feedback_lib");
    [ta, instructor, ann, bob] = await Promise.all([
      createUser({ name: "Tia Assistant" }),
      createUser({ role: "INSTRUCTOR", name: "Ida Instructor" }),
      createUser({ name: "Ann Student" }),
      createUser({ name: "Bob Student" }),
    ]);
    cohortId = (
      await db().cohort.create({
        data: {
          name: "Feedback cohort",
          joinCode: "FEEDBACK-1",
          instructors: { create: { userId: instructor.id } },
          assistants: { create: { userId: ta.id } },
          enrollments: { create: [{ userId: ann.id }, { userId: bob.id }] },
        },
      })
    ).id;
    otherCohort = (await db().cohort.create({ data: { name: "Elsewhere", joinCode: "FEEDBACK-2" } })).id;
    // Ann 7.5 of 10 (one check failed), Bob 10 of 10.
    annAttempt = (await submission(ann.id, "create-tasks", 2 * HOUR, ["timing.concurrent"], CODE)).id;
    bobAttempt = (await submission(bob.id, "create-tasks", HOUR, [], CODE)).id;
  });

  it("bounds the final grade by 0 and the exercise's points", () => {
    expect(finalGrade({ automatic: 7.5, manual: 1.5, maxPoints: 10 })).toBe(9);
    expect(finalGrade({ automatic: 9, manual: 3, maxPoints: 10 })).toBe(10);
    expect(finalGrade({ automatic: 1, manual: -4, maxPoints: 10 })).toBe(0);
    expect(finalGrade({ automatic: 7.333, manual: 0, maxPoints: 10 })).toBe(7.33);
  });

  it("keeps comments on lines of a submission of the cohort; only their author edits or deletes them", async () => {
    const { id } = await addComment(cohortId, annAttempt, ta.id, {
      startLine: 4,
      endLine: 4,
      body: "A `gather` of a **one-element** list is just an `await`.",
    });
    await addComment(cohortId, annAttempt, ta.id, { startLine: 1, endLine: 2, body: "Fine." });
    await expect(
      addComment(cohortId, annAttempt, ta.id, { startLine: 7, endLine: 9, body: "x" }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      addComment(otherCohort, annAttempt, ta.id, { startLine: 1, endLine: 1, body: "x" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(editComment(cohortId, id, instructor.id, { body: "Mine now" })).rejects.toMatchObject({ status: 403 });
    await expect(deleteComment(cohortId, id, instructor.id)).rejects.toMatchObject({ status: 403 });
    await expect(editComment(otherCohort, id, ta.id, { body: "x" })).rejects.toMatchObject({ status: 404 });
    await editComment(cohortId, id, ta.id, { body: "A `gather` of one task is just an `await`." });
    const seen = await staffFeedback(cohortId, annAttempt, ta.id);
    expect(seen.comments.map((c) => [c.startLine, c.endLine, c.author, c.body])).toEqual([
      [1, 2, "Tia Assistant", "Fine."],
      [4, 4, "Tia Assistant", "A `gather` of one task is just an `await`."],
    ]);
    const extra = await addComment(cohortId, annAttempt, instructor.id, { startLine: 3, endLine: 3, body: "Gone" });
    await deleteComment(cohortId, extra.id, instructor.id);
    expect((await staffFeedback(cohortId, annAttempt, ta.id)).comments).toHaveLength(2);
  });

  it("applies an item to two submissions; editing it moves both grades; a regrade keeps the manual part", async () => {
    const item = await createRubricItem(cohortId, {
      exerciseSlug: "create-tasks",
      title: "Clear names",
      description: "Task names say what they wait for.",
      points: 1.5,
    });
    await applyRubricItem(cohortId, annAttempt, item.id, ta.id);
    await applyRubricItem(cohortId, annAttempt, item.id, ta.id); // twice is once
    await applyRubricItem(cohortId, bobAttempt, item.id, ta.id);
    let annView = await staffFeedback(cohortId, annAttempt, ta.id);
    expect(annView.grade).toEqual({ automatic: 7.5, manual: 1.5, final: 9, maxPoints: 10 });
    expect(annView.rubric).toMatchObject([{ id: item.id, applied: true, appliedTo: 2 }]);
    expect((await staffFeedback(cohortId, bobAttempt, ta.id)).grade.final).toBe(10);

    await editRubricItem(cohortId, item.id, { title: "Names hide the idea", description: "", points: -2 });
    annView = await staffFeedback(cohortId, annAttempt, ta.id);
    expect(annView.grade).toEqual({ automatic: 7.5, manual: -2, final: 5.5, maxPoints: 10 });
    expect((await staffFeedback(cohortId, bobAttempt, ta.id)).grade.final).toBe(8);

    // The grader is fixed and regrades Ann's attempt to full marks: the rubric item stays applied.
    expect(await storeRegrade(annAttempt, new Date(), report("create-tasks", []), false)).toBe(true);
    annView = await staffFeedback(cohortId, annAttempt, ta.id);
    expect(annView.grade).toEqual({ automatic: 10, manual: -2, final: 8, maxPoints: 10 });
    expect((await manualPoints(cohortId)).get(`${ann.id} create-tasks`)).toBe(-2);
  });

  it("refuses an item of another cohort or exercise", async () => {
    const foreign = await createRubricItem(otherCohort, {
      exerciseSlug: "create-tasks",
      title: "Elsewhere",
      description: "",
      points: 1,
    });
    await expect(applyRubricItem(cohortId, annAttempt, foreign.id, ta.id)).rejects.toMatchObject({ status: 404 });
    const wrongExercise = await createRubricItem(cohortId, {
      exerciseSlug: "first-coroutine",
      title: "Other exercise",
      description: "",
      points: 1,
    });
    await expect(applyRubricItem(cohortId, annAttempt, wrongExercise.id, ta.id)).rejects.toMatchObject({
      status: 400,
    });
    await expect(unapplyRubricItem(cohortId, annAttempt, wrongExercise.id)).rejects.toMatchObject({ status: 404 });
    expect(await db().appliedRubricItem.count({ where: { submissionId: annAttempt } })).toBe(1);
  });

  it("holds feedback until released (pending meanwhile), then marks it new until read", async () => {
    await setRelease(cohortId, "create-tasks", true);
    let seen = await studentFeedback(ann.id, "create-tasks");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ number: 1, pending: true, comments: [], items: [], grade: null, unread: false });
    expect(await unreadFeedbackSlugs(ann.id)).toEqual(new Set());
    expect((await manualPoints(cohortId, { releasedOnly: true })).size).toBe(0);

    await setRelease(cohortId, "create-tasks", false);
    seen = await studentFeedback(ann.id, "create-tasks");
    expect(seen[0]).toMatchObject({ pending: false, unread: true, grade: { automatic: 10, manual: -2, final: 8 } });
    expect(seen[0].comments.map((c) => c.startLine)).toEqual([1, 4]);
    expect(seen[0].items.map((i) => i.title)).toEqual(["Names hide the idea"]);
    expect(await unreadFeedbackSlugs(ann.id)).toEqual(new Set(["create-tasks"]));
    // Bob's feedback is his alone.
    expect((await studentFeedback(bob.id, "create-tasks"))[0].comments).toEqual([]);

    await expect(markFeedbackRead(bob.id, annAttempt)).rejects.toMatchObject({ status: 404 });
    await markFeedbackRead(ann.id, annAttempt);
    expect((await studentFeedback(ann.id, "create-tasks"))[0].unread).toBe(false);
    expect(await unreadFeedbackSlugs(ann.id)).toEqual(new Set());

    // A changed comment is new again.
    const [first] = (await staffFeedback(cohortId, annAttempt, ta.id)).comments;
    await new Promise((r) => setTimeout(r, 5));
    await editComment(cohortId, first.id, ta.id, { body: "Fine: imports first." });
    expect(await unreadFeedbackSlugs(ann.id)).toEqual(new Set(["create-tasks"]));
  });

  it("exports the automatic, manual and final columns", async () => {
    const rows = parseCsv((await cohortGrades(cohortId)).csv.slice(1));
    const header = rows[0];
    const col = (name: string) => header.indexOf(name);
    const ann_ = rows.find((r) => r[1] === ann.email)!;
    const bob_ = rows.find((r) => r[1] === bob.email)!;
    expect(col("Two tasks at once: automatic")).toBeGreaterThan(1);
    expect([
      ann_[col("Two tasks at once: automatic")],
      ann_[col("Two tasks at once: manual")],
      ann_[col("Two tasks at once: final (10)")],
    ]).toEqual(["10", "-2", "8"]);
    expect([
      bob_[col("Two tasks at once: automatic")],
      bob_[col("Two tasks at once: manual")],
      bob_[col("Two tasks at once: final (10)")],
    ]).toEqual(["10", "-2", "8"]);
    expect(ann_[header.findIndex((h) => h.startsWith("Total: final"))]).toBe("8");
  });
});
