import { beforeAll, describe, expect, it } from "vitest";
import type { GradeReport } from "../../grader/checks/result";
import { resultData } from "../../grader/submissions/grading";
import { db } from "../../lib/db";
import { integrityFlags } from "../../lib/instructor/integrity";
import { createUser } from "../helpers/session";
import { useOwnDatabase } from "../submissions/fixture";
import { report } from "./fixture";

const REFUSED =
  "The grader's records of your run don't match what it saw from outside (one-slower: your code tried " +
  "os.scandir (/tmp) on line 30, which the grading sandbox refuses)";

/** A grading whose integrity gate failed: the runner refused a call of the submission's. */
function refused(slug: string): GradeReport {
  const ran = report(slug, []);
  return {
    ...ran,
    score: 0,
    verdict: "failed",
    checks: [
      { id: "code.runs", weight: 0, passed: true, message: "ran", kind: "gate" },
      { id: "harness.integrity", weight: 0, passed: false, message: REFUSED, kind: "gate" },
      ...ran.checks.map((c) => ({ ...c, passed: false, notRun: true, message: "Not run: tampered." })),
    ],
  };
}

async function graded(userId: string, r: GradeReport) {
  return db().submission.create({
    data: {
      userId,
      exerciseSlug: r.exercise,
      code: "import glob\n",
      status: "GRADED",
      verdict: r.verdict === "passed" ? "PASSED" : "FAILED",
      score: r.score,
      maxScore: 10,
      results: { create: resultData(r) },
    },
  });
}

/** Issue 25: every refusal and integrity failure is shown to the course staff, in their cohort only. */
describe("attempts flagged by the grader, on the cohort dashboard", () => {
  let mine: string;
  let theirs: string;
  let flagged: string;

  beforeAll(async () => {
    await useOwnDatabase("instructor_integrity");
    const [ann, bob, cy] = await Promise.all([
      createUser({ name: "Ann Forger" }),
      createUser({ name: "Bob Honest" }),
      createUser({ name: "Cy Elsewhere" }),
    ]);
    mine = (
      await db().cohort.create({
        data: {
          name: "Mine",
          joinCode: "INTEG-MINE",
          enrollments: { create: [{ userId: ann.id }, { userId: bob.id }] },
        },
      })
    ).id;
    theirs = (
      await db().cohort.create({
        data: { name: "Theirs", joinCode: "INTEG-THEIRS", enrollments: { create: [{ userId: cy.id }] } },
      })
    ).id;
    flagged = (await graded(ann.id, refused("create-tasks"))).id;
    await graded(bob.id, report("create-tasks", ["ordering.started-before-completed"]));
    await graded(cy.id, refused("delays"));
  });

  it("lists the cohort's flagged attempt with what was refused and the student's line", async () => {
    const flags = await integrityFlags(mine);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ submissionId: flagged, exerciseSlug: "create-tasks", message: REFUSED });
    expect(flags[0].student.name).toBe("Ann Forger");
    expect(flags[0].message).toMatch(/on line 30/);
  });

  it("shows another cohort's flags only to that cohort", async () => {
    expect((await integrityFlags(theirs)).map((f) => f.student.name)).toEqual(["Cy Elsewhere"]);
  });
});
