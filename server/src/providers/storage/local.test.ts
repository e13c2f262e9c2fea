import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assetKey, createLocalStorage, type LocalStorage } from './index.js';

const SECRET = 'local-test-secret-abcdef';
const NOW = Date.UTC(2030, 0, 1);
let dir: string;
let s: LocalStorage;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'local-storage-'));
  s = createLocalStorage({ dir, publicBaseUrl: 'http://localhost:4000/', signingSecret: SECRET, now: () => NOW });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const get = (url: string, init?: RequestInit) => s.handle(new Request(url, init));

describe('local storage on disk', () => {
  it('stores under <dir>/<bucket>/<key> and leaves no temp files', async () => {
    await s.put('u/i/a.png', Buffer.from('r'), { contentType: 'image/png', adult: false });
    await s.put('u/i/a.png', Buffer.from('a'), { contentType: 'image/png', adult: true });
    expect((await readFile(path.join(dir, 'assets/u/i/a.png'))).toString()).toBe('r');
    expect((await readFile(path.join(dir, 'assets-adult/u/i/a.png'))).toString()).toBe('a');
    expect(await readdir(path.join(dir, 'assets/u/i'))).toEqual(['a.png']);
  });

  it('never exposes a half-written file to concurrent writers', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => Buffer.alloc(256 * 1024, i));
    await Promise.all(bodies.map((b) => s.put('u/i/race.png', b, { contentType: 'image/png', adult: false })));
    const final = await s.get('u/i/race.png', { adult: false });
    expect(bodies.some((b) => b.equals(final))).toBe(true);
    expect(await readdir(path.join(dir, 'assets/u/i'))).toEqual(['race.png']);
  });
});

describe('signed URLs', () => {
  beforeEach(() => s.put('u/i/a.webp', Buffer.from('webp-bytes'), { contentType: 'image/webp', adult: false }));

  it('signs every URL with an expiry', async () => {
    const url = await s.url('u/i/a.webp', { adult: false, ttlSeconds: 600 });
    expect(url).toMatch(/^http:\/\/localhost:4000\/files\/assets\/u\/i\/a\.webp\?exp=\d+&sig=[0-9a-f]{64}$/);
    expect(new URL(url).searchParams.get('exp')).toBe(String(NOW / 1000 + 600));
  });

  it('serves with type, length, ETag and a private max-age of the remaining lifetime', async () => {
    const res = (await get(await s.url('u/i/a.webp', { adult: false, ttlSeconds: 600 })))!;
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'image/webp',
      'content-length': '10',
      'cache-control': 'private, max-age=600',
      'x-content-type-options': 'nosniff',
    });
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(await res.text()).toBe('webp-bytes');
  });

  it('answers HEAD without a body and If-None-Match with 304', async () => {
    const url = await s.url('u/i/a.webp', { adult: false, ttlSeconds: 60 });
    const head = (await get(url, { method: 'HEAD' }))!;
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('10');
    expect(await head.text()).toBe('');
    const again = (await get(url, { headers: { 'if-none-match': head.headers.get('etag')! } }))!;
    expect(again.status).toBe(304);
  });

  it('rejects forged, re-dated, unsigned and expired URLs with 403', async () => {
    const url = new URL(await s.url('u/i/a.webp', { adult: false, ttlSeconds: 60 }));
    const sig = url.searchParams.get('sig')!;
    const forged = new URL(url);
    forged.searchParams.set('sig', `${sig.slice(0, 10)}${sig[10] === '0' ? '1' : '0'}${sig.slice(11)}`);
    const redated = new URL(url);
    redated.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600));
    for (const u of [forged, redated, new URL(url.pathname, url)]) expect((await get(u.toString()))!.status).toBe(403);
    const later = createLocalStorage({ dir, publicBaseUrl: 'http://localhost:4000', signingSecret: SECRET, now: () => NOW + 61_000 });
    expect((await later.handle(new Request(url)))!.status).toBe(403);
    const otherSecret = createLocalStorage({ dir, publicBaseUrl: 'http://localhost:4000', signingSecret: `${SECRET}x`, now: () => NOW });
    expect((await otherSecret.handle(new Request(url)))!.status).toBe(403);
  });

  it('answers 404 for a validly signed missing object, 405 for writes, null for other paths', async () => {
    expect((await get(await s.url('u/i/gone.png', { adult: true, ttlSeconds: 60 })))!.status).toBe(404);
    expect((await get(await s.url('u/i/a.webp', { adult: false, ttlSeconds: 60 }), { method: 'POST' }))!.status).toBe(405);
    expect(await get('http://localhost:4000/graphql')).toBeNull();
    expect(await get('http://localhost:4000/filesystem/x')).toBeNull();
  });

  it('honours a custom route prefix', async () => {
    const custom = createLocalStorage({ dir, publicBaseUrl: 'http://cdn.test', signingSecret: SECRET, routePrefix: '/media/', now: () => NOW });
    const url = await custom.url('u/i/a.webp', { adult: false, ttlSeconds: 5 });
    expect(url.startsWith('http://cdn.test/media/assets/u/i/a.webp?')).toBe(true);
    expect((await custom.handle(new Request(url)))!.status).toBe(200);
    expect(await custom.handle(new Request(url.replace('/media/', '/files/')))).toBeNull();
  });

  it('refuses a weak signing secret', () => {
    expect(() => createLocalStorage({ dir, publicBaseUrl: 'http://x', signingSecret: 'short' })).toThrow(/signingSecret/);
  });
});

describe('assetKey', () => {
  const p = { userId: 'usr_1', influencerId: 'inf_2', assetId: 'ast_3', ext: 'png' };
  it('builds original, thumbnail and mask keys', () => {
    expect(assetKey({ ...p, variant: 'original' })).toBe('usr_1/inf_2/ast_3.png');
    expect(assetKey({ ...p, variant: 'original', ext: '.JPG' })).toBe('usr_1/inf_2/ast_3.jpg');
    expect(assetKey({ ...p, variant: 'thumb' })).toBe('usr_1/inf_2/ast_3.thumb.webp');
    expect(assetKey({ ...p, variant: 'mask' })).toBe('usr_1/inf_2/ast_3.mask.png');
  });
  it('rejects parts that would escape their folder', () => {
    expect(() => assetKey({ ...p, userId: '../x', variant: 'original' })).toThrow(/Invalid/);
    expect(() => assetKey({ ...p, assetId: 'a/b', variant: 'original' })).toThrow(/Invalid/);
    expect(() => assetKey({ ...p, ext: 'p/ng', variant: 'original' })).toThrow(/Invalid/);
  });
});
