-- AlterTable
ALTER TABLE "GpuJob" ADD COLUMN     "characterSheetImageId" UUID;

-- AlterTable
ALTER TABLE "ImageAsset" ADD COLUMN     "characterSheetImageId" UUID;

-- AlterTable
ALTER TABLE "LoraTrainingJob" ADD COLUMN     "datasetKey" TEXT,
ADD COLUMN     "gpuCostUsdMicros" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sha256" TEXT,
ADD COLUMN     "sizeBytes" INTEGER,
ADD COLUMN     "stage" TEXT,
ADD COLUMN     "step" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "storageKey" TEXT,
ADD COLUMN     "volumePath" TEXT;

-- CreateTable
CREATE TABLE "CharacterSheetImage" (
    "id" UUID NOT NULL,
    "sheetJobId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "shot" TEXT NOT NULL,
    "seed" BIGINT NOT NULL,
    "status" "GenerationItemStatus" NOT NULL DEFAULT 'queued',
    "replacements" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "CharacterSheetImage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CharacterSheetImage_userId_idx" ON "CharacterSheetImage"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CharacterSheetImage_sheetJobId_index_key" ON "CharacterSheetImage"("sheetJobId", "index");

-- CreateIndex
CREATE UNIQUE INDEX "GpuJob_characterSheetImageId_key" ON "GpuJob"("characterSheetImageId");

-- CreateIndex
CREATE UNIQUE INDEX "ImageAsset_characterSheetImageId_key" ON "ImageAsset"("characterSheetImageId");

-- AddForeignKey
ALTER TABLE "GpuJob" ADD CONSTRAINT "GpuJob_characterSheetImageId_fkey" FOREIGN KEY ("characterSheetImageId") REFERENCES "CharacterSheetImage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImageAsset" ADD CONSTRAINT "ImageAsset_characterSheetImageId_fkey" FOREIGN KEY ("characterSheetImageId") REFERENCES "CharacterSheetImage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CharacterSheetImage" ADD CONSTRAINT "CharacterSheetImage_sheetJobId_fkey" FOREIGN KEY ("sheetJobId") REFERENCES "CharacterSheetJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
