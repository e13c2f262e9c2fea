import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sign, verify } from './signing.js';
import { BUCKETS, bucketOf, contentTypeOf, StorageError, validateKey, type Place, type Storage } from './types.js';

export interface LocalStorageOptions {
  dir: string;
  /** Origin the browser reaches this server on, e.g. http://localhost:4000, or '' for root-relative URLs. */
  publicBaseUrl: string;
  signingSecret: string;
  /** Default '/files'. */
  routePrefix?: string;
  /** Test seam: wall clock in ms. */
  now?: () => number;
}

export type LocalStorage = Storage & {
  /** Serves `GET|HEAD <routePrefix>/<bucket>/<key>?exp=&sig=`; null when the path is not ours. */
  handle(request: Request): Promise<Response | null>;
};

// A bucket is one directory: one safe path segment.
const isBucketName = (b: string) => /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,62}$/.test(b);

/**
 * Local-disk storage, the embedded default. Every URL it hands out is signed and expires, adult
 * or not: the dev server has no CDN to protect and no reason to leave a directory browsable.
 */
export function createLocalStorage(o: LocalStorageOptions): LocalStorage {
  if (o.signingSecret.length < 16) throw new Error('createLocalStorage: signingSecret must be at least 16 characters');
  const root = path.resolve(o.dir);
  const prefix = `/${(o.routePrefix ?? '/files').replace(/^\/+|\/+$/g, '')}/`;
  const base = o.publicBaseUrl.replace(/\/+$/, '');
  const nowSeconds = () => Math.floor((o.now ?? Date.now)() / 1000);
  // validateKey forbids '..' and absolute paths, so the join cannot leave the bucket directory.
  const fileOf = (bucket: string, key: string) => {
    if (!isBucketName(bucket)) throw new StorageError('BACKEND', `Invalid bucket name: ${JSON.stringify(bucket)}`);
    return path.join(root, bucket, validateKey(key));
  };
  const buckets = { regular: BUCKETS.regular, adult: BUCKETS.adult };
  const placeOf = (p: Place) => bucketOf(buckets, p);

  return {
    kind: 'local',
    buckets,

    async ensureReady() {
      await mkdir(root, { recursive: true });
    },

    async put(key, body, opts) {
      const file = fileOf(placeOf(opts), key);
      await mkdir(path.dirname(file), { recursive: true });
      // Same directory, so rename is atomic: readers see the old bytes or the new, never half a file.
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(tmp, body, { flush: true });
        await rename(tmp, file);
      } catch (err) {
        await unlink(tmp).catch(() => {});
        throw new StorageError('BACKEND', `Could not write ${key}`, { cause: err });
      }
    },

    async get(key, opts) {
      const file = fileOf(placeOf(opts), key);
      try {
        return await readFile(file);
      } catch (err) {
        throw fsError(err, key);
      }
    },

    async delete(keys, opts) {
      const files = keys.map((k) => fileOf(placeOf(opts), k));
      await Promise.all(files.map((f) => rm(f, { force: true })));
    },

    async url(key, opts) {
      const bucket = placeOf(opts);
      if (!isBucketName(bucket)) throw new StorageError('BACKEND', `Invalid bucket name: ${JSON.stringify(bucket)}`);
      const objectPath = `${bucket}/${validateKey(key)}`;
      const exp = nowSeconds() + Math.max(1, Math.floor(opts.ttlSeconds));
      return `${base}${prefix}${objectPath}?exp=${exp}&sig=${sign(o.signingSecret, objectPath, exp)}`;
    },

    async handle(request) {
      const url = new URL(request.url);
      if (!url.pathname.startsWith(prefix)) return null;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
      }
      const objectPath = url.pathname.slice(prefix.length);
      const [bucket, ...rest] = objectPath.split('/');
      const now = nowSeconds();
      if (!verify(o.signingSecret, objectPath, url.searchParams.get('exp'), url.searchParams.get('sig'), now)) {
        return new Response('Forbidden', { status: 403 });
      }
      const key = rest.join('/');
      if (!bucket || !isBucketName(bucket)) return new Response('Not Found', { status: 404 });
      let file: string;
      try {
        file = fileOf(bucket, key);
      } catch {
        return new Response('Not Found', { status: 404 });
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return new Response('Not Found', { status: 404 });
      const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      const headers = {
        'content-type': contentTypeOf(key),
        etag,
        'cache-control': `private, max-age=${Number(url.searchParams.get('exp')) - now}`,
        'x-content-type-options': 'nosniff',
      };
      if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, { status: 200, headers: { ...headers, 'content-length': String(info.size) } });
    },
  };
}

function fsError(err: unknown, key: string): StorageError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return new StorageError('NOT_FOUND', `No object at ${key}`, { cause: err });
  return new StorageError('BACKEND', `Could not read ${key}`, { cause: err });
}
