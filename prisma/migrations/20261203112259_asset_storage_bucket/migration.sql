-- Each asset records the bucket its objects were written to, so a new STORAGE_BUCKET never re-points old assets.
-- Existing rows get the buckets of the configuration that applies this migration (the migration runner
-- passes them as the settings content_studio.storage_bucket and content_studio.storage_adult_bucket),
-- or the default bucket names when it runs without them.
ALTER TABLE "ImageAsset" ADD COLUMN     "storageBucket" TEXT;

UPDATE "ImageAsset" SET "storageBucket" = CASE
  WHEN "nsfw" THEN COALESCE(NULLIF(current_setting('content_studio.storage_adult_bucket', true), ''), 'assets-adult')
  ELSE COALESCE(NULLIF(current_setting('content_studio.storage_bucket', true), ''), 'assets')
END;

ALTER TABLE "ImageAsset" ALTER COLUMN "storageBucket" SET NOT NULL;
