-- CreateEnum
CREATE TYPE "IdentityStatus" AS ENUM ('reference', 'pending', 'matched', 'drifted', 'no_face', 'no_reference', 'failed');

-- AlterTable
ALTER TABLE "GenerationItem" ADD COLUMN     "identityRetries" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ImageAsset" ADD COLUMN     "driftedItemId" UUID,
ADD COLUMN     "faceBox" JSONB,
ADD COLUMN     "faceDescriptor" DOUBLE PRECISION[],
ADD COLUMN     "hiddenReason" TEXT,
ADD COLUMN     "identityDistance" DOUBLE PRECISION,
ADD COLUMN     "identityModel" TEXT,
ADD COLUMN     "identityScoredAt" TIMESTAMP(3),
ADD COLUMN     "identityStatus" "IdentityStatus";

-- CreateIndex
CREATE INDEX "ImageAsset_driftedItemId_idx" ON "ImageAsset"("driftedItemId");

-- CreateIndex
CREATE INDEX "ImageAsset_influencerId_identityStatus_idx" ON "ImageAsset"("influencerId", "identityStatus");

-- AddForeignKey
ALTER TABLE "ImageAsset" ADD CONSTRAINT "ImageAsset_driftedItemId_fkey" FOREIGN KEY ("driftedItemId") REFERENCES "GenerationItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Base images are their influencer's reference (their descriptor is computed at the first scoring)
UPDATE "ImageAsset" SET "identityStatus" = 'reference' WHERE kind = 'base';
