import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSupabaseStorage, type FakeSupabaseStorage } from '../../../test/fakes/supabase-storage.js';
import { createSupabaseStorage, IMMUTABLE_CACHE_CONTROL, StorageError, type Storage } from './index.js';

let fake: FakeSupabaseStorage;
let s: Storage;
beforeEach(async () => {
  fake = await startFakeSupabaseStorage();
  s = createSupabaseStorage({ url: `${fake.url}/`, serviceKey: fake.serviceKey, bucket: 'assets', adultBucket: 'assets-adult' });
});
afterEach(() => fake.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a StorageError');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(StorageError);
      return e as StorageError;
    },
  );

const options = (url: string, serviceKey: string) => ({ url, serviceKey, bucket: 'assets', adultBucket: 'assets-adult' });

describe('Supabase storage', () => {
  it('uploads into the right bucket with its content type, and immutable keys with a long cache lifetime', async () => {
    await s.put('u/i/a.thumb.webp', Buffer.from('t'), { contentType: 'image/webp', adult: false });
    await s.put('u/i/n.png', Buffer.from('n'), { contentType: 'image/png', adult: true });
    expect(fake.objects('assets')).toEqual(['u/i/a.thumb.webp']);
    expect(fake.objects('assets-adult')).toEqual(['u/i/n.png']);
    const res = await fetch(await s.url('u/i/a.thumb.webp', { adult: false, ttlSeconds: 60 }));
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(fake.cacheControl('assets-adult', 'u/i/n.png')).toBe(IMMUTABLE_CACHE_CONTROL);
  });

  it("sends a given cache-control whole, not as storage-js's max-age=<n>", async () => {
    await s.put('u/i/a.png', Buffer.from('t'), { contentType: 'image/png', adult: false, cacheControl: 'no-store' });
    expect(fake.cacheControl('assets', 'u/i/a.png')).toBe('no-store');
  });

  it('hands out public URLs for regular assets and signed URLs for adult ones', async () => {
    await s.put('u/i/n.png', Buffer.from('n'), { contentType: 'image/png', adult: true });
    const regular = await s.url('u/i/r.png', { adult: false, ttlSeconds: 60 });
    const adult = await s.url('u/i/n.png', { adult: true, ttlSeconds: 60 });
    expect(regular).toBe(`${fake.url}/storage/v1/object/public/assets/u/i/r.png`);
    expect(adult).toMatch(new RegExp(`^${fake.url}/storage/v1/object/sign/assets-adult/u/i/n\\.png\\?token=`));
    expect((await fetch(adult)).status).toBe(200);
  });

  it('addresses the bucket recorded with an asset, not the configured one', async () => {
    fake.addBucket('old-assets', { public: true });
    fake.addBucket('old-adult', { public: false });
    await s.put('u/i/r.png', Buffer.from('r'), { contentType: 'image/png', adult: false, bucket: 'old-assets' });
    await s.put('u/i/n.png', Buffer.from('n'), { contentType: 'image/png', adult: true, bucket: 'old-adult' });
    expect(fake.objects('old-assets')).toEqual(['u/i/r.png']);
    expect(fake.objects('assets')).toEqual([]);
    expect(await s.url('u/i/r.png', { adult: false, bucket: 'old-assets', ttlSeconds: 60 })).toBe(`${fake.url}/storage/v1/object/public/old-assets/u/i/r.png`);
    const signed = await s.url('u/i/n.png', { adult: true, bucket: 'old-adult', ttlSeconds: 60 });
    expect(signed).toContain('/object/sign/old-adult/u/i/n.png?token=');
    expect((await s.get('u/i/n.png', { adult: true, bucket: 'old-adult' })).toString()).toBe('n');
    await s.delete(['u/i/n.png'], { adult: true, bucket: 'old-adult' });
    expect(fake.objects('old-adult')).toEqual([]);
    expect(s.buckets).toEqual({ regular: 'assets', adult: 'assets-adult' });
  });

  it('never serves an adult asset through a public URL', async () => {
    await s.put('u/i/n.png', Buffer.from('n'), { contentType: 'image/png', adult: true });
    const res = await fetch(`${fake.url}/storage/v1/object/public/assets-adult/u/i/n.png`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: '404', error: 'Bucket not found' });
  });

  it('rejects a signed URL whose token was re-pointed at another object', async () => {
    await s.put('u/i/n.png', Buffer.from('n'), { contentType: 'image/png', adult: true });
    await s.put('u/i/m.png', Buffer.from('m'), { contentType: 'image/png', adult: true });
    const url = new URL(await s.url('u/i/n.png', { adult: true, ttlSeconds: 60 }));
    const [h, payload, sig] = url.searchParams.get('token')!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const repointed = Buffer.from(JSON.stringify({ ...claims, url: 'assets-adult/u/i/m.png' })).toString('base64url');
    const forged = `${fake.url}/storage/v1/object/sign/assets-adult/u/i/m.png?token=${h}.${repointed}.${sig}`;
    expect(await (await fetch(forged)).json()).toMatchObject({ error: 'InvalidJWT' });
  });
});

describe("Supabase storage errors, classified by the server's statusCode and error fields", () => {
  it('a missing object is NOT_FOUND, reading and signing', async () => {
    expect((await failure(s.get('u/i/none.png', { adult: false }))).code).toBe('NOT_FOUND');
    expect((await failure(s.get('u/i/none.png', { adult: true }))).code).toBe('NOT_FOUND');
    expect((await failure(s.url('u/i/none.png', { adult: true, ttlSeconds: 60 }))).code).toBe('NOT_FOUND');
  });

  it('a missing bucket is BACKEND, also when signing answers "Object not found"', async () => {
    const noBucket = createSupabaseStorage({ ...options(fake.url, fake.serviceKey), bucket: 'typo', adultBucket: 'typo-adult' });
    const signing = await failure(noBucket.url('u/i/a.png', { adult: true, ttlSeconds: 60 }));
    expect(signing.code).toBe('BACKEND');
    expect(signing.message).toContain("bucket 'typo-adult' does not exist");
    expect((await failure(noBucket.get('u/i/a.png', { adult: false }))).code).toBe('BACKEND');
    const upload = await failure(noBucket.put('u/i/a.png', Buffer.from('x'), { contentType: 'image/png', adult: false }));
    expect(upload.code).toBe('BACKEND');
    expect(upload.message).toContain("bucket 'typo' does not exist");
  });

  it('a wrong gateway path ("Route … not found") is BACKEND and names SUPABASE_URL', async () => {
    const wrongPath = createSupabaseStorage(options(`${fake.url}/storage/v1`, fake.serviceKey));
    const e = await failure(wrongPath.get('u/i/a.png', { adult: false }));
    expect(e.code).toBe('BACKEND');
    expect(e.message).toMatch(/Route GET:.* not found.*SUPABASE_URL/);
  });

  it('a rejected key is BACKEND and names SUPABASE_SERVICE_KEY, even reading a missing object of a public bucket', async () => {
    const wrongKey = createSupabaseStorage(options(fake.url, 'not-a-jws'));
    // The storage server reads public buckets anonymously when the key is rejected: the answer alone says "Object not found".
    const read = await failure(wrongKey.get('u/i/a.png', { adult: false }));
    expect(read.code).toBe('BACKEND');
    expect(read.message).toContain('SUPABASE_SERVICE_KEY');
    const write = await failure(wrongKey.put('u/i/a.png', Buffer.from('x'), { contentType: 'image/png', adult: false }));
    expect(write.code).toBe('BACKEND');
    expect(write.message).toMatch(/Invalid Compact JWS.*SUPABASE_SERVICE_KEY/);
  });

  it('maps an unreachable server to BACKEND', async () => {
    await fake.close();
    expect((await failure(s.get('u/i/a.png', { adult: false }))).code).toBe('BACKEND');
  });
});

describe('Supabase storage start-up check', () => {
  const ready = (storage: Storage) =>
    storage.ensureReady().then(
      () => null,
      (e: Error) => e.message,
    );

  it('creates both buckets when missing: assets public, adult private', async () => {
    const empty = await startFakeSupabaseStorage({ buckets: {} });
    try {
      expect(await ready(createSupabaseStorage(options(empty.url, empty.serviceKey)))).toBeNull();
      expect(empty.bucket('assets')).toEqual({ public: true });
      expect(empty.bucket('assets-adult')).toEqual({ public: false });
      // The key check leaves nothing behind.
      expect(empty.objects('assets-adult')).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('accepts buckets that are already there, and a bucket created by someone else meanwhile ("already exists")', async () => {
    await s.put('u/i/a.png', Buffer.from('a'), { contentType: 'image/png', adult: false });
    expect(await ready(s)).toBeNull();
    expect(fake.objects('assets')).toEqual(['u/i/a.png']);
    // Two processes starting together: the second createBucket answers 409, which is fine.
    const racing = await startFakeSupabaseStorage({ buckets: {} });
    try {
      const a = createSupabaseStorage(options(racing.url, racing.serviceKey));
      const b = createSupabaseStorage(options(racing.url, racing.serviceKey));
      expect(await Promise.all([ready(a), ready(b)])).toEqual([null, null]);
    } finally {
      await racing.close();
    }
  });

  it('fails with a sentence when a bucket cannot be created for lack of permission', async () => {
    const empty = await startFakeSupabaseStorage({ buckets: {} });
    try {
      const message = await ready(createSupabaseStorage(options(empty.url, empty.limitedKey)));
      expect(message).toMatch(/bucket 'assets' \(STORAGE_BUCKET\) is missing and could not be created \(new row violates row-level security policy\)/);
      expect(message).toContain('SUPABASE_SERVICE_KEY');
      expect(message).toContain("create a public bucket named 'assets'");
      expect(empty.bucket('assets')).toBeUndefined();
    } finally {
      await empty.close();
    }
  });

  it('refuses an adult bucket that is public, or an assets bucket that is private', async () => {
    const wrong = await startFakeSupabaseStorage({ buckets: { assets: { public: true }, 'assets-adult': { public: true } } });
    try {
      expect(await ready(createSupabaseStorage(options(wrong.url, wrong.serviceKey)))).toMatch(/'assets-adult' \(STORAGE_ADULT_BUCKET\) is public but must be private/);
    } finally {
      await wrong.close();
    }
    fake.addBucket('assets', { public: false });
    expect(await ready(s)).toMatch(/'assets' \(STORAGE_BUCKET\) is private but must be public/);
  });

  it('checks the service key with a write, and names SUPABASE_SERVICE_KEY when it is rejected', async () => {
    const message = await ready(createSupabaseStorage(options(fake.url, 'not-a-jws')));
    expect(message).toMatch(/Invalid Compact JWS.*SUPABASE_SERVICE_KEY/);
    // A valid key of a role that cannot see buckets (an anon or user JWT) is refused too.
    expect(await ready(createSupabaseStorage(options(fake.url, fake.limitedKey)))).toMatch(/SUPABASE_SERVICE_KEY/);
  });
});

describe('the fake itself', () => {
  it('reads public buckets without a valid key, and refuses everything else with "Invalid Compact JWS"', async () => {
    await s.put('u/i/a.png', Buffer.from('a'), { contentType: 'image/png', adult: false });
    await s.put('u/i/n.png', Buffer.from('n'), { contentType: 'image/png', adult: true });
    expect((await fetch(`${fake.url}/storage/v1/object/assets/u/i/a.png`)).status).toBe(200);
    const priv = await fetch(`${fake.url}/storage/v1/object/assets-adult/u/i/n.png`, { headers: { authorization: 'Bearer nope' } });
    expect(priv.status).toBe(400);
    expect(await priv.json()).toEqual({ statusCode: '403', error: 'Unauthorized', message: 'Invalid Compact JWS' });
  });

  it('honours x-upsert: false', async () => {
    const at = `${fake.url}/storage/v1/object/assets/u/i/a.png`;
    const headers = { apikey: fake.serviceKey, authorization: `Bearer ${fake.serviceKey}`, 'content-type': 'image/png', 'x-upsert': 'false' };
    expect((await fetch(at, { method: 'POST', headers, body: 'a' })).status).toBe(200);
    const dup = await fetch(at, { method: 'POST', headers, body: 'b' });
    expect(await dup.json()).toMatchObject({ statusCode: '409', error: 'Duplicate' });
  });

  it('answers a second createBucket with 400 / statusCode 409 "The resource already exists"', async () => {
    const res = await fetch(`${fake.url}/storage/v1/bucket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.serviceKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'assets', name: 'assets', public: true }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ statusCode: '409', error: 'Duplicate', message: 'The resource already exists' });
  });
});
