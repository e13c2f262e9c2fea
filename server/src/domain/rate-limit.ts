import type { Tx } from '../db/client.js';
import { RateLimitedError } from './errors.js';

/**
 * At most `limit` packs per user in any sliding minute, counted on the user's own rows (no extra
 * store): throws RateLimited with the seconds until the oldest pack in the window leaves it.
 */
export async function enforceGenerationRateLimit(tx: Tx, userId: string, limit: number): Promise<void> {
  const recent = await tx.generationJob.findMany({
    where: { userId, createdAt: { gte: new Date(Date.now() - 60_000) } },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { createdAt: true },
  });
  if (recent.length < limit) return;
  const retryAfterMs = recent.at(-1)!.createdAt.getTime() + 60_000 - Date.now();
  throw new RateLimitedError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}
