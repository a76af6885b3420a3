import { randomUUID } from "node:crypto";
import type { CheckResult, GradeReport } from "../../grader/checks/result";
import { db } from "../../lib/db";
import type { Verdict } from "../../lib/generated/prisma/client";
import { resultData } from "../../grader/submissions/grading";
import { createUser, type TestUser } from "../helpers/session";

/**
 * A small cohort with a known story, written straight to the database:
 *   Ann   first-coroutine passed; create-tasks failed (before the deadline), passed a day later (late)
 *   Bob   create-tasks failed four times in the last day, never passed: stuck
 *   Cyd   create-tasks failed (blocked the loop), passed a day later, both before the deadline
 *   Dee   enrolled, nothing submitted
 *   Eve   not enrolled: her submissions must not show anywhere
 */
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
export const DEADLINE_AGO = 36 * HOUR;

const CHECKS = ["output.lines", "ordering.started-before-completed", "timing.concurrent", "loop.not-blocked"] as const;
export const MESSAGES: Record<string, string> = {
  "ordering.started-before-completed":
    "`task_two` started only after `task_one` completed: did you await each task right after creating it?",
  "timing.concurrent": "took 1.46 s; running both tasks at once takes about 0.9 s",
  "loop.not-blocked": "time.sleep blocked the event loop for 0.8 s",
};

export function report(slug: string, failing: string[]): GradeReport {
  const checks: CheckResult[] = CHECKS.map((id) => ({
    id,
    weight: 2.5,
    passed: !failing.includes(id),
    message: failing.includes(id) ? MESSAGES[id] : "ok",
  }));
  const score = checks.filter((c) => c.passed).reduce((s, c) => s + c.weight, 0);
  return {
    exercise: slug,
    verdict: failing.length ? "failed" : "passed",
    score,
    maxScore: 10,
    checks,
    elapsedMs: 900,
    timeline: [{ task: "task_one", op: "sleep(0.8)", start: 0, end: 0.8 }],
    output: "Task One Started\n",
  };
}

export async function submission(
  userId: string,
  slug: string,
  agoMs: number,
  failing: string[],
  code = "import asyncio\n# attempt\n",
  now = Date.now(),
) {
  const r = report(slug, failing);
  const verdict: Verdict = r.verdict === "passed" ? "PASSED" : "FAILED";
  const createdAt = new Date(now - agoMs);
  return db().submission.create({
    data: {
      userId,
      exerciseSlug: slug,
      code,
      status: "GRADED",
      verdict,
      score: r.score,
      maxScore: r.maxScore,
      createdAt,
      gradedAt: new Date(createdAt.getTime() + 3000),
      results: { create: { ...resultData(r), createdAt: new Date(createdAt.getTime() + 3000) } },
    },
  });
}

export interface Story {
  cohortId: string;
  instructor: TestUser;
  ann: TestUser;
  bob: TestUser;
  cyd: TestUser;
  dee: TestUser;
  eve: TestUser;
}

/** `into`: an existing cohort (e.g. the demo one) to enrol the story's students in instead of a new one. */
export async function seedStory(into?: string, tag = randomUUID().slice(0, 6)): Promise<Story> {
  const now = Date.now();
  const at = (userId: string, slug: string, agoMs: number, failing: string[]) =>
    submission(userId, slug, agoMs, failing, undefined, now);
  const instructor = await createUser({ role: "INSTRUCTOR", name: `Ida Instructor ${tag}` });
  const [ann, bob, cyd, dee, eve] = await Promise.all([
    createUser({ name: "Ann Ångström" }),
    createUser({ name: '=Bob "Builder", Jr' }),
    createUser({ name: "Cyd Chen" }),
    createUser({ name: "Dee Doe" }),
    createUser({ name: "Eve Elsewhere" }),
  ]);
  const students = [ann, bob, cyd, dee].map((u) => ({ userId: u.id }));
  const deadline = { exerciseSlug: "create-tasks", dueAt: new Date(now - DEADLINE_AGO) };
  const cohort = into
    ? await db().cohort.update({
        where: { id: into },
        data: { enrollments: { create: students }, deadlines: { create: deadline } },
      })
    : await db().cohort.create({
        data: {
          name: `Story cohort ${tag}`,
          joinCode: `STORY-${tag.toUpperCase()}`,
          instructors: { create: { userId: instructor.id } },
          enrollments: { create: students },
          deadlines: { create: deadline },
        },
      });
  await at(ann.id, "first-coroutine", 3 * DAY, []);
  await at(ann.id, "create-tasks", 2 * DAY, ["ordering.started-before-completed", "timing.concurrent"]);
  await at(ann.id, "create-tasks", 1 * DAY, []);
  for (const h of [20, 12, 6, 2])
    await at(bob.id, "create-tasks", h * HOUR, [
      "ordering.started-before-completed",
      ...(h === 2 ? [] : ["timing.concurrent"]),
    ]);
  await at(cyd.id, "create-tasks", 5 * DAY, ["loop.not-blocked"]);
  await at(cyd.id, "create-tasks", 4 * DAY, []);
  await at(eve.id, "create-tasks", 1 * HOUR, ["ordering.started-before-completed", "output.lines", "loop.not-blocked"]);
  return { cohortId: cohort.id, instructor, ann, bob, cyd, dee, eve };
}
