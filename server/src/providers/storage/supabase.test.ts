import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSupabaseStorage, type FakeSupabaseStorage } from '../../../test/fakes/supabase-storage.js';
import { createSupabaseStorage, StorageError, type Storage } from './index.js';

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

describe('Supabase storage', () => {
  it('uploads into the right bucket with its content type and cache control', async () => {
    await s.put('u/i/a.thumb.webp', Buffer.from('t'), { contentType: 'image/webp', adult: false, cacheControl: '86400' });
    await s.put('u/i/n.png', Buffer.from('n'), { contentType: 'image/png', adult: true });
    expect(fake.objects('assets')).toEqual(['u/i/a.thumb.webp']);
    expect(fake.objects('assets-adult')).toEqual(['u/i/n.png']);
    const res = await fetch(await s.url('u/i/a.thumb.webp', { adult: false, ttlSeconds: 60 }));
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe('max-age=86400');
  });

  it('hands out public URLs for regular assets and signed URLs for adult ones', async () => {
    await s.put('u/i/n.png', Buffer.from('n'), { contentType: 'image/png', adult: true });
    const regular = await s.url('u/i/r.png', { adult: false, ttlSeconds: 60 });
    const adult = await s.url('u/i/n.png', { adult: true, ttlSeconds: 60 });
    expect(regular).toBe(`${fake.url}/storage/v1/object/public/assets/u/i/r.png`);
    expect(adult).toMatch(new RegExp(`^${fake.url}/storage/v1/object/sign/assets-adult/u/i/n\\.png\\?token=`));
    expect((await fetch(adult)).status).toBe(200);
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

  it('refuses to sign a missing adult asset', async () => {
    expect((await failure(s.url('u/i/none.png', { adult: true, ttlSeconds: 60 }))).code).toBe('NOT_FOUND');
  });

  it('maps a wrong service key and a missing bucket to BACKEND, not NOT_FOUND', async () => {
    const wrongKey = createSupabaseStorage({ url: fake.url, serviceKey: 'nope', bucket: 'assets', adultBucket: 'assets-adult' });
    expect((await failure(wrongKey.get('u/i/a.png', { adult: false }))).code).toBe('BACKEND');
    expect((await failure(wrongKey.put('u/i/a.png', Buffer.from('x'), { contentType: 'image/png', adult: false }))).code).toBe('BACKEND');
    const noBucket = createSupabaseStorage({ url: fake.url, serviceKey: fake.serviceKey, bucket: 'typo', adultBucket: 'assets-adult' });
    expect((await failure(noBucket.get('u/i/a.png', { adult: false }))).code).toBe('BACKEND');
  });

  it('maps an unreachable server to BACKEND', async () => {
    await fake.close();
    expect((await failure(s.get('u/i/a.png', { adult: false }))).code).toBe('BACKEND');
  });
});

describe('the fake itself', () => {
  it('requires both the apikey header and the bearer token', async () => {
    const at = `${fake.url}/storage/v1/object/assets/u/i/a.png`;
    expect((await fetch(at, { headers: { authorization: `Bearer ${fake.serviceKey}` } })).status).toBe(401);
    expect((await fetch(at, { headers: { apikey: fake.serviceKey } })).status).toBe(400);
  });

  it('honours x-upsert: false', async () => {
    const at = `${fake.url}/storage/v1/object/assets/u/i/a.png`;
    const headers = { apikey: fake.serviceKey, authorization: `Bearer ${fake.serviceKey}`, 'content-type': 'image/png', 'x-upsert': 'false' };
    expect((await fetch(at, { method: 'POST', headers, body: 'a' })).status).toBe(200);
    const dup = await fetch(at, { method: 'POST', headers, body: 'b' });
    expect(await dup.json()).toMatchObject({ statusCode: '409', error: 'Duplicate' });
  });
});
