import type { Task } from 'graphile-worker';
import { purgeDeletedAssets } from '../domain/assets/purge-deleted-assets.js';
import { parsePayload } from '../queue/catalog.js';
import type { AppServices } from '../services/app-services.js';

/** Removes the files of soft-deleted assets whose undo window has passed. */
export function purgeDeletedAssetsTask(app: AppServices): Task {
  return async (payload) => {
    const { assetIds } = parsePayload('purge_deleted_assets', payload);
    await purgeDeletedAssets({ db: app.db, storage: app.storage, graceMs: app.env.ASSET_DELETE_GRACE_MS }, assetIds);
  };
}
