import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SetBaseImageDoc } from '../api/generation-documents.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { realFace } from '../helpers/images.js';
import { influencerWithFace } from '../helpers/studio.js';
import { executeUpload } from '../helpers/upload.js';
import { createUserWithToken } from '../helpers/users.js';

let app: TestApp;
let token: string;
let influencerId: string;

beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { LOCAL_GPU_STEP_MS: '0', UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) } });
  ({ token } = await createUserWithToken(app.services.db, 'Fuzzer', 50));
  influencerId = await influencerWithFace(app, token);
});
afterAll(() => app?.close());

/** Row counts that no rejected request may change. */
async function footprint() {
  const db = app.services.db;
  const [influencers, jobs, items, assets, ledger, tokens, gpuJobs] = await Promise.all([
    db.influencer.count(),
    db.generationJob.count(),
    db.generationItem.count(),
    db.imageAsset.count(),
    db.creditLedgerEntry.count(),
    db.apiToken.count(),
    db.gpuJob.count(),
  ]);
  return { influencers, jobs, items, assets, ledger, tokens, gpuJobs };
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text };
}

const gen = (input: Record<string, unknown>) => ({
  query: `mutation($input: GenerateImagesInput!) { generateImages(input: $input) { __typename ... on Error { code message } } }`,
  variables: { input: { influencerId, scene: 'professional_portrait', environment: 'studio', ...input } },
});

const hd = (input: Record<string, unknown>) => ({
  query: `mutation($input: UpgradePackToHdInput!) { upgradePackToHd(input: $input) { __typename ... on Error { code message } } }`,
  variables: { input },
});

describe('bad-input corpus: a typed error or a 4xx, never a 500, never a partial row or charge', () => {
  it('GraphQL requests', async () => {
    const before = await footprint();
    const cases: Array<[string, unknown]> = [
      ['wrong enum', gen({ quality: 'ULTRA' })],
      ['wrong enum literal', { query: `mutation { generateImages(input: { influencerId: "${influencerId}", scene: "x", environment: "y", aspectRatio: WIDE }) { __typename } }` }],
      ['count 0', gen({ count: 0 })],
      ['count 11', gen({ count: 11 })],
      ['count -1', gen({ count: -1 })],
      ['count float', gen({ count: 2.5 })],
      ['count huge', gen({ count: 2 ** 40 })],
      ['unknown scene', gen({ scene: 'moon' })],
      ['huge scene string', gen({ scene: 'x'.repeat(200_000) })],
      ['huge idempotency key', gen({ idempotencyKey: 'k'.repeat(10_000) })],
      ['malformed global id', gen({ influencerId: '!!!' })],
      ['id of another type', gen({ influencerId: Buffer.from('ApiToken:00000000-0000-4000-8000-000000000001').toString('base64') })],
      ['non-uuid id', gen({ influencerId: Buffer.from('Influencer:1 OR 1=1').toString('base64') })],
      ['missing input', { query: `mutation { generateImages { __typename } }` }],
      ['syntax error', { query: `mutation { generateImages(input: {` }],
      ['not JSON', '{"query": '],
      ['empty body', ''],
      ['variables not an object', { query: `query { presets { scenes { id } } }`, variables: 'nope' }],
      [
        'huge influencer name',
        {
          query: `mutation($i: CreateInfluencerInput!) { createInfluencer(input: $i) { __typename } }`,
          variables: {
            i: { name: 'n'.repeat(1_000_000), gender: 'FEMALE', age: 30, ethnicity: 'a', hairColor: 'a', hairStyle: 'a', eyeColor: 'a', bodyType: 'a', defaultOutfit: 'bikini' },
          },
        },
      ],
      ['deep query', { query: `{ ${'influencers { edges { node { baseImage { influencer { '.repeat(6)}id${' } } } } }'.repeat(6)} }` }],
      ['alias flood', { query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: presets { scenes { id } }`).join(' ')} }` }],
      ['hd upgrade: malformed pack id', hd({ jobId: '!!!' })],
      ['hd upgrade: id of another type', hd({ jobId: Buffer.from(`Influencer:${'00000000-0000-4000-8000-000000000001'}`).toString('base64') })],
      ['hd upgrade: unknown pack', hd({ jobId: Buffer.from('GenerationJob:00000000-0000-4000-8000-000000000001').toString('base64') })],
      ['hd upgrade: non-uuid id', hd({ jobId: Buffer.from('GenerationJob:1 OR 1=1').toString('base64') })],
      ['hd upgrade: huge idempotency key', hd({ jobId: Buffer.from('GenerationJob:00000000-0000-4000-8000-000000000001').toString('base64'), idempotencyKey: 'k'.repeat(10_000) })],
      ['hd upgrade: missing input', { query: `mutation { upgradePackToHd { __typename } }` }],
      ['hd upgrade: jobId a number', hd({ jobId: 12 })],
      ['unknown event name', { query: `mutation { trackEvent(input: { name: "drop_tables" }) { __typename ... on Error { code } } }` }],
      ['event with nested properties', { query: `mutation { trackEvent(input: { name: "studio_opened", properties: { a: { b: 1 } } }) { __typename ... on Error { code } } }` }],
    ];
    for (const [name, body] of cases) {
      const r = await post(body);
      expect(r.status, `${name}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
      const ok = r.status >= 400 || /"__typename":"(InvalidInput|NotFound)"|"errors"/.test(r.text);
      expect(ok, `${name} must be rejected: ${r.text.slice(0, 300)}`).toBe(true);
      expect(r.text).not.toMatch(/stack|at .*\.ts:\d+|prisma/i);
    }
    expect(await footprint()).toEqual(before);
  });

  it('uploads: non-images, truncated PNGs, decompression bombs, oversized files', async () => {
    const before = await footprint();
    const png = await realFace(1, 256);
    const bomb = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    // Patch the IHDR to claim 60000×60000 (fixing its CRC), without the pixels: a bomb by header.
    const ihdr = bomb.subarray(8 + 8, 8 + 8 + 13);
    ihdr.writeUInt32BE(60000, 0);
    ihdr.writeUInt32BE(60000, 4);
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 12 + 4 + 13)), 8 + 8 + 13);
    const cases: Array<[string, Buffer, string]> = [
      ['text file', Buffer.from('hello, not an image'), 'text/plain'],
      ['svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml'],
      ['truncated png', png.subarray(0, Math.floor(png.length / 2)), 'image/png'],
      ['decompression bomb', bomb, 'image/png'],
      ['oversized', Buffer.concat([png, Buffer.alloc(3 * 1024 * 1024)]), 'image/png'],
      ['empty', Buffer.alloc(0), 'image/png'],
    ];
    for (const [name, bytes, type] of cases) {
      const r = await executeUpload(app.yoga, SetBaseImageDoc, { input: { influencerId, image: null as unknown as File } }, { 'input.image': { bytes, name: 'x', type } }, token);
      expect(r.status, name).toBeLessThan(500);
      const typename = r.data?.setBaseImage.__typename;
      expect(typename === 'InvalidInput' || r.status >= 400 || Boolean(r.errors?.length), `${name}: ${JSON.stringify(r).slice(0, 300)}`).toBe(true);
    }
    expect(await footprint()).toEqual(before);
  });

  it('forged and replayed webhooks change nothing and never charge twice', async () => {
    const r = await post(gen({ count: 1 }));
    expect(r.text).toContain('GenerateImagesPayload');
    const deadline = Date.now() + 30_000;
    let item;
    for (;;) {
      item = await app.services.db.generationItem.findFirst({
        where: { job: { user: { displayName: 'Fuzzer' } }, status: 'completed' },
        include: { gpuJob: { include: { tries: true } } },
      });
      if (item || Date.now() > deadline) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(item).toBeTruthy();
    const attempt = item!.gpuJob!.tries[0]!;
    const before = await footprint();
    const hook = (t: string, body: unknown) =>
      fetch(`${app.url}/webhooks/runpod/${t}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // Replay of the real webhook for a completed image: acknowledged, nothing happens.
    expect((await hook(attempt.webhookToken, { id: attempt.runpodJobId, status: 'COMPLETED', output: { images: [] } })).status).toBe(200);
    // Valid token, forged job id: ignored.
    expect((await hook(attempt.webhookToken, { id: 'forged-job', status: 'COMPLETED' })).status).toBe(200);
    // Forged tokens.
    expect((await hook('A'.repeat(32), { id: attempt.runpodJobId, status: 'COMPLETED' })).status).toBe(404);
    await new Promise((res) => setTimeout(res, 500));
    expect(await footprint()).toEqual(before);
    const job = await app.services.db.generationJob.findUniqueOrThrow({ where: { id: item!.jobId } });
    expect(job).toMatchObject({ completedCount: 1, creditsCharged: 1 });
  });
});

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

describe('request hygiene', () => {
  it('refuses cross-site-style multipart requests without the CSRF header, and oversized bodies', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: '{ viewer { id } }' }));
    form.set('map', '{}');
    const noHeader = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(noHeader.status).toBe(403);
    const big = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { id } }', variables: { pad: 'x'.repeat(4 * 1024 * 1024) } }),
    });
    expect(big.status).toBe(413);
  });
});
