-- CreateEnum
CREATE TYPE "GpuJobKind" AS ENUM ('image', 'sheet_image', 'lora_training', 'edit');

-- CreateEnum
CREATE TYPE "GpuJobStatus" AS ENUM ('queued', 'submitted', 'running', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "GpuAttemptStatus" AS ENUM ('submitting', 'submitted', 'unconfirmed', 'rejected', 'settled', 'superseded');

-- AlterTable
ALTER TABLE "GenerationJob" ADD COLUMN     "gpuCostUsdMicros" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "gpuExecutionMs" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "GpuJob" (
    "id" UUID NOT NULL,
    "kind" "GpuJobKind" NOT NULL,
    "userId" UUID NOT NULL,
    "generationItemId" UUID,
    "loraTrainingJobId" UUID,
    "editJobId" UUID,
    "endpoint" TEXT NOT NULL,
    "status" "GpuJobStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "executionTimeoutMs" INTEGER NOT NULL,
    "currentAttemptId" UUID,
    "runpodJobId" TEXT,
    "submittedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "delayMs" INTEGER,
    "executionMs" INTEGER NOT NULL DEFAULT 0,
    "costUsdMicros" INTEGER NOT NULL DEFAULT 0,
    "progress" JSONB,
    "error" TEXT,
    "errorClass" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "GpuJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GpuJobAttempt" (
    "id" UUID NOT NULL,
    "gpuJobId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "webhookToken" TEXT NOT NULL,
    "runpodJobId" TEXT,
    "status" "GpuAttemptStatus" NOT NULL DEFAULT 'submitting',
    "runpodStatus" TEXT,
    "delayMs" INTEGER,
    "executionMs" INTEGER,
    "costUsdMicros" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMP(3),
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "GpuJobAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GpuJob_generationItemId_key" ON "GpuJob"("generationItemId");

-- CreateIndex
CREATE UNIQUE INDEX "GpuJob_loraTrainingJobId_key" ON "GpuJob"("loraTrainingJobId");

-- CreateIndex
CREATE UNIQUE INDEX "GpuJob_editJobId_key" ON "GpuJob"("editJobId");

-- CreateIndex
CREATE INDEX "GpuJob_status_submittedAt_idx" ON "GpuJob"("status", "submittedAt");

-- CreateIndex
CREATE INDEX "GpuJob_userId_createdAt_idx" ON "GpuJob"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GpuJobAttempt_webhookToken_key" ON "GpuJobAttempt"("webhookToken");

-- CreateIndex
CREATE INDEX "GpuJobAttempt_runpodJobId_idx" ON "GpuJobAttempt"("runpodJobId");

-- CreateIndex
CREATE UNIQUE INDEX "GpuJobAttempt_gpuJobId_number_key" ON "GpuJobAttempt"("gpuJobId", "number");

-- CreateIndex
CREATE INDEX "GenerationItem_status_idx" ON "GenerationItem"("status");

-- AddForeignKey
ALTER TABLE "GpuJob" ADD CONSTRAINT "GpuJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GpuJob" ADD CONSTRAINT "GpuJob_generationItemId_fkey" FOREIGN KEY ("generationItemId") REFERENCES "GenerationItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GpuJob" ADD CONSTRAINT "GpuJob_loraTrainingJobId_fkey" FOREIGN KEY ("loraTrainingJobId") REFERENCES "LoraTrainingJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GpuJob" ADD CONSTRAINT "GpuJob_editJobId_fkey" FOREIGN KEY ("editJobId") REFERENCES "EditJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GpuJobAttempt" ADD CONSTRAINT "GpuJobAttempt_gpuJobId_fkey" FOREIGN KEY ("gpuJobId") REFERENCES "GpuJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Data: every existing pack image gets its GPU job (attempts, RunPod id, timings carried over).
-- Images still queued or on the GPU keep going: the reconcile re-submits queued GPU jobs that
-- have no pending submission and checks submitted ones with GET /status.
INSERT INTO "GpuJob" ("id", "kind", "userId", "generationItemId", "endpoint", "status", "attempts", "maxAttempts",
  "executionTimeoutMs", "runpodJobId", "submittedAt", "delayMs", "executionMs", "error", "errorClass", "createdAt", "updatedAt", "completedAt")
SELECT gen_random_uuid(), 'image', j."userId", i."id", CASE WHEN j."nsfw" THEN 'image_nsfw' ELSE 'image' END,
  i."status"::text::"GpuJobStatus",
  i."attempts", 3, 600000, i."runpodJobId", i."submittedAt", i."gpuDelayMs", COALESCE(i."gpuExecutionMs", 0),
  i."error", i."errorKind", i."createdAt", now(), i."completedAt"
FROM "GenerationItem" i JOIN "GenerationJob" j ON j."id" = i."jobId";

INSERT INTO "GpuJobAttempt" ("id", "gpuJobId", "number", "webhookToken", "runpodJobId", "status", "submittedAt")
SELECT gen_random_uuid(), g."id", GREATEST(i."attempts", 1), i."webhookToken", i."runpodJobId",
  CASE WHEN i."runpodJobId" IS NULL THEN 'unconfirmed' ELSE 'submitted' END::"GpuAttemptStatus", i."submittedAt"
FROM "GenerationItem" i JOIN "GpuJob" g ON g."generationItemId" = i."id"
WHERE i."webhookToken" IS NOT NULL AND i."status" IN ('queued', 'submitted');

UPDATE "GpuJob" g SET "currentAttemptId" = a."id"
FROM "GpuJobAttempt" a WHERE a."gpuJobId" = g."id" AND a."status" = 'submitted';

UPDATE "GenerationJob" j SET "gpuExecutionMs" = s.ms
FROM (SELECT "jobId", SUM(COALESCE("gpuExecutionMs", 0))::int AS ms FROM "GenerationItem" GROUP BY "jobId") s
WHERE s."jobId" = j."id";

-- DropIndex
DROP INDEX "EditJob_webhookToken_key";

-- DropIndex
DROP INDEX "GenerationItem_status_submittedAt_idx";

-- DropIndex
DROP INDEX "GenerationItem_webhookToken_key";

-- DropIndex
DROP INDEX "LoraTrainingJob_webhookToken_key";

-- AlterTable
ALTER TABLE "EditJob" DROP COLUMN "attempts",
DROP COLUMN "runpodJobId",
DROP COLUMN "webhookToken";

-- AlterTable
ALTER TABLE "GenerationItem" DROP COLUMN "attempts",
DROP COLUMN "gpuDelayMs",
DROP COLUMN "gpuExecutionMs",
DROP COLUMN "runpodJobId",
DROP COLUMN "submittedAt",
DROP COLUMN "webhookToken";

-- AlterTable
ALTER TABLE "LoraTrainingJob" DROP COLUMN "runpodJobId",
DROP COLUMN "webhookToken";
