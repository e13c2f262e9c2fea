/**
 * Which bucket an object is in. `adult` picks the private bucket and signed URLs; `bucket` is the
 * bucket recorded with the asset when it was written (absent: today's bucket for `adult`), so
 * re-configuring the bucket names never re-points old assets.
 */
export interface Place {
  adult: boolean;
  bucket?: string | null;
}

/** Our keys are never rewritten (a new image is a new key), so caches may keep them for good. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export interface PutOptions extends Place {
  contentType: string;
  /** The full `cache-control` value; default IMMUTABLE_CACHE_CONTROL. */
  cacheControl?: string;
}

/** Where asset bytes live: Supabase Storage in production, local disk by default */
export interface Storage {
  readonly kind: 'local' | 'supabase';
  /** The buckets new objects go to: what an asset records as its bucket. */
  readonly buckets: { readonly regular: string; readonly adult: string };
  /** Start-up check: buckets exist with the right visibility, the credentials can write. Throws a sentence saying what to fix. */
  ensureReady(): Promise<void>;
  /** Creates or replaces the object. */
  put(key: string, body: Buffer, o: PutOptions): Promise<void>;
  /** Missing → StorageError 'NOT_FOUND'. */
  get(key: string, o: Place): Promise<Buffer>;
  /** Missing keys are ignored, so deleting is idempotent. */
  delete(keys: string[], o: Place): Promise<void>;
  /** URL a browser can load: regular assets may be public; adult assets ALWAYS short-lived signed URLs. */
  url(key: string, o: Place & { ttlSeconds: number }): Promise<string>;
}

/** The bucket an operation addresses: the recorded one, else today's for its kind. */
export function bucketOf(buckets: Storage['buckets'], o: Place): string {
  return o.bucket ?? (o.adult ? buckets.adult : buckets.regular);
}

export type StorageErrorCode = 'NOT_FOUND' | 'INVALID_KEY' | 'BACKEND';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

export const BUCKETS = { regular: 'assets', adult: 'assets-adult' } as const;

// Keys become file paths and URL paths: one conservative alphabet keeps both safe without
// escaping, and a segment may not start with '.', which rules out '.', '..' and hidden temp files.
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Returns the key when it is safe, else throws StorageError 'INVALID_KEY'. */
export function validateKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512 || !key.split('/').every((s) => SEGMENT.test(s))) {
    throw new StorageError('INVALID_KEY', `Invalid storage key: ${JSON.stringify(String(key).slice(0, 100))}`);
  }
  return key;
}

/** `${userId}/${influencerId}/${assetId}.${ext}`; thumbnails `.thumb.webp`, masks `.mask.png`. */
export function assetKey(p: { userId: string; influencerId: string; assetId: string; variant: 'original' | 'thumb' | 'mask'; ext: string }): string {
  const ext = p.variant === 'thumb' ? 'thumb.webp' : p.variant === 'mask' ? 'mask.png' : p.ext.replace(/^\./, '').toLowerCase();
  if (!/^[a-z0-9]+(\.[a-z0-9]+)?$/.test(ext)) throw new StorageError('INVALID_KEY', `Invalid extension: ${p.ext}`);
  for (const part of [p.userId, p.influencerId, p.assetId]) {
    if (part.includes('/')) throw new StorageError('INVALID_KEY', `Invalid key part: ${part}`);
  }
  return validateKey(`${p.userId}/${p.influencerId}/${p.assetId}.${ext}`);
}

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  json: 'application/json',
};

/** Content type by extension; keys come from assetKey, so the extension is the format. */
export function contentTypeOf(key: string): string {
  return TYPES[key.slice(key.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}
