import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { loadDashboard } from "../../lib/instructor/dashboard";
import { enqueueRegrades, regradeProgress, requestRegrade } from "../../lib/instructor/regrade";
import { createUser } from "../helpers/session";
import { submission } from "../instructor/fixture";
import { SLUG, waitFor } from "./fixture";
import {
  faultLines,
  holdSubmissions,
  lockWaiters,
  outage,
  usePostgresOutage,
  workerState,
} from "./postgres-outage-fixture";

/**
 * Issue #15: a regrade finished while PostgreSQL is down is stored when it returns, like a first
 * grading (test/submissions/postgres-outage.test.ts). An instructor regrades four submissions
 * whose stored verdicts are stale (two references stored as failed, two known-wrong solutions
 * stored as passed); every regrade is finished and storing its result when the server stops for
 * 10 s. Afterwards each has exactly one regrade with the verdict the sandbox really gives, none
 * was graded twice, and the same worker regrades normally. Runs on a private PostgreSQL server
 * so the outage never touches the shared one.
 */
const ROOT = new URL("../../", import.meta.url);
const code = (path: string) => readFileSync(new URL(`exercises/${SLUG}/${path}`, ROOT), "utf8");

describe("regrades survive a PostgreSQL outage", () => {
  // One slot per regrade: all four are graded at once, so all four are storing when the server stops.
  const setting = usePostgresOutage("regrade_pg_outage", 4);

  // This process's own queries fail while the server is down: a failed poll means "not yet".
  const regradesOf = (ids: string[]) =>
    db()
      .gradingResult.findMany({
        where: { submissionId: { in: ids }, regrade: true },
        select: { submissionId: true, verdict: true },
      })
      .catch(() => null);
  const regradingsOf = (id: string) => setting.worker.output().split(`regrading ${id} `).length - 1;

  it(
    "stores each finished regrade once, with its real verdict, when PostgreSQL returns after 10 s",
    { timeout: 300_000 },
    async () => {
      const cohort = await db().cohort.create({ data: { name: "Outage", joinCode: `OUT-${Date.now() % 1e8}` } });
      const students = await Promise.all([1, 2, 3, 4].map(() => createUser()));
      await db().enrollment.createMany({ data: students.map((u) => ({ cohortId: cohort.id, userId: u.id })) });
      // Graded under "old checks": the references failed, the known-wrong solutions passed.
      const right = await Promise.all(
        students.slice(0, 2).map((u) => submission(u.id, SLUG, 3600_000, ["timing.concurrent"], code("reference.py"))),
      );
      const wrong = await Promise.all(
        students.slice(2).map((u) => submission(u.id, SLUG, 3600_000, [], code("wrong/no-await.py"))),
      );
      const ids = [...right, ...wrong].map((s) => s.id);
      const expected = new Map<string, string>([
        ...right.map((s) => [s.id, "PASSED"] as const),
        ...wrong.map((s) => [s.id, "FAILED"] as const),
      ]);

      // Pin the outage to the moment the finished regrades store their results: hold the four rows
      // (storeRegrade locks its submission first), wait until all four stores block on them, then
      // stop the server under them (57P01 to the worker); their retries then meet a server that is gone.
      const holder = await holdSubmissions(setting.databaseUrl, ids);

      const started = await requestRegrade(cohort.id, SLUG);
      expect([started.total, started.enqueued]).toEqual([4, 4]);
      await waitFor("all four finished regrades to be storing their results", lockWaiters, (n) => n === 4, 180_000);
      expect(ids.filter((id) => regradingsOf(id) !== 1)).toEqual([]);

      const { stoppedAt, backAt } = await outage(setting, holder);

      const stored = await waitFor(
        "all four regrades to be stored",
        () => regradesOf(ids),
        (rows) => rows?.length === ids.length,
        120_000,
      );
      const log = setting.worker.output();
      console.log(
        `PostgreSQL down for ${backAt - stoppedAt} ms; all ${ids.length} regrades stored ${Date.now() - backAt} ms ` +
          `after it came back`,
      );
      console.log(`worker's faults:\n${faultLines(log)}`);

      // Each regrade was finished and waiting while the server was down: its store was cut off as
      // the server stopped, and retried while it was gone. A store that took a pooled connection the
      // stop had already cut (the worker's warm-up leaves one idle) hears of it from the driver.
      for (const id of ids)
        expect(log).toMatch(
          new RegExp(`cannot store the regrade of ${id} yet, .*(57P01|terminat|connection error and is not queryable)`),
        );
      expect(log).toMatch(/cannot store the regrade of \S+ yet, .*Can't reach database server/);
      // Stored once each, with the verdict the sandbox gave, and graded once each.
      await new Promise((r) => setTimeout(r, 2000)); // a second, late store would show up here
      const rows = (await regradesOf(ids))!;
      expect(rows.length).toBe(ids.length);
      expect(Object.fromEntries(rows.map((r) => [r.submissionId, r.verdict]))).toEqual(Object.fromEntries(expected));
      expect(stored!.length).toBe(ids.length);
      expect(ids.filter((id) => regradingsOf(id) !== 1)).toEqual([]);
      expect(log).not.toMatch(/already stored by another attempt/);
      // The first gradings are kept beside them, and the listing copy follows the regrade.
      expect(await db().gradingResult.count({ where: { submissionId: { in: ids }, regrade: false } })).toBe(4);
      const listed = await db().submission.findMany({
        where: { id: { in: ids } },
        select: { id: true, verdict: true },
      });
      expect(Object.fromEntries(listed.map((s) => [s.id, s.verdict]))).toEqual(Object.fromEntries(expected));
      expect(await regradeProgress(cohort.id, SLUG, new Date(started.since))).toEqual({
        total: 4,
        done: 4,
        errors: 0,
        finished: true,
      });
      const dashboard = await loadDashboard(cohort.id);
      expect(dashboard.stats.find((s) => s.slug === SLUG)).toMatchObject({ attempted: 4, passed: 2 });

      // The same worker is alive and regrades normally afterwards.
      expect(await workerState(setting.worker)).toBe("running");
      await enqueueRegrades([right[0].id], new Date());
      const again = await waitFor(
        "a regrade requested after the outage to be stored",
        () => regradesOf([right[0].id]),
        (r) => r?.length === 2,
        60_000,
      );
      expect(again!.map((r) => r.verdict)).toEqual(["PASSED", "PASSED"]);
      expect(regradingsOf(right[0].id)).toBe(2);
    },
  );
});
