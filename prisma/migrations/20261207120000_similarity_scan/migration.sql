-- SimilarityRun becomes SimilarityScan and SimilarityPair.runId becomes scanId (issue #28: "run"
-- named five different things). Renames only, so every row, its id and its pairs are kept; the
-- constraint and index names are the ones Prisma gives the new model and field.

-- RenameTable
ALTER TABLE "SimilarityRun" RENAME TO "SimilarityScan";

-- RenamePrimaryKey
ALTER TABLE "SimilarityScan" RENAME CONSTRAINT "SimilarityRun_pkey" TO "SimilarityScan_pkey";

-- RenameForeignKey
ALTER TABLE "SimilarityScan" RENAME CONSTRAINT "SimilarityRun_cohortId_fkey" TO "SimilarityScan_cohortId_fkey";

-- RenameForeignKey
ALTER TABLE "SimilarityScan" RENAME CONSTRAINT "SimilarityRun_exerciseSlug_fkey" TO "SimilarityScan_exerciseSlug_fkey";

-- RenameForeignKey
ALTER TABLE "SimilarityScan" RENAME CONSTRAINT "SimilarityRun_requestedById_fkey" TO "SimilarityScan_requestedById_fkey";

-- RenameIndex
ALTER INDEX "SimilarityRun_cohortId_exerciseSlug_createdAt_idx" RENAME TO "SimilarityScan_cohortId_exerciseSlug_createdAt_idx";

-- RenameColumn
ALTER TABLE "SimilarityPair" RENAME COLUMN "runId" TO "scanId";

-- RenameForeignKey
ALTER TABLE "SimilarityPair" RENAME CONSTRAINT "SimilarityPair_runId_fkey" TO "SimilarityPair_scanId_fkey";

-- RenameIndex
ALTER INDEX "SimilarityPair_runId_similarity_idx" RENAME TO "SimilarityPair_scanId_similarity_idx";
