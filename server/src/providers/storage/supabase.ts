import { AsyncLocalStorage } from 'node:async_hooks';
import { StorageClient } from '@supabase/storage-js';
import { bucketOf, IMMUTABLE_CACHE_CONTROL, StorageError, validateKey, type Storage } from './types.js';

export interface SupabaseStorageOptions {
  /** Project URL, e.g. https://<ref>.supabase.co (storage lives under /storage/v1). */
  url: string;
  /** Service-role key: bypasses RLS, so it stays on the server. */
  serviceKey: string;
  /** Regular assets; a public bucket (ensureReady creates it so). */
  bucket: string;
  /** Adult assets; a private bucket, served only through signed URLs. */
  adultBucket: string;
  fetch?: typeof fetch;
}

/** What the storage server said, as its body says it: `{statusCode, error, message}` (HTTP status beside it). */
interface Answer {
  status: number;
  statusCode: string;
  error: string;
  message: string;
}

/** The object a start-up key check writes (and removes) in the private bucket. */
export const KEY_CHECK_OBJECT = 'content-studio-key-check.txt';

const KEY_SENTENCE = "check SUPABASE_SERVICE_KEY: it must be the project's service_role key (Project Settings → API)";

/** Supabase Storage through storage-js, with errors classified by the server's own fields. */
export function createSupabaseStorage(o: SupabaseStorageOptions): Storage {
  // storage-js keeps only the message of an error body: the fetch below keeps the whole answer
  // for the operation that is waiting for it.
  const answers = new AsyncLocalStorage<{ answer?: Answer }>();
  const baseFetch = o.fetch ?? fetch;
  const recordingFetch: typeof fetch = async (input, init) => {
    const res = await baseFetch(input, init);
    const slot = answers.getStore();
    if (!res.ok && slot) slot.answer = await readAnswer(res.clone());
    return res;
  };
  const client = new StorageClient(`${o.url.replace(/\/+$/, '')}/storage/v1`, { apikey: o.serviceKey, authorization: `Bearer ${o.serviceKey}` }, recordingFetch);
  const buckets = { regular: o.bucket, adult: o.adultBucket };
  const known = new Map<string, number>();

  type Result<T> = { data: T | null; error: Error | null };
  /** Runs one storage-js call and keeps the server's answer to it. */
  async function attempt<T>(op: () => Promise<Result<T>>): Promise<Result<T> & { answer?: Answer }> {
    const slot: { answer?: Answer } = {};
    // `await` inside: some storage-js calls return a lazy thenable that fetches only when awaited.
    const r = await answers.run(slot, async () => await op());
    return { ...r, answer: slot.answer };
  }

  /** Runs one storage-js call; its error becomes a StorageError classified by the server's answer. */
  async function call<T>(what: string, bucket: string, op: () => Promise<Result<T>>): Promise<T> {
    const r = await attempt(op);
    if (r.error) throw await classify(r.error, r.answer, what, bucket);
    return r.data as T;
  }

  /**
   * "Object not found" is also what a missing bucket (when signing) and a rejected key (reading
   * a public bucket anonymously) answer, so it is NOT_FOUND only once the bucket is known to
   * exist to this key; the bucket lookup needs a valid service key.
   */
  async function classify(error: Error, a: Answer | undefined, what: string, bucket: string): Promise<StorageError> {
    const detail = a ? `${a.message} (HTTP ${a.status}, statusCode ${a.statusCode}, error ${a.error})` : error.message;
    const backend = (why: string) => new StorageError('BACKEND', `Supabase Storage ${what}: ${why}`, { cause: error });
    if (!a) return backend(`${error.message} (is SUPABASE_URL reachable?)`);
    if (isObjectNotFound(a)) {
      const problem = await bucketProblem(bucket);
      return problem ? backend(`${detail}; ${problem}`) : new StorageError('NOT_FOUND', `Supabase Storage ${what}: object not found`, { cause: error });
    }
    if (isBucketNotFound(a)) return backend(`${detail}; bucket '${bucket}' does not exist (it is created at start: restart, or create it)`);
    if (isAuth(a)) return backend(`${detail}; ${KEY_SENTENCE}`);
    if (a.status === 404) return backend(`${detail}; SUPABASE_URL does not lead to Supabase Storage (it should be the project URL, without /storage/v1)`);
    return backend(detail);
  }

  /** Null when the bucket exists for this key (remembered for a minute), else what is wrong. */
  async function bucketProblem(bucket: string): Promise<string | null> {
    if ((known.get(bucket) ?? 0) > Date.now()) return null;
    const { error, answer: a } = await attempt(() => client.getBucket(bucket));
    if (!error) {
      known.set(bucket, Date.now() + 60_000);
      return null;
    }
    if (a && isAuth(a)) return `the key was rejected: ${KEY_SENTENCE}`;
    if (a && (isBucketNotFound(a) || isObjectNotFound(a))) return `bucket '${bucket}' does not exist`;
    return `bucket '${bucket}' could not be checked: ${a?.message ?? error.message}`;
  }

  async function ensureBucket(id: string, isPublic: boolean, variable: string): Promise<void> {
    const want = isPublic ? 'public' : 'private';
    const found = await attempt(() => client.getBucket(id));
    if (!found.error && found.data) {
      if (found.data.public !== isPublic) {
        throw new Error(
          `Supabase Storage bucket '${id}' (${variable}) is ${found.data.public ? 'public' : 'private'} but must be ${want}: change it in the Supabase dashboard, or point ${variable} at a ${want} bucket.`,
        );
      }
      return;
    }
    if (found.answer && isAuth(found.answer)) throw new Error(`Supabase Storage rejected the key looking up bucket '${id}' (${found.answer.message}): ${KEY_SENTENCE}.`);
    const created = await attempt(() => client.createBucket(id, { public: isPublic }));
    if (!created.error || (created.answer && isAlreadyExists(created.answer))) return;
    const why = created.answer?.message ?? created.error.message;
    throw new Error(
      `Supabase Storage bucket '${id}' (${variable}) is missing and could not be created (${why}): ${KEY_SENTENCE}, or create a ${want} bucket named '${id}' in the Supabase dashboard.`,
    );
  }

  return {
    kind: 'supabase',
    buckets,

    async ensureReady() {
      await ensureBucket(o.bucket, true, 'STORAGE_BUCKET');
      await ensureBucket(o.adultBucket, false, 'STORAGE_ADULT_BUCKET');
      // A rejected key still reads public objects: only a write proves it. Private bucket, removed at once.
      const wrote = await attempt(() =>
        client.from(o.adultBucket).upload(KEY_CHECK_OBJECT, Buffer.from(`key check ${new Date().toISOString()}\n`), { contentType: 'text/plain', upsert: true }),
      );
      if (wrote.error) {
        throw new Error(`Supabase Storage refused a test write to bucket '${o.adultBucket}' (${wrote.answer?.message ?? wrote.error.message}): ${KEY_SENTENCE}.`);
      }
      await client.from(o.adultBucket).remove([KEY_CHECK_OBJECT]);
    },

    async put(key, body, opts) {
      const bucket = bucketOf(buckets, opts);
      await call(`upload ${key}`, bucket, () =>
        client.from(bucket).upload(validateKey(key), body, {
          contentType: opts.contentType,
          upsert: true,
          // storage-js would send `max-age=<cacheControl>`; the header option sends the whole value.
          headers: { 'cache-control': opts.cacheControl ?? IMMUTABLE_CACHE_CONTROL },
        }),
      );
    },

    async get(key, opts) {
      const bucket = bucketOf(buckets, opts);
      const data = await call(`download ${key}`, bucket, () => client.from(bucket).download(validateKey(key)));
      return Buffer.from(await data.arrayBuffer());
    },

    async delete(keys, opts) {
      if (keys.length === 0) return;
      const bucket = bucketOf(buckets, opts);
      await call(`remove ${keys.length} object(s)`, bucket, () => client.from(bucket).remove(keys.map(validateKey)));
    },

    async url(key, opts) {
      validateKey(key);
      const bucket = bucketOf(buckets, opts);
      // Only the regular bucket may have a public URL; adult bytes are reachable by signature alone.
      if (!opts.adult) return client.from(bucket).getPublicUrl(key).data.publicUrl;
      const data = await call(`sign ${key}`, bucket, () => client.from(bucket).createSignedUrl(key, Math.max(1, Math.floor(opts.ttlSeconds))));
      return data.signedUrl;
    },
  };
}

async function readAnswer(res: Response): Promise<Answer> {
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return { status: res.status, statusCode: text(body.statusCode ?? body.code ?? res.status), error: text(body.error), message: text(body.message ?? body.msg) };
}

// storage-api's answers, by the fields it sets (see the fake in test/fakes for the table).
const isObjectNotFound = (a: Answer) => a.statusCode === '404' && (a.error === 'not_found' || a.error === 'NoSuchKey');
const isBucketNotFound = (a: Answer) => a.statusCode === '404' && (a.error === 'Bucket not found' || a.error === 'NoSuchBucket');
const isAlreadyExists = (a: Answer) => a.statusCode === '409';
const isAuth = (a: Answer) => a.status === 401 || a.status === 403 || a.statusCode === '401' || a.statusCode === '403';
