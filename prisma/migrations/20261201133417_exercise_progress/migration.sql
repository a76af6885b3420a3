-- CreateTable
CREATE TABLE "ExerciseProgress" (
    "userId" TEXT NOT NULL,
    "exerciseSlug" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "failedAttempts" INTEGER NOT NULL,
    "attemptsToPass" INTEGER,
    "bestScore" DOUBLE PRECISION,
    "bestAt" TIMESTAMP(3),
    "maxScore" DOUBLE PRECISION,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "passedAt" TIMESTAMP(3),
    "activityDays" DATE[],
    "activityCounts" INTEGER[],

    CONSTRAINT "ExerciseProgress_pkey" PRIMARY KEY ("userId","exerciseSlug")
);

-- CreateTable
CREATE TABLE "CheckFailure" (
    "userId" TEXT NOT NULL,
    "exerciseSlug" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "example" TEXT NOT NULL,

    CONSTRAINT "CheckFailure_pkey" PRIMARY KEY ("userId","exerciseSlug","checkId")
);

-- AddForeignKey
ALTER TABLE "ExerciseProgress" ADD CONSTRAINT "ExerciseProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExerciseProgress" ADD CONSTRAINT "ExerciseProgress_exerciseSlug_fkey" FOREIGN KEY ("exerciseSlug") REFERENCES "Exercise"("slug") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckFailure" ADD CONSTRAINT "CheckFailure_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckFailure" ADD CONSTRAINT "CheckFailure_exerciseSlug_fkey" FOREIGN KEY ("exerciseSlug") REFERENCES "Exercise"("slug") ON DELETE CASCADE ON UPDATE CASCADE;

-- The two summaries are kept by triggers, in the transaction of every write to Submission and
-- GradingResult (a submission stored, claimed, graded, regraded, swept or deleted, and rows written
-- straight by SQL alike), so no writer can leave them behind. Each refresh recomputes the touched
-- (student, exercise) cells from their submissions, the few rows of the (userId, exerciseSlug,
-- createdAt) index, with the very rules the dashboard's queries used to apply to every submission.

-- One refresh of a cell at a time: a refresh holds its cells' locks until its transaction ends, and
-- (READ COMMITTED takes a snapshot per statement) reads after taking them, so it sees what every
-- earlier refresh of those cells committed, and the last writer's refresh sees every write. Locks
-- are taken in one order (no deadlock between two refreshes); a statement that touches many cells
-- (a bulk import) takes the table instead, which waits for and holds off every other refresh.
CREATE FUNCTION "dashboard_lock_cells"(cell_users TEXT[], cell_slugs TEXT[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(cell_users) > 64 THEN
    LOCK TABLE "ExerciseProgress" IN SHARE ROW EXCLUSIVE MODE;
  ELSE
    LOCK TABLE "ExerciseProgress" IN ROW EXCLUSIVE MODE;
    PERFORM pg_advisory_xact_lock(hashtext('ExerciseProgress'), hashtext(c.u || '/' || c.s))
    FROM (SELECT DISTINCT u, s FROM unnest(cell_users, cell_slugs) AS t(u, s) ORDER BY u, s) c;
  END IF;
END $$;

-- Every figure of the progress matrix, exactly as lib/instructor/queries.ts cellRows computed it
-- from the submissions (attempts-to-pass counts the attempts up to the first pass; the best score
-- and its first time are of GRADED attempts), and the cell's submissions per UTC day for the
-- activity chart. A cell without submissions has no row.
CREATE FUNCTION "dashboard_refresh_progress"(cell_users TEXT[], cell_slugs TEXT[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "ExerciseProgress" p
  USING unnest(cell_users, cell_slugs) AS c(u, s)
  WHERE p."userId" = c.u AND p."exerciseSlug" = c.s
    AND NOT EXISTS (SELECT 1 FROM "Submission" x WHERE x."userId" = c.u AND x."exerciseSlug" = c.s);

  WITH cell_rows AS (
    SELECT x."userId", x."exerciseSlug", x.verdict, x.status, x.score, x."maxScore", x."createdAt",
      min(x."createdAt") FILTER (WHERE x.verdict = 'PASSED') OVER cell AS "cellPassedAt",
      max(x.score) FILTER (WHERE x.status = 'GRADED') OVER cell AS "cellBest"
    FROM (SELECT DISTINCT u, s FROM unnest(cell_users, cell_slugs) AS t(u, s)) c
    JOIN "Submission" x ON x."userId" = c.u AND x."exerciseSlug" = c.s
    WINDOW cell AS (PARTITION BY x."userId", x."exerciseSlug")
  ), figures AS (
    SELECT a."userId", a."exerciseSlug",
      count(*)::int AS "attempts",
      (count(*) FILTER (WHERE a.verdict IN ('FAILED', 'ERROR')))::int AS "failedAttempts",
      -- The passing attempt itself counts, so 0 means never passed.
      NULLIF(count(*) FILTER (WHERE a."createdAt" <= a."cellPassedAt"), 0)::int AS "attemptsToPass",
      max(a.score) FILTER (WHERE a.status = 'GRADED') AS "bestScore",
      min(a."createdAt") FILTER (WHERE a.status = 'GRADED' AND a.score = a."cellBest") AS "bestAt",
      max(a."maxScore") AS "maxScore",
      min(a."createdAt") AS "firstAt",
      max(a."createdAt") AS "lastAt",
      min(a."createdAt") FILTER (WHERE a.verdict = 'PASSED') AS "passedAt"
    FROM cell_rows a
    GROUP BY a."userId", a."exerciseSlug"
  ), activity AS (
    SELECT d."userId", d."exerciseSlug", array_agg(d.day ORDER BY d.day) AS "activityDays",
      array_agg(d.n ORDER BY d.day) AS "activityCounts"
    FROM (
      SELECT "userId", "exerciseSlug", "createdAt"::date AS day, count(*)::int AS n FROM cell_rows GROUP BY 1, 2, 3
    ) d
    GROUP BY d."userId", d."exerciseSlug"
  )
  INSERT INTO "ExerciseProgress" AS p ("userId", "exerciseSlug", "attempts", "failedAttempts",
    "attemptsToPass", "bestScore", "bestAt", "maxScore", "firstAt", "lastAt", "passedAt",
    "activityDays", "activityCounts")
  SELECT f."userId", f."exerciseSlug", f."attempts", f."failedAttempts", f."attemptsToPass", f."bestScore",
    f."bestAt", f."maxScore", f."firstAt", f."lastAt", f."passedAt", a."activityDays", a."activityCounts"
  FROM figures f JOIN activity a ON a."userId" = f."userId" AND a."exerciseSlug" = f."exerciseSlug"
  ON CONFLICT ("userId", "exerciseSlug") DO UPDATE SET
    "attempts" = EXCLUDED."attempts", "failedAttempts" = EXCLUDED."failedAttempts",
    "attemptsToPass" = EXCLUDED."attemptsToPass", "bestScore" = EXCLUDED."bestScore",
    "bestAt" = EXCLUDED."bestAt", "maxScore" = EXCLUDED."maxScore", "firstAt" = EXCLUDED."firstAt",
    "lastAt" = EXCLUDED."lastAt", "passedAt" = EXCLUDED."passedAt",
    "activityDays" = EXCLUDED."activityDays", "activityCounts" = EXCLUDED."activityCounts";
END $$;

-- The checks each student failed, as lib/instructor/queries.ts failedCheckRows counted them: a
-- check failed in the current grading of any FAILED attempt. An attempt's current grading is its
-- newest one that is not a grader fault (the one its stored verdict follows); only regrades can
-- supersede a grading (one first grading per submission).
CREATE FUNCTION "dashboard_refresh_check_failures"(cell_users TEXT[], cell_slugs TEXT[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "CheckFailure" f
  USING unnest(cell_users, cell_slugs) AS c(u, s)
  WHERE f."userId" = c.u AND f."exerciseSlug" = c.s;

  INSERT INTO "CheckFailure" ("userId", "exerciseSlug", "checkId", "example")
  SELECT x."userId", x."exerciseSlug", failed."checkId", max(g.id)
  FROM (SELECT DISTINCT u, s FROM unnest(cell_users, cell_slugs) AS t(u, s)) c
  JOIN "Submission" x ON x."userId" = c.u AND x."exerciseSlug" = c.s
  JOIN "GradingResult" g ON g."submissionId" = x.id AND g.verdict <> 'ERROR'
  CROSS JOIN LATERAL unnest(g."failedChecks") AS failed("checkId")
  WHERE x.status = 'GRADED' AND x.verdict = 'FAILED'
    AND NOT EXISTS (
      SELECT 1 FROM "GradingResult" n
      WHERE n."submissionId" = g."submissionId" AND n.regrade AND n.verdict <> 'ERROR'
        AND n."createdAt" > g."createdAt"
    )
  GROUP BY 1, 2, 3;
END $$;

CREATE FUNCTION "dashboard_submission_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cell_users TEXT[];
  cell_slugs TEXT[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(u ORDER BY u, s), array_agg(s ORDER BY u, s) INTO cell_users, cell_slugs
    FROM (SELECT DISTINCT "userId" AS u, "exerciseSlug" AS s FROM new_rows) c;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Only rows whose counted columns changed: the figures read the status only as GRADED or
    -- not, so a claim (QUEUED to RUNNING, startedAt) or its release refreshes nothing. Rows pair
    -- by id, which no writer changes.
    WITH changed AS (
      SELECT o."userId" AS ou, o."exerciseSlug" AS os, n."userId" AS nu, n."exerciseSlug" AS ns
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o."userId", o."exerciseSlug", o.status = 'GRADED', o.verdict, o.score, o."maxScore", o."createdAt")
        IS DISTINCT FROM
        (n."userId", n."exerciseSlug", n.status = 'GRADED', n.verdict, n.score, n."maxScore", n."createdAt")
    )
    SELECT array_agg(u ORDER BY u, s), array_agg(s ORDER BY u, s) INTO cell_users, cell_slugs
    FROM (SELECT ou AS u, os AS s FROM changed UNION SELECT nu, ns FROM changed) c;
  ELSE
    SELECT array_agg(u ORDER BY u, s), array_agg(s ORDER BY u, s) INTO cell_users, cell_slugs
    FROM (SELECT DISTINCT "userId" AS u, "exerciseSlug" AS s FROM old_rows) c;
  END IF;
  IF cell_users IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM "dashboard_lock_cells"(cell_users, cell_slugs);
  PERFORM "dashboard_refresh_progress"(cell_users, cell_slugs);
  PERFORM "dashboard_refresh_check_failures"(cell_users, cell_slugs);
  RETURN NULL;
END $$;

CREATE FUNCTION "dashboard_grading_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cell_users TEXT[];
  cell_slugs TEXT[];
BEGIN
  -- A grading deleted with its submission has no cell left here: the submission's own trigger refreshes it.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(u ORDER BY u, s), array_agg(s ORDER BY u, s) INTO cell_users, cell_slugs
    FROM (SELECT DISTINCT x."userId" AS u, x."exerciseSlug" AS s
      FROM new_rows g JOIN "Submission" x ON x.id = g."submissionId") c;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(u ORDER BY u, s), array_agg(s ORDER BY u, s) INTO cell_users, cell_slugs
    FROM (SELECT DISTINCT x."userId" AS u, x."exerciseSlug" AS s
      FROM (SELECT "submissionId" FROM new_rows UNION SELECT "submissionId" FROM old_rows) g
      JOIN "Submission" x ON x.id = g."submissionId") c;
  ELSE
    SELECT array_agg(u ORDER BY u, s), array_agg(s ORDER BY u, s) INTO cell_users, cell_slugs
    FROM (SELECT DISTINCT x."userId" AS u, x."exerciseSlug" AS s
      FROM old_rows g JOIN "Submission" x ON x.id = g."submissionId") c;
  END IF;
  IF cell_users IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM "dashboard_lock_cells"(cell_users, cell_slugs);
  PERFORM "dashboard_refresh_check_failures"(cell_users, cell_slugs);
  RETURN NULL;
END $$;

CREATE TRIGGER "Submission_dashboard_insert" AFTER INSERT ON "Submission"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_submission_changed"();
CREATE TRIGGER "Submission_dashboard_update" AFTER UPDATE ON "Submission"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_submission_changed"();
CREATE TRIGGER "Submission_dashboard_delete" AFTER DELETE ON "Submission"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_submission_changed"();
CREATE TRIGGER "GradingResult_dashboard_insert" AFTER INSERT ON "GradingResult"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_grading_changed"();
CREATE TRIGGER "GradingResult_dashboard_update" AFTER UPDATE ON "GradingResult"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_grading_changed"();
CREATE TRIGGER "GradingResult_dashboard_delete" AFTER DELETE ON "GradingResult"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_grading_changed"();

-- Backfill: every cell that has submissions.
SELECT "dashboard_lock_cells"(u, s), "dashboard_refresh_progress"(u, s), "dashboard_refresh_check_failures"(u, s)
FROM (
  SELECT COALESCE(array_agg("userId" ORDER BY "userId", "exerciseSlug"), '{}') AS u,
    COALESCE(array_agg("exerciseSlug" ORDER BY "userId", "exerciseSlug"), '{}') AS s
  FROM (SELECT DISTINCT "userId", "exerciseSlug" FROM "Submission") c
) cells;
