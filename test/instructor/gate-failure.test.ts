import { beforeAll, describe, expect, it } from "vitest";
import type { GradeReport } from "../../grader/checks/result";
import { db } from "../../lib/db";
import { loadDashboard } from "../../lib/instructor/dashboard";
import { resultData } from "../../grader/submissions/grading";
import { createUser } from "../helpers/session";
import { useOwnDatabase } from "../submissions/fixture";
import { HOUR, report, submission } from "./fixture";

const SYNTAX = "line 3: SyntaxError: invalid syntax";

/** A grading whose code did not parse: the gate fails, every other check is "not run". */
function gateFailure(slug: string): GradeReport {
  const ran = report(slug, []);
  return {
    ...ran,
    score: 0,
    verdict: "failed",
    checks: [
      { id: "code.runs", weight: 0, passed: false, message: SYNTAX, kind: "gate" },
      { id: "harness.integrity", weight: 0, passed: true, message: "ok", kind: "gate" },
      ...ran.checks.map((c) => ({
        ...c,
        passed: false,
        notRun: true,
        message: "Not run: your code did not run to the end.",
      })),
    ],
  };
}

/**
 * Issue 27: "checks students fail most" counted checks that were not run as failed. With one syntax
 * error and one sequential attempt, the figures must name the gate that failed (with its message)
 * and the one check the sequential attempt really failed.
 */
describe("checks students fail most, with a gate failure in the data", () => {
  let cohortId: string;

  beforeAll(async () => {
    await useOwnDatabase("instructor_gate");
    const [ann, bob] = await Promise.all([createUser({ name: "Ann Gate" }), createUser({ name: "Bob Gate" })]);
    cohortId = (
      await db().cohort.create({
        data: {
          name: "Gate cohort",
          joinCode: "GATE-COHORT",
          enrollments: { create: [{ userId: ann.id }, { userId: bob.id }] },
        },
      })
    ).id;
    const r = gateFailure("create-tasks");
    await db().submission.create({
      data: {
        userId: ann.id,
        exerciseSlug: "create-tasks",
        code: "import asyncio\ndef (:\n",
        status: "GRADED",
        verdict: "FAILED",
        score: 0,
        maxScore: 10,
        results: { create: resultData(r) },
      },
    });
    await submission(bob.id, "create-tasks", HOUR, ["ordering.started-before-completed"]);
  });

  it("counts the gate that failed, not the checks that were not run", async () => {
    const d = await loadDashboard(cohortId);
    const stats = d.stats.find((s) => s.slug === "create-tasks")!;
    const failed = Object.fromEntries(stats.mostFailed.map((f) => [f.checkId, f]));
    expect(Object.keys(failed).sort()).toEqual(["code.runs", "ordering.started-before-completed"]);
    expect(failed["code.runs"]).toMatchObject({ students: 1, share: 0.5, message: SYNTAX });
    expect(failed["ordering.started-before-completed"].students).toBe(1);
    expect(failed["ordering.started-before-completed"].message).not.toMatch(/^Not run/);
  });

  it("rewrites an older grading that stored its not-run checks as failed (the migration's backfill)", async () => {
    // As the grader wrote it before: every check with passed === false, the not-run ones included.
    const old = await db().gradingResult.findFirstOrThrow({ where: { failedChecks: { has: "code.runs" } } });
    const everyFailed = (old.report as GradeReport).checks.filter((c) => !c.passed).map((c) => c.id);
    await db().gradingResult.update({ where: { id: old.id }, data: { failedChecks: everyFailed } });
    const before = await loadDashboard(cohortId);
    expect(before.stats.find((s) => s.slug === "create-tasks")!.mostFailed.map((f) => f.checkId)).toContain(
      "timing.concurrent",
    );
    const { readFileSync, readdirSync } = await import("node:fs");
    const folder = readdirSync("prisma/migrations").find((f) => f.endsWith("_instructor_feedback"))!;
    const sql = readFileSync(`prisma/migrations/${folder}/migration.sql`, "utf8");
    await db().$executeRawUnsafe(sql.slice(sql.indexOf('UPDATE "GradingResult"')));
    const after = await loadDashboard(cohortId);
    expect(
      after.stats
        .find((s) => s.slug === "create-tasks")!
        .mostFailed.map((f) => f.checkId)
        .sort(),
    ).toEqual(["code.runs", "ordering.started-before-completed"]);
  });
});
