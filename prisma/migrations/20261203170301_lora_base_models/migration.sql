-- AlterTable
ALTER TABLE "GenerationJob" ADD COLUMN     "modeNote" TEXT;

-- AlterTable
ALTER TABLE "Influencer" ADD COLUMN     "zImageLoraModelKey" TEXT;

-- AlterTable
ALTER TABLE "LoraTrainingJob" ADD COLUMN     "baseModel" TEXT NOT NULL DEFAULT 'flux_dev';
