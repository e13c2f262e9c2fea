import type { Tx } from '../../db/client.js';
import type { LoraStatus } from '../../generated/prisma/enums.js';
import { recordEvent } from '../analytics/record-event.js';
import { publishInfluencerEventInTx } from '../events/topics.js';

/**
 * Moves an influencer along pending → generating_sheets → training → ready | failed and tells
 * subscribers; reaching `ready` with a model also announces HD mode (new generations switch to
 * LoRA mode with no user action).
 */
export async function setLoraStatus(
  tx: Tx,
  influencerId: string,
  status: LoraStatus,
  extra: { loraModelKey?: string; zImageLoraModelKey?: string; triggerWord?: string; error?: string } = {},
) {
  const influencer = await tx.influencer.update({
    where: { id: influencerId },
    data: {
      loraStatus: status,
      loraError: status === 'failed' ? (extra.error ?? 'LoRA training failed') : null,
      ...(extra.loraModelKey ? { loraModelKey: extra.loraModelKey } : {}),
      ...(extra.zImageLoraModelKey ? { zImageLoraModelKey: extra.zImageLoraModelKey } : {}),
      ...(extra.triggerWord ? { triggerWord: extra.triggerWord } : {}),
    },
  });
  await publishInfluencerEventInTx(tx, influencer.userId, { kind: 'lora_status_changed', influencerId, loraStatus: status });
  if (status === 'ready' && (influencer.loraModelKey || influencer.zImageLoraModelKey)) {
    await publishInfluencerEventInTx(tx, influencer.userId, { kind: 'hd_mode_unlocked', influencerId, loraStatus: status });
    await recordEvent(tx, {
      userId: influencer.userId,
      influencerId,
      name: 'lora_mode_activated',
      source: 'server',
      properties: { influencer_id: influencerId, time_since_creation_ms: Date.now() - influencer.createdAt.getTime() },
    });
  }
  return influencer;
}
