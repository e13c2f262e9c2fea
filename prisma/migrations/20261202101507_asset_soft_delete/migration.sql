-- AlterTable
ALTER TABLE "ImageAsset" ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "purgedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "ImageAsset_deletedAt_idx" ON "ImageAsset"("deletedAt");
