-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('OPEN', 'REGRADED', 'OVERRIDDEN', 'DECLINED');

-- CreateEnum
CREATE TYPE "SimilarityStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'ERROR');

-- AlterTable
ALTER TABLE "GradingResult" ADD COLUMN     "failedChecks" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "VerdictReport" (
    "id" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "status" "ReportStatus" NOT NULL DEFAULT 'OPEN',
    "answer" TEXT,
    "overrideScore" DOUBLE PRECISION,
    "answeredById" TEXT,
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerdictReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimilarityRun" (
    "id" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "exerciseSlug" TEXT NOT NULL,
    "status" "SimilarityStatus" NOT NULL DEFAULT 'QUEUED',
    "requestedById" TEXT,
    "compared" INTEGER,
    "durationMs" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SimilarityRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimilarityPair" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "leftSubmissionId" TEXT NOT NULL,
    "rightSubmissionId" TEXT NOT NULL,
    "similarity" DOUBLE PRECISION NOT NULL,
    "fragments" JSONB NOT NULL,

    CONSTRAINT "SimilarityPair_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VerdictReport_submissionId_idx" ON "VerdictReport"("submissionId");

-- CreateIndex
CREATE INDEX "VerdictReport_status_createdAt_idx" ON "VerdictReport"("status", "createdAt");

-- CreateIndex
CREATE INDEX "SimilarityRun_cohortId_exerciseSlug_createdAt_idx" ON "SimilarityRun"("cohortId", "exerciseSlug", "createdAt");

-- CreateIndex
CREATE INDEX "SimilarityPair_runId_similarity_idx" ON "SimilarityPair"("runId", "similarity");

-- AddForeignKey
ALTER TABLE "VerdictReport" ADD CONSTRAINT "VerdictReport_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerdictReport" ADD CONSTRAINT "VerdictReport_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerdictReport" ADD CONSTRAINT "VerdictReport_answeredById_fkey" FOREIGN KEY ("answeredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimilarityRun" ADD CONSTRAINT "SimilarityRun_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimilarityRun" ADD CONSTRAINT "SimilarityRun_exerciseSlug_fkey" FOREIGN KEY ("exerciseSlug") REFERENCES "Exercise"("slug") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimilarityRun" ADD CONSTRAINT "SimilarityRun_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimilarityPair" ADD CONSTRAINT "SimilarityPair_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SimilarityRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimilarityPair" ADD CONSTRAINT "SimilarityPair_leftSubmissionId_fkey" FOREIGN KEY ("leftSubmissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimilarityPair" ADD CONSTRAINT "SimilarityPair_rightSubmissionId_fkey" FOREIGN KEY ("rightSubmissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the ids of the failed checks of every existing grading, from its report.
UPDATE "GradingResult" g SET "failedChecks" = COALESCE((
    SELECT array_agg(c ->> 'id' ORDER BY ord)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(g.report -> 'checks') = 'array' THEN g.report -> 'checks' ELSE '[]'::jsonb END) WITH ORDINALITY AS t(c, ord)
    WHERE c ->> 'passed' = 'false' AND c ->> 'id' IS NOT NULL
), ARRAY[]::TEXT[]);
