import type { Tx } from '../db/client.js';
import { RateLimitedError } from './errors.js';

/**
 * Sliding one-minute window over the user's own rows (no extra store): throws RateLimited when
 * `countSince(windowStart)` already reached `limit`.
 */
export async function enforceRateLimit(limit: number, oldestInWindow: (since: Date) => Promise<{ count: number; oldest: Date | null }>): Promise<void> {
  const since = new Date(Date.now() - 60_000);
  const { count, oldest } = await oldestInWindow(since);
  if (count < limit) return;
  const retryAfterMs = oldest ? oldest.getTime() + 60_000 - Date.now() : 60_000;
  throw new RateLimitedError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/** Generation jobs the user created in the window. */
export async function generationsSince(tx: Tx, userId: string, since: Date) {
  const [count, oldest] = await Promise.all([
    tx.generationJob.count({ where: { userId, createdAt: { gte: since } } }),
    tx.generationJob.findFirst({ where: { userId, createdAt: { gte: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
  ]);
  return { count, oldest: oldest?.createdAt ?? null };
}
