-- AlterTable
ALTER TABLE "Cohort" ADD COLUMN     "cooldownSeconds" INTEGER,
ADD COLUMN     "maxAttempts" INTEGER;

-- CreateTable
CREATE TABLE "Extension" (
    "id" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "exerciseSlug" TEXT,
    "dueAt" TIMESTAMP(3),
    "extraMinutes" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    "grantedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Extension_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttemptLimit" (
    "cohortId" TEXT NOT NULL,
    "exerciseSlug" TEXT NOT NULL,
    "maxAttempts" INTEGER,
    "cooldownSeconds" INTEGER,

    CONSTRAINT "AttemptLimit_pkey" PRIMARY KEY ("cohortId","exerciseSlug")
);

-- CreateIndex
CREATE INDEX "Extension_cohortId_userId_idx" ON "Extension"("cohortId", "userId");

-- CreateIndex
CREATE INDEX "Extension_userId_idx" ON "Extension"("userId");

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_exerciseSlug_fkey" FOREIGN KEY ("exerciseSlug") REFERENCES "Exercise"("slug") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttemptLimit" ADD CONSTRAINT "AttemptLimit_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttemptLimit" ADD CONSTRAINT "AttemptLimit_exerciseSlug_fkey" FOREIGN KEY ("exerciseSlug") REFERENCES "Exercise"("slug") ON DELETE CASCADE ON UPDATE CASCADE;
