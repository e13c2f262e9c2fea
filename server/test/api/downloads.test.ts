import { randomBytes } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { runPack } from '../helpers/packs.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';

const ConfirmAdult = graphql(`
  mutation DlConfirmAdult($input: ConfirmAdultInput!) {
    confirmAdult(input: $input) {
      viewer {
        adultConfirmed
      }
    }
  }
`);
const Delete = graphql(`
  mutation DlDelete($input: DeleteAssetsInput!) {
    deleteAssets(input: $input) {
      __typename
    }
  }
`);

let app: TestApp;
let alice: { token: string };
let bob: { token: string };
let pack: { id: string; assetIds: string[] };

beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { LOCAL_GPU_STEP_MS: '0', RATE_LIMIT_GENERATIONS_PER_MIN: '100' } });
  alice = await createUserWithToken(app.services.db, 'Alice Dl', 100);
  bob = await createUserWithToken(app.services.db, 'Bob Dl', 100);
  const influencerId = await influencerWithFace(app, alice.token, { name: 'Mia Laurent' });
  const { job } = await runPack(app, alice.token, { influencerId, scene: 'beach_day', environment: 'beach', count: 3 });
  pack = { id: job.id, assetIds: job.images.map((i) => i.asset!.id) };
});
afterAll(() => app?.close());

const get = (path: string, token?: string) => fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const dbId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

/** Entries of a ZIP: name → bytes. */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

describe('downloads', () => {
  it('serves one original with its filename, and 404s for anyone else', async () => {
    const row = await app.services.db.imageAsset.findUniqueOrThrow({ where: { id: dbId(pack.assetIds[1]!) } });
    const res = await get(`/downloads/assets/${encodeURIComponent(pack.assetIds[1]!)}`, alice.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('filename="mia-laurent-beach-day-2.png"');
    expect(Buffer.from(await res.arrayBuffer()).equals(await app.services.storage.get(row.storageKey, { adult: false }))).toBe(true);
    expect((await get(`/downloads/assets/${encodeURIComponent(pack.assetIds[1]!)}`, bob.token)).status).toBe(404);
    expect((await get(`/downloads/assets/${encodeURIComponent(pack.assetIds[1]!)}`)).status).toBe(401);
    expect((await get(`/downloads/assets/not-an-id`, alice.token)).status).toBe(404);
  });

  it('zips a pack with every image by name and size; another user gets a 404', async () => {
    const res = await get(`/downloads/packs/${encodeURIComponent(pack.id)}.zip`, alice.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const body = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    const entries = await unzip(body);
    expect([...entries.keys()]).toEqual(['mia-laurent-beach-day-1.png', 'mia-laurent-beach-day-2.png', 'mia-laurent-beach-day-3.png']);
    for (const [i, id] of pack.assetIds.entries()) {
      const row = await app.services.db.imageAsset.findUniqueOrThrow({ where: { id: dbId(id) } });
      expect(entries.get(`mia-laurent-beach-day-${i + 1}.png`)!.length).toBe(row.bytes);
    }
    expect((await get(`/downloads/packs/${encodeURIComponent(pack.id)}.zip`, bob.token)).status).toBe(404);
  });

  it('zips a selection posted as a form with the token (as the studio does); deleted or foreign ids are 404', async () => {
    const form = new URLSearchParams({ token: alice.token, ids: `${pack.assetIds[0]},${pack.assetIds[2]}` });
    const res = await fetch(`${app.url}/downloads/assets.zip`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('mia-laurent-selection-2.zip');
    expect([...(await unzip(Buffer.from(await res.arrayBuffer()))).keys()].sort()).toEqual(['mia-laurent-beach-day-1.png', 'mia-laurent-beach-day-3.png']);
    const asBob = await fetch(`${app.url}/downloads/assets.zip`, { method: 'POST', body: new URLSearchParams({ token: bob.token, ids: pack.assetIds[0]! }) });
    expect(asBob.status).toBe(404);
    const noToken = await fetch(`${app.url}/downloads/assets.zip`, { method: 'POST', body: new URLSearchParams({ ids: pack.assetIds[0]! }) });
    expect(noToken.status).toBe(401);
    const { token } = await createUserWithToken(app.services.db, 'Carol Dl', 100);
    const influencerId = await influencerWithFace(app, token);
    const { job } = await runPack(app, token, { influencerId, scene: 'beach_day', environment: 'beach', count: 2 });
    await executeOk(app.yoga, Delete, { input: { assetIds: [job.images[0]!.asset!.id] } }, { token });
    const withDeleted = await fetch(`${app.url}/downloads/assets.zip`, { method: 'POST', body: new URLSearchParams({ token, ids: job.images.map((i) => i.asset!.id).join(',') }) });
    expect(withDeleted.status).toBe(404);
    const packZip = await get(`/downloads/packs/${encodeURIComponent(job.id)}.zip`, token);
    expect((await unzip(Buffer.from(await packZip.arrayBuffer()))).size).toBe(1); // the deleted image is left out
  });

  it('serves adult images to their owner only', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Adult Dl', 100);
    const influencerId = await influencerWithFace(app, token, { nsfwEnabled: true });
    await executeOk(app.yoga, ConfirmAdult, { input: { confirmed: true } }, { token });
    const { job } = await runPack(app, token, { influencerId, scene: 'night_out', environment: 'home_bedroom', outfit: 'lingerie', nsfw: true, count: 1 });
    const assetId = job.images[0]!.asset!.id;
    const row = await app.services.db.imageAsset.findUniqueOrThrow({ where: { id: dbId(assetId) } });
    expect(row.nsfw).toBe(true);
    const mine = await get(`/downloads/assets/${encodeURIComponent(assetId)}`, token);
    expect(Buffer.from(await mine.arrayBuffer()).equals(await app.services.storage.get(row.storageKey, { adult: true }))).toBe(true);
    expect((await get(`/downloads/assets/${encodeURIComponent(assetId)}`, bob.token)).status).toBe(404);
    expect((await get(`/downloads/packs/${encodeURIComponent(job.id)}.zip`, bob.token)).status).toBe(404);
    expect((await get(`/downloads/packs/${encodeURIComponent(job.id)}.zip`, alice.token)).status).toBe(404);
    const zip = await unzip(Buffer.from(await (await get(`/downloads/packs/${encodeURIComponent(job.id)}.zip`, token)).arrayBuffer()));
    expect([...zip.values()][0]!.length).toBe(row.bytes);
  });

  it('streams a 10-image pack of 2 MB PNGs with flat memory (about one image held, never the archive)', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Big Dl', 100);
    const influencerId = await influencerWithFace(app, token);
    const { job } = await runPack(app, token, { influencerId, scene: 'beach_day', environment: 'beach', count: 10 });
    // Make each stored original a ~2 MB PNG (noise does not compress), as a high-resolution pack would be.
    let total = 0;
    for (const [i, image] of job.images.entries()) {
      const png = await sharp(randomBytes(820 * 820 * 3), { raw: { width: 820, height: 820, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer();
      const row = await app.services.db.imageAsset.findUniqueOrThrow({ where: { id: dbId(image.asset!.id) } });
      await app.services.storage.put(row.storageKey, png, { contentType: 'image/png', adult: false });
      await app.services.db.imageAsset.update({ where: { id: row.id }, data: { bytes: png.length } });
      total += png.length;
      expect(png.length, `image ${i}`).toBeGreaterThan(1.9e6);
    }
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const used = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const baseline = used();
    let peak = 0;
    let received = 0;
    let nextSample = 0;
    const res = await get(`/downloads/packs/${encodeURIComponent(job.id)}.zip`, token);
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      if (received >= nextSample) {
        peak = Math.max(peak, used() - baseline);
        nextSample += 1024 * 1024;
      }
    }
    expect(received).toBeGreaterThan(total);
    // Buffering the archive would hold ≥ 20 MB here; streaming holds an image or two plus socket buffers.
    expect(peak).toBeLessThan(total / 3);
  });
});
