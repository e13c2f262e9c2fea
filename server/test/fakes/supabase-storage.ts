import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Supabase Storage answering like the storage server itself (storage-api behind a
 * gateway that passes requests through), for the REST contract @supabase/storage-js 2.100 calls:
 *   POST     /storage/v1/bucket                        {id, name, public} → {name}
 *   GET|PUT  /storage/v1/bucket/{id}                   bucket info / {public}
 *   POST|PUT /storage/v1/object/{bucket}/{path}        upload (x-upsert) / update, raw body
 *   GET|HEAD /storage/v1/object[/authenticated]/{bucket}/{path}   download
 *   DELETE   /storage/v1/object/{bucket}               {prefixes: [...]}
 *   POST     /storage/v1/object/sign/{bucket}/{path}   {expiresIn} → {signedURL}
 *   GET      /storage/v1/object/sign/{bucket}/{path}?token=   (JWT, no auth header)
 *   GET      /storage/v1/object/public/{bucket}/{path}        public buckets only
 * Answers, as the real server gives them (HTTP 400 with the real code in the body):
 *   missing object                      400 {statusCode "404", error "not_found", message "Object not found"}
 *   missing bucket (upload, download)   400 {statusCode "404", error "Bucket not found", message "Bucket not found"}
 *   missing bucket when signing         400 {statusCode "404", error "not_found", message "Object not found"}
 *   bucket created twice                400 {statusCode "409", error "Duplicate", message "The resource already exists"}
 *   a key that is not the service key   400 {statusCode "403", error "Unauthorized", message "Invalid Compact JWS"} on
 *                                       writes, signing, bucket calls and private reads; public buckets still read
 *   `limitedKey` (a valid JWT whose role may not manage buckets): objects work; bucket lookups
 *                                       answer "Bucket not found"; creating one 400 {statusCode "403", error
 *                                       "Unauthorized", message "new row violates row-level security policy"}
 *   a path outside the API              404 {statusCode 404, error "Not Found", message "Route GET:/… not found"}
 *   upload without cache-control        stored as `max-age=3600` (what storage-js sends by default)
 */
export interface FakeSupabaseStorage {
  /** Project base like http://127.0.0.1:PORT; storage is served at /storage/v1. */
  url: string;
  serviceKey: string;
  /** A key the server accepts whose role may not create buckets. */
  limitedKey: string;
  close(): Promise<void>;
  /** Keys currently stored in a bucket, sorted. */
  objects(bucket: string): string[];
  /** A bucket's visibility, or undefined when it does not exist. */
  bucket(id: string): { public: boolean } | undefined;
  /** Creates (or re-creates empty) a bucket behind the driver's back. */
  addBucket(id: string, o: { public: boolean }): void;
  /** The cache-control an object was stored with. */
  cacheControl(bucket: string, key: string): string | undefined;
}

const ROOT = '/storage/v1/';
const PREFIX = '/storage/v1/object/';

interface StoredObject {
  body: Buffer;
  contentType: string;
  cacheControl: string;
  id: string;
}

type Role = 'service' | 'limited' | 'invalid';

export async function startFakeSupabaseStorage(
  o: {
    /** Buckets that exist at start; default both of the product's (assets public, assets-adult private). */
    buckets?: Record<string, { public: boolean }>;
    /** Clock in ms, for signed-URL expiry tests. */
    now?: () => number;
  } = {},
): Promise<FakeSupabaseStorage> {
  const buckets = new Map(Object.entries(o.buckets ?? { assets: { public: true }, 'assets-adult': { public: false } }).map(([id, b]) => [id, { ...b }]));
  const store = new Map<string, Map<string, StoredObject>>([...buckets.keys()].map((b) => [b, new Map()]));
  const serviceKey = `service-${randomBytes(12).toString('hex')}`;
  const limitedKey = `limited-${randomBytes(12).toString('hex')}`;
  const jwtSecret = randomBytes(32);
  const now = () => Math.floor((o.now ?? Date.now)() / 1000);
  const isPublic = (bucket: string) => buckets.get(bucket)?.public === true;

  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? '/', 'http://fake');
      const method = req.method ?? 'GET';
      const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      const role: Role = bearer === serviceKey ? 'service' : bearer === limitedKey ? 'limited' : 'invalid';
      const body = Buffer.concat(chunks);
      if (url.pathname.startsWith(PREFIX)) return handle(method, decodeURIComponent(url.pathname.slice(PREFIX.length)), url, req.headers, body, role, res);
      if (url.pathname === `${ROOT}bucket` || url.pathname.startsWith(`${ROOT}bucket/`))
        return handleBucket(method, decodeURIComponent(url.pathname.slice(ROOT.length + 7)), body, role, res);
      return json(res, 404, { statusCode: 404, error: 'Not Found', message: `Route ${method}:${url.pathname} not found` });
    } catch (err) {
      error(res, 500, '500', 'internal', String(err));
    }
  });

  const invalidJws = (res: http.ServerResponse) => error(res, 400, '403', 'Unauthorized', 'Invalid Compact JWS');
  const bucketNotFound = (res: http.ServerResponse) => error(res, 400, '404', 'Bucket not found', 'Bucket not found');
  const objectNotFound = (res: http.ServerResponse) => error(res, 400, '404', 'not_found', 'Object not found');

  function handleBucket(method: string, id: string, body: Buffer, role: Role, res: http.ServerResponse) {
    if (role === 'invalid') return invalidJws(res);
    const rls = () => error(res, 400, '403', 'Unauthorized', 'new row violates row-level security policy');
    if (method === 'POST' && !id) {
      if (role !== 'service') return rls();
      const b = JSON.parse(body.toString() || '{}') as { id?: string; name?: string; public?: boolean };
      const name = b.id ?? b.name;
      if (!name) return error(res, 400, '400', 'InvalidRequest', 'body must have required property name');
      if (buckets.has(name)) return error(res, 400, '409', 'Duplicate', 'The resource already exists');
      buckets.set(name, { public: b.public === true });
      store.set(name, new Map());
      return json(res, 200, { name });
    }
    const bucket = buckets.get(id);
    if (method === 'GET' && id) {
      if (!bucket || role !== 'service') return bucketNotFound(res);
      const at = new Date(0).toISOString();
      return json(res, 200, { id, name: id, owner: '', public: bucket.public, file_size_limit: null, allowed_mime_types: null, created_at: at, updated_at: at });
    }
    if (method === 'PUT' && id) {
      if (role !== 'service') return rls();
      if (!bucket) return bucketNotFound(res);
      bucket.public = (JSON.parse(body.toString() || '{}') as { public?: boolean }).public === true;
      return json(res, 200, { message: 'Successfully updated' });
    }
    return json(res, 404, { statusCode: 404, error: 'Not Found', message: `Route ${method}:${ROOT}bucket/${id} not found` });
  }

  function handle(method: string, route: string, url: URL, headers: http.IncomingHttpHeaders, body: Buffer, role: Role, res: http.ServerResponse) {
    if (method === 'GET' && route.startsWith('sign/')) return serveSigned(route.slice(5), url.searchParams.get('token'), res);
    if (method === 'GET' && route.startsWith('public/')) {
      const [bucket, key] = split(route.slice(7));
      // storage-api does not reveal that a private bucket exists.
      if (!isPublic(bucket)) return bucketNotFound(res);
      return serve(bucket, key, res, false);
    }
    const path = route.startsWith('authenticated/') ? route.slice(14) : route;
    // A rejected key is treated as anonymous: public buckets still read, everything else is refused.
    if (role === 'invalid' && !((method === 'GET' || method === 'HEAD') && isPublic(split(path)[0]))) return invalidJws(res);

    if (method === 'DELETE' && !route.includes('/')) {
      const objects = store.get(route);
      if (!objects) return bucketNotFound(res);
      const prefixes = (JSON.parse(body.toString() || '{}') as { prefixes?: string[] }).prefixes ?? [];
      const removed = prefixes.filter((k) => objects.delete(k)).map((name) => ({ name, bucket_id: route }));
      return json(res, 200, removed);
    }
    if (method === 'POST' && route.startsWith('sign/')) {
      const [bucket, key] = split(route.slice(5));
      const expiresIn = (JSON.parse(body.toString() || '{}') as { expiresIn?: unknown }).expiresIn;
      if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1) {
        return error(res, 400, '400', 'InvalidRequest', 'expiresIn must be a positive integer');
      }
      // Signing looks the object up by bucket and name: a missing bucket is just a missing object.
      if (!store.get(bucket)?.has(key)) return objectNotFound(res);
      const token = jwt({ url: `${bucket}/${key}`, iat: now(), exp: now() + expiresIn });
      return json(res, 200, { signedURL: `/object/sign/${bucket}/${key}?token=${token}` });
    }
    const [bucket, key] = split(path);
    if (method === 'GET' || method === 'HEAD') return serve(bucket, key, res, method === 'HEAD');
    if (method === 'POST' || method === 'PUT') {
      const objects = store.get(bucket);
      if (!objects) return bucketNotFound(res);
      if (!key) return error(res, 400, '400', 'InvalidKey', 'Invalid key');
      if (String(headers['content-type']).startsWith('multipart/')) return error(res, 400, '415', 'Unsupported', 'the fake takes raw bodies only');
      const exists = objects.has(key);
      if (method === 'POST' && exists && headers['x-upsert'] !== 'true') return error(res, 400, '409', 'Duplicate', 'The resource already exists');
      if (method === 'PUT' && !exists) return objectNotFound(res);
      const cacheControl = String(headers['cache-control'] ?? 'max-age=3600');
      const obj = { body, contentType: String(headers['content-type'] ?? 'application/octet-stream'), cacheControl, id: randomUUID() };
      objects.set(key, obj);
      return json(res, 200, { Id: obj.id, Key: `${bucket}/${key}` });
    }
    return error(res, 405, '405', 'MethodNotAllowed', `${method} not supported`);
  }

  function serveSigned(path: string, token: string | null, res: http.ServerResponse) {
    const claims = token ? verifyJwt(token) : null;
    if (!claims) return error(res, 400, '400', 'InvalidJWT', 'invalid signature');
    if (typeof claims.exp !== 'number' || claims.exp <= now()) return error(res, 400, '400', 'InvalidJWT', 'jwt expired');
    if (claims.url !== path) return error(res, 400, '400', 'InvalidSignature', 'The url do not match the signature');
    const [bucket, key] = split(path);
    return serve(bucket, key, res, false);
  }

  function find(bucket: string, key: string, res: http.ServerResponse): StoredObject | undefined {
    const objects = store.get(bucket);
    if (!objects) return void bucketNotFound(res);
    const obj = objects.get(key);
    if (!obj) return void objectNotFound(res);
    return obj;
  }

  function serve(bucket: string, key: string, res: http.ServerResponse, head: boolean) {
    const obj = find(bucket, key, res);
    if (!obj) return;
    res.writeHead(200, { 'content-type': obj.contentType, 'content-length': obj.body.length, 'cache-control': obj.cacheControl, etag: `"${obj.id}"` });
    res.end(head ? undefined : obj.body);
  }

  function jwt(payload: Record<string, unknown>): string {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
    return `${unsigned}.${createHmac('sha256', jwtSecret).update(unsigned).digest('base64url')}`;
  }

  function verifyJwt(token: string): Record<string, unknown> | null {
    const [h, p, s] = token.split('.');
    if (!h || !p || !s) return null;
    const expected = createHmac('sha256', jwtSecret).update(`${h}.${p}`).digest();
    const given = Buffer.from(s, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      return JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    } catch {
      return null;
    }
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serviceKey,
    limitedKey,
    objects: (bucket) => [...(store.get(bucket)?.keys() ?? [])].sort(),
    bucket: (id) => (buckets.has(id) ? { ...buckets.get(id)! } : undefined),
    addBucket: (id, b) => {
      buckets.set(id, { ...b });
      store.set(id, new Map());
    },
    cacheControl: (bucket, key) => store.get(bucket)?.get(key)?.cacheControl,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function split(path: string): [string, string] {
  const i = path.indexOf('/');
  return i < 0 ? [path, ''] : [path.slice(0, i), path.slice(i + 1)];
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function error(res: http.ServerResponse, status: number, statusCode: string, error: string, message: string) {
  json(res, status, { statusCode, error, message });
}
