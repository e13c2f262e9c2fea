import type { Tx } from '../../db/client.js';

/**
 * Locks the pack row of an image before the image row is touched. Every transaction that
 * changes both takes the pack lock first (cancel and retry lock it directly), so two of them can
 * never wait on each other's rows (deadlock). Returns the pack id, or null for an unknown image.
 */
export async function lockJobOfItem(tx: Tx, itemId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT j.id FROM "GenerationJob" j
    WHERE j.id = (SELECT "jobId" FROM "GenerationItem" WHERE id = ${itemId}::uuid)
    FOR UPDATE`;
  return rows[0]?.id ?? null;
}
