import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSupabaseStorage } from '../../../test/fakes/supabase-storage.js';
import { createLocalStorage, createSupabaseStorage, StorageError, type Storage } from './index.js';

/** One driver plus what the contract needs around it: a browser-like fetch and a shared clock. */
interface Harness {
  storage: Storage;
  load(url: string): Promise<Response>;
  advance(seconds: number): void;
  close(): Promise<void>;
}

const drivers: Record<string, () => Promise<Harness>> = {
  async local() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'storage-contract-'));
    let clock = Date.now();
    const storage = createLocalStorage({ dir, publicBaseUrl: 'http://localhost:4000', signingSecret: 'contract-secret-0123456789', now: () => clock });
    return {
      storage,
      load: async (url) => (await storage.handle(new Request(url))) ?? new Response(null, { status: 404 }),
      advance: (s) => {
        clock += s * 1000;
      },
      close: () => rm(dir, { recursive: true, force: true }),
    };
  },
  async supabase() {
    let clock = Date.now();
    const fake = await startFakeSupabaseStorage({ now: () => clock });
    const storage = createSupabaseStorage({ url: fake.url, serviceKey: fake.serviceKey, bucket: 'assets', adultBucket: 'assets-adult' });
    return {
      storage,
      load: (url) => fetch(url),
      advance: (s) => {
        clock += s * 1000;
      },
      close: fake.close,
    };
  },
};

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof StorageError ? e.code : `other: ${String(e)}`),
  );

describe.each(Object.keys(drivers))('%s storage contract', (driver) => {
  let h: Harness;
  let s: Storage;
  beforeEach(async () => {
    h = await drivers[driver]!();
    s = h.storage;
  });
  afterEach(() => h.close());

  it('round-trips bytes in both buckets, which are separate', async () => {
    await s.put('u1/i1/a.png', png, { contentType: 'image/png', adult: false });
    await s.put('u1/i1/b.png', Buffer.from('adult'), { contentType: 'image/png', adult: true });
    expect(await s.get('u1/i1/a.png', { adult: false })).toEqual(png);
    expect((await s.get('u1/i1/b.png', { adult: true })).toString()).toBe('adult');
    expect(await code(s.get('u1/i1/b.png', { adult: false }))).toBe('NOT_FOUND');
    expect(await code(s.get('u1/i1/a.png', { adult: true }))).toBe('NOT_FOUND');
  });

  it('replaces an existing object', async () => {
    await s.put('u1/i1/a.png', Buffer.from('one'), { contentType: 'image/png', adult: false });
    await s.put('u1/i1/a.png', Buffer.from('two'), { contentType: 'image/png', adult: false });
    expect((await s.get('u1/i1/a.png', { adult: false })).toString()).toBe('two');
  });

  it('deletes listed keys and ignores missing ones', async () => {
    await s.put('u1/i1/a.png', png, { contentType: 'image/png', adult: true });
    await s.put('u1/i1/a.thumb.webp', png, { contentType: 'image/webp', adult: true });
    await s.delete(['u1/i1/a.png', 'u1/i1/never.png'], { adult: true });
    await s.delete([], { adult: true });
    expect(await code(s.get('u1/i1/a.png', { adult: true }))).toBe('NOT_FOUND');
    expect(await s.get('u1/i1/a.thumb.webp', { adult: true })).toEqual(png);
  });

  it.each(['../etc/passwd', '/abs/key.png', 'a//b.png', 'a/b c.png', 'a/.hidden', '', 'a\\b.png', 'a/%2e%2e/b'])('rejects the key %j everywhere', async (key) => {
    expect(await code(s.put(key, png, { contentType: 'image/png', adult: false }))).toBe('INVALID_KEY');
    expect(await code(s.get(key, { adult: false }))).toBe('INVALID_KEY');
    expect(await code(s.delete([key], { adult: false }))).toBe('INVALID_KEY');
    expect(await code(s.url(key, { adult: true, ttlSeconds: 60 }))).toBe('INVALID_KEY');
  });

  it('gives a loadable URL for a regular asset, with its content type', async () => {
    await s.put('u1/i1/a.png', png, { contentType: 'image/png', adult: false });
    const res = await h.load(await s.url('u1/i1/a.png', { adult: false, ttlSeconds: 300 }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
  });

  it('serves adult assets only with a valid, unexpired signature for that very key', async () => {
    await s.put('u1/i1/x.png', Buffer.from('x'), { contentType: 'image/png', adult: true });
    await s.put('u1/i1/y.png', Buffer.from('y'), { contentType: 'image/png', adult: true });
    const x = await s.url('u1/i1/x.png', { adult: true, ttlSeconds: 60 });
    const y = await s.url('u1/i1/y.png', { adult: true, ttlSeconds: 60 });
    expect((await h.load(x)).status).toBe(200);
    expect((await h.load(x.split('?')[0]!)).status).not.toBe(200);
    // y's signature does not unlock x
    expect((await h.load(`${x.split('?')[0]}?${y.split('?')[1]}`)).status).not.toBe(200);
    h.advance(30);
    expect(Buffer.from(await (await h.load(x)).arrayBuffer()).toString()).toBe('x');
    h.advance(31);
    expect((await h.load(x)).status).not.toBe(200);
  });
});
