import { StorageClient } from '@supabase/storage-js';
import { StorageError, validateKey, type Storage } from './types.js';

export interface SupabaseStorageOptions {
  /** Project URL, e.g. https://<ref>.supabase.co (storage lives under /storage/v1). */
  url: string;
  /** Service-role key: bypasses RLS, so it stays on the server. */
  serviceKey: string;
  /** Regular assets; may be a public bucket. */
  bucket: string;
  /** Adult assets; must be a private bucket, served only through signed URLs. */
  adultBucket: string;
  fetch?: typeof fetch;
}

/** Supabase Storage through storage-js. */
export function createSupabaseStorage(o: SupabaseStorageOptions): Storage {
  const client = new StorageClient(`${o.url.replace(/\/+$/, '')}/storage/v1`, { apikey: o.serviceKey, authorization: `Bearer ${o.serviceKey}` }, o.fetch);
  const from = (adult: boolean) => client.from(adult ? o.adultBucket : o.bucket);

  return {
    kind: 'supabase',

    async put(key, body, opts) {
      const { error } = await from(opts.adult).upload(validateKey(key), body, {
        contentType: opts.contentType,
        upsert: true,
        ...(opts.cacheControl ? { cacheControl: opts.cacheControl } : {}),
      });
      if (error) throw mapError(error, `upload ${key}`);
    },

    async get(key, opts) {
      const { data, error } = await from(opts.adult).download(validateKey(key));
      if (error) throw mapError(error, `download ${key}`);
      return Buffer.from(await data.arrayBuffer());
    },

    async delete(keys, opts) {
      if (keys.length === 0) return;
      const { error } = await from(opts.adult).remove(keys.map(validateKey));
      if (error) throw mapError(error, `remove ${keys.length} object(s)`);
    },

    async url(key, opts) {
      validateKey(key);
      // Only the regular bucket may have a public URL; adult bytes are reachable by signature alone.
      if (!opts.adult) return from(false).getPublicUrl(key).data.publicUrl;
      const { data, error } = await from(true).createSignedUrl(key, Math.max(1, Math.floor(opts.ttlSeconds)));
      if (error) throw mapError(error, `sign ${key}`);
      return data.signedUrl;
    },
  };
}

/**
 * storage-api answers most errors with HTTP 400 and the meaningful code in the body's
 * `statusCode` ("404" for a missing object), so both are consulted.
 */
function mapError(error: Error & { status?: number; statusCode?: string }, what: string): StorageError {
  const missing = (error.status === 404 || error.statusCode === '404') && !/bucket/i.test(error.message);
  return new StorageError(missing ? 'NOT_FOUND' : 'BACKEND', `Supabase Storage ${what}: ${error.message}`, { cause: error });
}
