-- AlterTable
ALTER TABLE "EditJob" ADD COLUMN     "errorKind" TEXT,
ADD COLUMN     "gpuCostUsdMicros" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "gpuExecutionMs" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "maskCoverage" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "steps" INTEGER NOT NULL DEFAULT 24;

-- CreateIndex
CREATE INDEX "EditJob_userId_createdAt_idx" ON "EditJob"("userId", "createdAt");
