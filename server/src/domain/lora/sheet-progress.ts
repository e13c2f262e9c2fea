import type { Tx } from '../../db/client.js';
import { publishInfluencerEventInTx } from '../events/topics.js';
import { shotDone } from './finish-sheet.js';

/**
 * Tells the influencer's subscribers that a sheet shot moved (rendered, scored, replaced or
 * failed) — CharacterSheetProgress, so a profile shows each thumbnail and score as it arrives;
 * also after the sheet ended (a back view's score lands while the LoRA trains, or later), with
 * the influencer's status of that moment. The caller holds the sheet lock.
 */
export async function publishSheetProgressInTx(tx: Tx, sheetJobId: string): Promise<void> {
  const sheet = await tx.characterSheetJob.findUniqueOrThrow({
    where: { id: sheetJobId },
    select: { userId: true, influencerId: true, targetCount: true, influencer: { select: { loraStatus: true } } },
  });
  const images = await tx.characterSheetImage.findMany({ where: { sheetJobId }, select: { status: true, shot: true, asset: { select: { identityStatus: true } } } });
  const shotsDone = images.filter(shotDone).length;
  await publishInfluencerEventInTx(tx, sheet.userId, {
    kind: 'character_sheet_progress',
    influencerId: sheet.influencerId,
    loraStatus: sheet.influencer.loraStatus,
    shotsDone,
    targetCount: sheet.targetCount,
  });
}
