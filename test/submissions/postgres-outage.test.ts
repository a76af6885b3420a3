import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSubmission } from "../../lib/submissions/create";
import { createUser } from "../helpers/session";
import { referenceSolution, SLUG, waitFor } from "./fixture";
import {
  faultLines,
  holdSubmissions,
  lockWaiters,
  outage,
  usePostgresOutage,
  workerState,
} from "./postgres-outage-fixture";

/**
 * Issue #8: PostgreSQL goes away for 10 s while results come in. Nothing is lost and nothing is
 * graded twice: every submission ends GRADED (the reference is correct, so PASSED — a fault never
 * becomes a verdict) with exactly one result, and the same worker carries on. Runs on a private
 * PostgreSQL server so the outage never touches the shared one.
 */
describe("gradings survive a PostgreSQL outage", () => {
  // Three slots for two students (one grading each at a time): the third slot keeps claiming
  // during the outage, so claims meet the dead database too, not only results being stored.
  const setting = usePostgresOutage("pg_outage", 3);

  // This process's own queries fail while the server is down: a failed poll means "not yet".
  const rowsOf = (ids: string[]) =>
    db()
      .submission.findMany({
        where: { id: { in: ids } },
        select: { id: true, status: true, verdict: true, errorMessage: true },
      })
      .catch(() => null);
  const gradingsOf = (id: string) => setting.worker.output().split(`grading ${id} `).length - 1;

  it(
    "loses no result and grades none twice when PostgreSQL stops for 10 s as results are stored",
    { timeout: 240_000 },
    async () => {
      const students = [await createUser(), await createUser()];
      const ids: string[] = [];
      for (let i = 0; i < 6; i++)
        ids.push((await createSubmission(students[i % 2], { exercise: SLUG, code: referenceSolution() })).id);
      const running = await waitFor(
        "both students' first submissions to be grading",
        () => rowsOf(ids),
        (rows) => rows?.filter((r) => r.status === "RUNNING").length === 2,
        60_000,
      );

      // Pin the outage to the moment a finished grading is storing its result: hold those rows, wait
      // until the worker's store blocks on them, then stop the server under it (57P01 to the worker).
      const holder = await holdSubmissions(
        setting.databaseUrl,
        running!.filter((r) => r.status === "RUNNING").map((r) => r.id),
      );
      await waitFor("a finished grading to be storing its result", lockWaiters, (n) => n >= 1, 30_000);

      const { stoppedAt, backAt } = await outage(setting, holder);

      const rows = await waitFor(
        `all ${ids.length} submissions to be finished`,
        () => rowsOf(ids),
        (rows) => rows?.length === ids.length && rows.every((r) => r.status === "GRADED" || r.status === "ERROR"),
        180_000,
      );
      const log = setting.worker.output();
      console.log(
        `PostgreSQL down for ${backAt - stoppedAt} ms; all ${ids.length} finished ${Date.now() - backAt} ms ` +
          `after it came back`,
      );
      console.log(`worker's faults:\n${faultLines(log)}`);

      // The outage met both a result being stored and claims of the next jobs (else this proves little).
      expect(log).toMatch(/cannot store the result of \S+ yet, .*(57P01|terminating connection)/);
      expect(log).toMatch(/attempt \d+ on \S+ failed, will retry: Can't reach database server/);
      expect(rows!.filter((r) => r.status !== "GRADED" || r.verdict !== "PASSED")).toEqual([]);
      const results = await db().gradingResult.groupBy({
        by: ["submissionId"],
        where: { submissionId: { in: ids } },
        _count: true,
      });
      expect(results.map((r) => r._count)).toEqual(Array(ids.length).fill(1));
      expect(ids.filter((id) => gradingsOf(id) !== 1)).toEqual([]);

      // The same worker is alive and grades the next submission normally.
      expect(await workerState(setting.worker)).toBe("running");
      const next = (await createSubmission(await createUser(), { exercise: SLUG, code: referenceSolution() })).id;
      const after = await waitFor(
        "a submission made after the outage to be graded",
        () => rowsOf([next]),
        (r) => r?.[0]?.status === "GRADED",
        60_000,
      );
      expect(after![0].verdict).toBe("PASSED");
      expect(await db().gradingResult.count({ where: { submissionId: next } })).toBe(1);
      expect(gradingsOf(next)).toBe(1);
    },
  );
});
