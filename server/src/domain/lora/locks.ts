import type { Tx } from '../../db/client.js';

/** Locks the sheet an image belongs to: sheet → GPU job → image, the order every sheet transaction takes. */
export async function lockSheetOfImage(tx: Tx, sheetImageId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "CharacterSheetJob" WHERE id = (SELECT "sheetJobId" FROM "CharacterSheetImage" WHERE id = ${sheetImageId}::uuid) FOR UPDATE`;
}

/** Locks an influencer's row: starting or restarting its LoRA pipeline is one at a time. */
export async function lockInfluencer(tx: Tx, influencerId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Influencer" WHERE id = ${influencerId}::uuid FOR UPDATE`;
}
