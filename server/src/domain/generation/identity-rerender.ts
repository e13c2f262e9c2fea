import type { Env } from '../../config/env.js';
import type { Tx } from '../../db/client.js';
import { publishInTx } from '../events/topics.js';
import { restartGpuJobInTx } from '../gpu-jobs/create.js';
import { newSeed } from './generate-images.js';
import { finishIfDone } from './settle-item.js';

/** Re-renders allowed per image when its face drifts. */
export const MAX_IDENTITY_RETRIES = 1;

/**
 * A pack image's identity outcome was just recorded (the caller holds the pack lock): tell the
 * subscribers (ImageScored), then either re-render a drifted image once — same settings, a new
 * seed, no credit, the drifted render kept hidden and linked to the image — or let the pack
 * finish if this was the last image it waited for.
 */
export async function identityScoredInTx(tx: Tx, env: Env, o: { itemId: string; assetId: string; drifted: boolean }): Promise<void> {
  const item = await tx.generationItem.findUniqueOrThrow({ where: { id: o.itemId }, include: { job: true, gpuJob: { select: { id: true } } } });
  const scored = await tx.generationJob.update({ where: { id: item.jobId }, data: { sequence: { increment: 1 } } });
  await publishInTx(tx, 'generation', item.jobId, { kind: 'image_scored', jobId: item.jobId, itemId: item.id, assetId: o.assetId, sequence: scored.sequence });
  const rerender =
    o.drifted &&
    env.IDENTITY_RETRY === 'on' &&
    item.identityRetries < MAX_IDENTITY_RETRIES &&
    item.status === 'completed' &&
    item.gpuJob !== null &&
    !['cancelled', 'failed'].includes(item.job.status);
  if (!rerender) {
    await finishIfDone(tx, scored);
    return;
  }
  await tx.imageAsset.update({ where: { id: o.assetId }, data: { generationItemId: null, driftedItemId: item.id, hiddenReason: 'identity_drift' } });
  await tx.generationItem.update({
    where: { id: item.id },
    data: { status: 'queued', identityRetries: { increment: 1 }, seed: newSeed(), completedAt: null },
  });
  const updated = await tx.generationJob.update({ where: { id: item.jobId }, data: { completedCount: { decrement: 1 }, sequence: { increment: 1 } } });
  await publishInTx(tx, 'generation', item.jobId, { kind: 'image_rerendering', jobId: item.jobId, itemId: item.id, assetId: o.assetId, sequence: updated.sequence });
  await restartGpuJobInTx(tx, env, item.gpuJob!.id);
}
