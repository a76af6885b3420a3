-- CreateTable
CREATE TABLE "CohortAssistant" (
    "cohortId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CohortAssistant_pkey" PRIMARY KEY ("cohortId","userId")
);

-- CreateTable
CREATE TABLE "LineComment" (
    "id" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "authorId" TEXT,
    "startLine" INTEGER NOT NULL,
    "endLine" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LineComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RubricItem" (
    "id" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "exerciseSlug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "points" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RubricItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppliedRubricItem" (
    "submissionId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "appliedById" TEXT,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppliedRubricItem_pkey" PRIMARY KEY ("submissionId","itemId")
);

-- CreateTable
CREATE TABLE "FeedbackRelease" (
    "cohortId" TEXT NOT NULL,
    "exerciseSlug" TEXT NOT NULL,
    "held" BOOLEAN NOT NULL DEFAULT true,
    "releasedAt" TIMESTAMP(3),

    CONSTRAINT "FeedbackRelease_pkey" PRIMARY KEY ("cohortId","exerciseSlug")
);

-- CreateTable
CREATE TABLE "FeedbackRead" (
    "userId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeedbackRead_pkey" PRIMARY KEY ("userId","submissionId")
);

-- CreateIndex
CREATE INDEX "CohortAssistant_userId_idx" ON "CohortAssistant"("userId");

-- CreateIndex
CREATE INDEX "LineComment_submissionId_startLine_idx" ON "LineComment"("submissionId", "startLine");

-- CreateIndex
CREATE INDEX "RubricItem_cohortId_exerciseSlug_idx" ON "RubricItem"("cohortId", "exerciseSlug");

-- CreateIndex
CREATE INDEX "AppliedRubricItem_itemId_idx" ON "AppliedRubricItem"("itemId");

-- AddForeignKey
ALTER TABLE "CohortAssistant" ADD CONSTRAINT "CohortAssistant_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortAssistant" ADD CONSTRAINT "CohortAssistant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortAssistant" ADD CONSTRAINT "CohortAssistant_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineComment" ADD CONSTRAINT "LineComment_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineComment" ADD CONSTRAINT "LineComment_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineComment" ADD CONSTRAINT "LineComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RubricItem" ADD CONSTRAINT "RubricItem_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RubricItem" ADD CONSTRAINT "RubricItem_exerciseSlug_fkey" FOREIGN KEY ("exerciseSlug") REFERENCES "Exercise"("slug") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppliedRubricItem" ADD CONSTRAINT "AppliedRubricItem_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppliedRubricItem" ADD CONSTRAINT "AppliedRubricItem_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "RubricItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppliedRubricItem" ADD CONSTRAINT "AppliedRubricItem_appliedById_fkey" FOREIGN KEY ("appliedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackRelease" ADD CONSTRAINT "FeedbackRelease_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackRelease" ADD CONSTRAINT "FeedbackRelease_exerciseSlug_fkey" FOREIGN KEY ("exerciseSlug") REFERENCES "Exercise"("slug") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackRead" ADD CONSTRAINT "FeedbackRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackRead" ADD CONSTRAINT "FeedbackRead_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- "Checks students fail most" counted checks that were not run (a gate failed: the code did not
-- parse or run) as failed. Gradings now copy only the checks that ran and failed (the gate among
-- them); older gradings are rewritten the same way, and the triggers refresh CheckFailure.
UPDATE "GradingResult" g SET "failedChecks" = ARRAY(
  SELECT c ->> 'id'
  FROM jsonb_array_elements(g.report -> 'checks') AS c
  WHERE c -> 'passed' = 'false'::jsonb AND COALESCE(c -> 'notRun', 'false'::jsonb) <> 'true'::jsonb
)
WHERE jsonb_typeof(g.report -> 'checks') = 'array'
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(g.report -> 'checks') AS c WHERE c -> 'notRun' = 'true'::jsonb);
