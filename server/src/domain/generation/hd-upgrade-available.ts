import type { Db } from '../../db/client.js';
import { packMode } from './mode.js';
import { FINISHED, LIVE_UPGRADE, visibleImagesWhere } from './upgrade-pack-to-hd.js';

/**
 * Whether upgradePackToHd would start an HD re-render of this pack now: it is a finished
 * face-reference pack with a visible image and no HD upgrade yet, and the influencer has a LoRA
 * serving for the pack's engine.
 */
export async function hdUpgradeAvailable(db: Db, pack: { id: string; status: string; mode: string; engine: string; influencerId: string }): Promise<boolean> {
  if (pack.mode !== 'face_ref' || !(FINISHED as readonly string[]).includes(pack.status)) return false;
  const [influencer, visible, upgrade] = await Promise.all([
    db.influencer.findUniqueOrThrow({ where: { id: pack.influencerId } }),
    db.generationItem.count({ where: { jobId: pack.id, ...visibleImagesWhere } }),
    db.generationJob.count({ where: { upgradedFromId: pack.id, status: { in: [...LIVE_UPGRADE] } } }),
  ]);
  return visible > 0 && upgrade === 0 && packMode(influencer, pack.engine).mode === 'lora';
}
