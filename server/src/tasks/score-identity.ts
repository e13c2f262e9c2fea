import type { Task } from 'graphile-worker';
import { recordFailure, scoreAsset } from '../domain/identity/score-asset.js';
import { parsePayload } from '../queue/catalog.js';
import type { AppServices } from '../services/app-services.js';

/** Scores one asset's face; on the queue's last attempt a failure is recorded instead of thrown. */
export function scoreIdentityTask(app: AppServices): Task {
  return async (payload, helpers) => {
    const { assetId } = parsePayload('score_identity', payload);
    const deps = { db: app.db, env: app.env, storage: app.storage };
    if (!app.faces) return recordFailure({ ...deps, faces: null }, assetId);
    try {
      await scoreAsset({ ...deps, faces: app.faces }, assetId);
    } catch (err) {
      if (helpers.job.attempts < helpers.job.max_attempts) throw err;
      app.log(`identity score of asset ${assetId} failed for good: ${err instanceof Error ? err.message : String(err)}`);
      await recordFailure({ ...deps, faces: app.faces }, assetId);
    }
  };
}
