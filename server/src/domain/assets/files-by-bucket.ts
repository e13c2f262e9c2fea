import type { Place } from '../../providers/storage/index.js';

/** An asset's files (original, thumbnail, mask) grouped by the bucket they were written to, for batched deletes. */
export function filesByBucket(assets: readonly { nsfw: boolean; storageBucket: string; storageKey: string; thumbnailKey: string; maskKey: string | null }[]): [Place, string[]][] {
  const groups = new Map<string, [Place, string[]]>();
  for (const a of assets) {
    const id = `${a.nsfw}:${a.storageBucket}`;
    const group = groups.get(id) ?? groups.set(id, [{ adult: a.nsfw, bucket: a.storageBucket }, []]).get(id)!;
    group[1].push(a.storageKey, a.thumbnailKey, ...(a.maskKey ? [a.maskKey] : []));
  }
  return [...groups.values()];
}
