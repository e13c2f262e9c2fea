import type { Db, Tx } from '../../db/client.js';

/** Appends an analytics event (server-side facts and client events sent through trackEvent). */
export async function recordEvent(
  db: Db | Tx,
  e: { userId: string; influencerId?: string | null; name: string; properties: Record<string, unknown>; source: 'server' | 'client' },
): Promise<void> {
  await db.analyticsEvent.create({
    data: { userId: e.userId, influencerId: e.influencerId ?? null, name: e.name, properties: e.properties as object, source: e.source },
  });
}

/** The spec's analytics vocabulary calls face-reference mode "face_swap". */
export const analyticsMode = (mode: 'face_ref' | 'lora') => (mode === 'lora' ? 'lora' : 'face_swap');
