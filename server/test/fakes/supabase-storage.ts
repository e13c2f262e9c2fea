import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Supabase Storage speaking the REST contract @supabase/storage-js 2.100 calls:
 *   POST|PUT /storage/v1/object/{bucket}/{path}        upload (x-upsert) / update, raw body
 *   GET|HEAD /storage/v1/object[/authenticated]/{bucket}/{path}   authenticated download
 *   DELETE   /storage/v1/object/{bucket}               {prefixes: [...]}
 *   POST     /storage/v1/object/sign/{bucket}/{path}   {expiresIn} → {signedURL}
 *   GET      /storage/v1/object/sign/{bucket}/{path}?token=   (JWT, no auth header)
 *   GET      /storage/v1/object/public/{bucket}/{path}        public buckets only
 * Like storage-api, errors are HTTP 400 with the real code in the body's `statusCode`.
 */
export interface FakeSupabaseStorage {
  /** Project base like http://127.0.0.1:PORT; storage is served at /storage/v1. */
  url: string;
  serviceKey: string;
  close(): Promise<void>;
  /** Keys currently stored in a bucket, sorted. */
  objects(bucket: string): string[];
}

const PREFIX = '/storage/v1/object/';

interface StoredObject {
  body: Buffer;
  contentType: string;
  cacheControl: string;
  id: string;
}

export async function startFakeSupabaseStorage(
  o: {
    buckets?: Record<string, { public: boolean }>;
    /** Clock in ms, for signed-URL expiry tests. */
    now?: () => number;
  } = {},
): Promise<FakeSupabaseStorage> {
  const buckets = o.buckets ?? { assets: { public: true }, 'assets-adult': { public: false } };
  const store = new Map<string, Map<string, StoredObject>>(Object.keys(buckets).map((b) => [b, new Map()]));
  const serviceKey = `service-${randomBytes(12).toString('hex')}`;
  const jwtSecret = randomBytes(32);
  const now = () => Math.floor((o.now ?? Date.now)() / 1000);

  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? '/', 'http://fake');
      if (!url.pathname.startsWith(PREFIX)) return error(res, 404, '404', 'not_found', 'Route not found');
      const route = decodeURIComponent(url.pathname.slice(PREFIX.length));
      handle(req.method ?? 'GET', route, url, req.headers, Buffer.concat(chunks), res);
    } catch (err) {
      error(res, 500, '500', 'internal', String(err));
    }
  });

  function handle(method: string, route: string, url: URL, headers: http.IncomingHttpHeaders, body: Buffer, res: http.ServerResponse) {
    if (method === 'GET' && route.startsWith('sign/')) return serveSigned(route.slice(5), url.searchParams.get('token'), res);
    if (method === 'GET' && route.startsWith('public/')) {
      const [bucket, key] = split(route.slice(7));
      // storage-api does not reveal that a private bucket exists.
      if (!buckets[bucket]?.public) return error(res, 400, '404', 'Bucket not found', 'Bucket not found');
      return serve(bucket, key, res, false);
    }
    if (headers.apikey !== serviceKey) return json(res, 401, { message: 'Invalid API key' });
    if (headers.authorization !== `Bearer ${serviceKey}`) return error(res, 400, '403', 'Unauthorized', 'invalid signature');

    if (method === 'DELETE' && !route.includes('/')) {
      const objects = store.get(route);
      if (!objects) return error(res, 400, '404', 'Bucket not found', 'Bucket not found');
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
      if (!find(bucket, key, res)) return;
      const token = jwt({ url: `${bucket}/${key}`, iat: now(), exp: now() + expiresIn });
      return json(res, 200, { signedURL: `/object/sign/${bucket}/${key}?token=${token}` });
    }
    const path = route.startsWith('authenticated/') ? route.slice(14) : route;
    const [bucket, key] = split(path);
    if (method === 'GET' || method === 'HEAD') return serve(bucket, key, res, method === 'HEAD');
    if (method === 'POST' || method === 'PUT') {
      const objects = store.get(bucket);
      if (!objects) return error(res, 400, '404', 'Bucket not found', 'Bucket not found');
      if (!key) return error(res, 400, '400', 'InvalidKey', 'Invalid key');
      if (String(headers['content-type']).startsWith('multipart/')) return error(res, 400, '415', 'Unsupported', 'the fake takes raw bodies only');
      const exists = objects.has(key);
      if (method === 'POST' && exists && headers['x-upsert'] !== 'true') return error(res, 400, '409', 'Duplicate', 'The resource already exists');
      if (method === 'PUT' && !exists) return error(res, 400, '404', 'not_found', 'Object not found');
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
    if (!objects) return void error(res, 400, '404', 'Bucket not found', 'Bucket not found');
    const obj = objects.get(key);
    if (!obj) return void error(res, 400, '404', 'not_found', 'Object not found');
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
    objects: (bucket) => [...(store.get(bucket)?.keys() ?? [])].sort(),
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
