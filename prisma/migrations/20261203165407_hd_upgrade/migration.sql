-- AlterTable
ALTER TABLE "GenerationItem" ADD COLUMN     "sourceAssetId" UUID;

-- AlterTable
ALTER TABLE "GenerationJob" ADD COLUMN     "upgradedFromId" UUID;

-- CreateIndex
CREATE INDEX "GenerationJob_upgradedFromId_idx" ON "GenerationJob"("upgradedFromId");

-- AddForeignKey
ALTER TABLE "GenerationJob" ADD CONSTRAINT "GenerationJob_upgradedFromId_fkey" FOREIGN KEY ("upgradedFromId") REFERENCES "GenerationJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationItem" ADD CONSTRAINT "GenerationItem_sourceAssetId_fkey" FOREIGN KEY ("sourceAssetId") REFERENCES "ImageAsset"("id") ON DELETE SET NULL ON UPDATE CASCADE;
