-- Packs no longer send a negative prompt: every graph samples at cfg 1, where it has no effect.
-- The fixed one stored so far was never used either, so packs and their images stop claiming it.
ALTER TABLE "GenerationJob" ALTER COLUMN "negativePrompt" DROP NOT NULL;

UPDATE "GenerationJob" SET "negativePrompt" = NULL;

UPDATE "ImageAsset" SET "negativePrompt" = NULL WHERE "kind" = 'generated';
