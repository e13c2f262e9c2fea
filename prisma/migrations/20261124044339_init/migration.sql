-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "LoraStatus" AS ENUM ('pending', 'generating_sheets', 'training', 'ready', 'failed');

-- CreateEnum
CREATE TYPE "GenerationMode" AS ENUM ('face_ref', 'lora');

-- CreateEnum
CREATE TYPE "Engine" AS ENUM ('flux_dev', 'z_image_turbo');

-- CreateEnum
CREATE TYPE "Quality" AS ENUM ('draft', 'hq');

-- CreateEnum
CREATE TYPE "GenerationJobStatus" AS ENUM ('queued', 'running', 'completed', 'partial', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "GenerationItemStatus" AS ENUM ('queued', 'submitted', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "AssetKind" AS ENUM ('base', 'generated', 'character_sheet', 'edited');

-- CreateEnum
CREATE TYPE "TaskJobStatus" AS ENUM ('pending', 'running', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('grant', 'reserve', 'refund', 'adjustment');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT,
    "displayName" TEXT NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "adultConfirmed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Influencer" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "style" TEXT NOT NULL DEFAULT 'realistic',
    "gender" TEXT NOT NULL,
    "age" INTEGER NOT NULL,
    "ethnicity" TEXT NOT NULL,
    "hairColor" TEXT NOT NULL,
    "hairStyle" TEXT NOT NULL,
    "eyeColor" TEXT NOT NULL,
    "bodyType" TEXT NOT NULL,
    "defaultOutfit" TEXT NOT NULL,
    "nsfwEnabled" BOOLEAN NOT NULL DEFAULT false,
    "baseImageAssetId" UUID,
    "loraStatus" "LoraStatus" NOT NULL DEFAULT 'pending',
    "loraError" TEXT,
    "triggerWord" TEXT,
    "loraModelKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Influencer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenerationJob" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "influencerId" UUID NOT NULL,
    "status" "GenerationJobStatus" NOT NULL DEFAULT 'queued',
    "mode" "GenerationMode" NOT NULL,
    "engine" "Engine" NOT NULL,
    "scene" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "outfit" TEXT NOT NULL,
    "outfitChanged" BOOLEAN NOT NULL,
    "aspectRatio" TEXT NOT NULL,
    "quality" "Quality" NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "steps" INTEGER NOT NULL,
    "nsfw" BOOLEAN NOT NULL,
    "prompt" TEXT NOT NULL,
    "negativePrompt" TEXT NOT NULL,
    "loraModelKey" TEXT,
    "triggerWord" TEXT,
    "imageCount" INTEGER NOT NULL,
    "completedCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "cancelledCount" INTEGER NOT NULL DEFAULT 0,
    "pricePerImage" INTEGER NOT NULL,
    "creditsReserved" INTEGER NOT NULL,
    "creditsCharged" INTEGER NOT NULL DEFAULT 0,
    "creditsRefunded" INTEGER NOT NULL DEFAULT 0,
    "idempotencyKey" TEXT,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "GenerationJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenerationItem" (
    "id" UUID NOT NULL,
    "jobId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "seed" BIGINT NOT NULL,
    "status" "GenerationItemStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "round" INTEGER NOT NULL DEFAULT 0,
    "runpodJobId" TEXT,
    "webhookToken" TEXT,
    "submittedAt" TIMESTAMP(3),
    "gpuDelayMs" INTEGER,
    "gpuExecutionMs" INTEGER,
    "error" TEXT,
    "errorKind" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "GenerationItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImageAsset" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "influencerId" UUID NOT NULL,
    "kind" "AssetKind" NOT NULL,
    "storageKey" TEXT NOT NULL,
    "thumbnailKey" TEXT NOT NULL,
    "maskKey" TEXT,
    "mimeType" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "nsfw" BOOLEAN NOT NULL DEFAULT false,
    "scene" TEXT,
    "environment" TEXT,
    "outfit" TEXT,
    "aspectRatio" TEXT,
    "quality" "Quality",
    "prompt" TEXT,
    "negativePrompt" TEXT,
    "seed" BIGINT,
    "mode" "GenerationMode",
    "engine" "Engine",
    "metadata" JSONB,
    "identityScore" DOUBLE PRECISION,
    "liked" BOOLEAN NOT NULL DEFAULT false,
    "sourceAssetId" UUID,
    "generationItemId" UUID,
    "characterSheetJobId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImageAsset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CharacterSheetJob" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "influencerId" UUID NOT NULL,
    "baseAssetId" UUID NOT NULL,
    "status" "TaskJobStatus" NOT NULL DEFAULT 'pending',
    "targetCount" INTEGER NOT NULL,
    "completedCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "CharacterSheetJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoraTrainingJob" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "influencerId" UUID NOT NULL,
    "characterSheetJobId" UUID,
    "status" "TaskJobStatus" NOT NULL DEFAULT 'pending',
    "runpodJobId" TEXT,
    "webhookToken" TEXT,
    "modelKey" TEXT,
    "triggerWord" TEXT NOT NULL,
    "steps" INTEGER NOT NULL DEFAULT 700,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER,
    "costCents" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "LoraTrainingJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EditJob" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "influencerId" UUID NOT NULL,
    "sourceAssetId" UUID NOT NULL,
    "prompt" TEXT NOT NULL,
    "negativePrompt" TEXT,
    "maskKey" TEXT NOT NULL,
    "status" "TaskJobStatus" NOT NULL DEFAULT 'pending',
    "seed" BIGINT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runpodJobId" TEXT,
    "webhookToken" TEXT,
    "resultAssetId" UUID,
    "creditsReserved" INTEGER NOT NULL,
    "creditsCharged" INTEGER NOT NULL DEFAULT 0,
    "idempotencyKey" TEXT,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "EditJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditLedgerEntry" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "amount" INTEGER NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "generationJobId" UUID,
    "editJobId" UUID,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditLedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsEvent" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "influencerId" UUID,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "properties" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalyticsEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_createdAt_idx" ON "ApiToken"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Influencer_baseImageAssetId_key" ON "Influencer"("baseImageAssetId");

-- CreateIndex
CREATE INDEX "Influencer_userId_createdAt_id_idx" ON "Influencer"("userId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "GenerationJob_userId_createdAt_idx" ON "GenerationJob"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "GenerationJob_influencerId_createdAt_idx" ON "GenerationJob"("influencerId", "createdAt");

-- CreateIndex
CREATE INDEX "GenerationJob_status_idx" ON "GenerationJob"("status");

-- CreateIndex
CREATE UNIQUE INDEX "GenerationJob_userId_idempotencyKey_key" ON "GenerationJob"("userId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "GenerationItem_webhookToken_key" ON "GenerationItem"("webhookToken");

-- CreateIndex
CREATE INDEX "GenerationItem_status_submittedAt_idx" ON "GenerationItem"("status", "submittedAt");

-- CreateIndex
CREATE UNIQUE INDEX "GenerationItem_jobId_index_key" ON "GenerationItem"("jobId", "index");

-- CreateIndex
CREATE UNIQUE INDEX "ImageAsset_generationItemId_key" ON "ImageAsset"("generationItemId");

-- CreateIndex
CREATE INDEX "ImageAsset_influencerId_createdAt_id_idx" ON "ImageAsset"("influencerId", "createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "ImageAsset_userId_createdAt_id_idx" ON "ImageAsset"("userId", "createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "ImageAsset_sourceAssetId_idx" ON "ImageAsset"("sourceAssetId");

-- CreateIndex
CREATE INDEX "CharacterSheetJob_influencerId_createdAt_idx" ON "CharacterSheetJob"("influencerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoraTrainingJob_webhookToken_key" ON "LoraTrainingJob"("webhookToken");

-- CreateIndex
CREATE INDEX "LoraTrainingJob_influencerId_createdAt_idx" ON "LoraTrainingJob"("influencerId", "createdAt");

-- CreateIndex
CREATE INDEX "LoraTrainingJob_status_idx" ON "LoraTrainingJob"("status");

-- CreateIndex
CREATE UNIQUE INDEX "EditJob_webhookToken_key" ON "EditJob"("webhookToken");

-- CreateIndex
CREATE UNIQUE INDEX "EditJob_resultAssetId_key" ON "EditJob"("resultAssetId");

-- CreateIndex
CREATE INDEX "EditJob_sourceAssetId_idx" ON "EditJob"("sourceAssetId");

-- CreateIndex
CREATE UNIQUE INDEX "EditJob_userId_idempotencyKey_key" ON "EditJob"("userId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "CreditLedgerEntry_dedupeKey_key" ON "CreditLedgerEntry"("dedupeKey");

-- CreateIndex
CREATE INDEX "CreditLedgerEntry_userId_createdAt_idx" ON "CreditLedgerEntry"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "AnalyticsEvent_name_createdAt_idx" ON "AnalyticsEvent"("name", "createdAt");

-- CreateIndex
CREATE INDEX "AnalyticsEvent_userId_createdAt_idx" ON "AnalyticsEvent"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Influencer" ADD CONSTRAINT "Influencer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Influencer" ADD CONSTRAINT "Influencer_baseImageAssetId_fkey" FOREIGN KEY ("baseImageAssetId") REFERENCES "ImageAsset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationJob" ADD CONSTRAINT "GenerationJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationJob" ADD CONSTRAINT "GenerationJob_influencerId_fkey" FOREIGN KEY ("influencerId") REFERENCES "Influencer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationItem" ADD CONSTRAINT "GenerationItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "GenerationJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImageAsset" ADD CONSTRAINT "ImageAsset_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImageAsset" ADD CONSTRAINT "ImageAsset_influencerId_fkey" FOREIGN KEY ("influencerId") REFERENCES "Influencer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImageAsset" ADD CONSTRAINT "ImageAsset_sourceAssetId_fkey" FOREIGN KEY ("sourceAssetId") REFERENCES "ImageAsset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImageAsset" ADD CONSTRAINT "ImageAsset_generationItemId_fkey" FOREIGN KEY ("generationItemId") REFERENCES "GenerationItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImageAsset" ADD CONSTRAINT "ImageAsset_characterSheetJobId_fkey" FOREIGN KEY ("characterSheetJobId") REFERENCES "CharacterSheetJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CharacterSheetJob" ADD CONSTRAINT "CharacterSheetJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CharacterSheetJob" ADD CONSTRAINT "CharacterSheetJob_influencerId_fkey" FOREIGN KEY ("influencerId") REFERENCES "Influencer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoraTrainingJob" ADD CONSTRAINT "LoraTrainingJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoraTrainingJob" ADD CONSTRAINT "LoraTrainingJob_influencerId_fkey" FOREIGN KEY ("influencerId") REFERENCES "Influencer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoraTrainingJob" ADD CONSTRAINT "LoraTrainingJob_characterSheetJobId_fkey" FOREIGN KEY ("characterSheetJobId") REFERENCES "CharacterSheetJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EditJob" ADD CONSTRAINT "EditJob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EditJob" ADD CONSTRAINT "EditJob_influencerId_fkey" FOREIGN KEY ("influencerId") REFERENCES "Influencer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EditJob" ADD CONSTRAINT "EditJob_sourceAssetId_fkey" FOREIGN KEY ("sourceAssetId") REFERENCES "ImageAsset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EditJob" ADD CONSTRAINT "EditJob_resultAssetId_fkey" FOREIGN KEY ("resultAssetId") REFERENCES "ImageAsset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditLedgerEntry" ADD CONSTRAINT "CreditLedgerEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditLedgerEntry" ADD CONSTRAINT "CreditLedgerEntry_generationJobId_fkey" FOREIGN KEY ("generationJobId") REFERENCES "GenerationJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditLedgerEntry" ADD CONSTRAINT "CreditLedgerEntry_editJobId_fkey" FOREIGN KEY ("editJobId") REFERENCES "EditJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsEvent" ADD CONSTRAINT "AnalyticsEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
