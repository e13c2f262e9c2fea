import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/api/types/ids.js';
import { CALIBRATION } from '../../src/domain/identity/calibration.js';
import { setLoraStatus } from '../../src/domain/influencers/set-lora-status.js';
import { createLocalFaceAnalyzer } from '../../src/providers/faces/index.js';
import { collectDistances, equalErrorPoint, errorRates } from '../../scripts/face-calibration.js';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { realFace, syntheticFace } from '../helpers/images.js';
import { startPack } from '../helpers/packs.js';
import { influencerWithFace } from '../helpers/studio.js';
import { collect, wsClient } from '../helpers/subscriptions.js';
import { until } from '../helpers/until.js';
import { executeUpload } from '../helpers/upload.js';
import { createUserWithToken } from '../helpers/users.js';
import { CreateInfluencerDoc, mia, SetBaseImageDoc } from './generation-documents.js';

const IdentityProgressDoc = graphql(`
  subscription IdentityProgress($jobId: ID!) {
    generationProgress(jobId: $jobId) {
      __typename
      sequence
      job {
        status
      }
      ... on ImageCompleted {
        image {
          index
          asset {
            id
            identityStatus
          }
        }
      }
      ... on ImageScored {
        identityScore
        image {
          index
        }
        asset {
          id
          identityStatus
          identityScore
          faceBox {
            x
            y
            width
            height
          }
        }
      }
      ... on ImageRerendering {
        reason
        image {
          index
          status
          rerenderReason
        }
        driftedAsset {
          id
          hiddenReason
        }
      }
    }
  }
`);

const PackIdentityDoc = graphql(`
  query PackIdentity($id: ID!) {
    generationJob(id: $id) {
      status
      creditsCharged
      images {
        index
        identityRerenders
        asset {
          id
          identityScore
          identityStatus
          replacedRender {
            id
            hiddenReason
            identityStatus
            replacedBy {
              id
            }
          }
        }
        driftedRenders {
          id
          identityScore
        }
      }
    }
  }
`);

const IdentityAssetsDoc = graphql(`
  query IdentityAssets($filter: AssetFilter) {
    assets(filter: $filter, first: 100) {
      nodes {
        id
        kind
        identityScore
        identityStatus
        hiddenReason
      }
    }
  }
`);

const IdentityMetricsDoc = graphql(`
  query IdentityMetrics($influencerId: ID) {
    metrics(influencerId: $influencerId) {
      ... on Metrics {
        identity {
          threshold
          byMode {
            mode
            scored
            mean
            p10
            consistencyRate
            deliveredConsistencyRate
            rerendered
          }
          byInfluencer {
            influencerId
            name
            scored
            consistencyRate
          }
        }
      }
    }
  }
`);

const CalibrationDoc = graphql(`
  query IdentityCalibrationInfo {
    identityCalibration {
      enabled
      rerenderDrifted
      threshold
      thresholdDistance
      model
    }
  }
`);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    worker: true,
    env: { IDENTITY_RETRY: 'on', STARTING_CREDITS: '1000', LOCAL_GPU_WORKERS: '10', LOCAL_GPU_STEP_MS: '5', GPU_RETRY_BACKOFF_MS: '50', RATE_LIMIT_GENERATIONS_PER_MIN: '20' },
  });
});
afterAll(() => app?.close());

const isEnd = (r: { data?: { generationProgress: { __typename: string } } | null }) => ['JobCompleted', 'JobFailed'].includes(r.data?.generationProgress.__typename ?? '');

async function follow(token: string, input: Record<string, unknown>) {
  const started = await startPack(app, token, input);
  const client = wsClient(app.url, token);
  try {
    const events = (await collect(client, IdentityProgressDoc, { jobId: started.job.id }, isEnd, 120_000)).map((r) => r.data!.generationProgress);
    return { started, events };
  } finally {
    await client.dispose();
  }
}

describe('the identity instrument', () => {
  it('separates the same person from different people on the shipped photographs, at the committed threshold', async () => {
    // A subset of `pnpm calibrate:faces` (the full run is in the README): 10 people, 4 changes each.
    const analyzer = createLocalFaceAnalyzer({ nice: 0 });
    try {
      const data = await collectDistances(analyzer, { people: 10, augmentations: ['flip', 'rotate-8', 'bright', 'jpeg'] });
      expect(data.same.length).toBeGreaterThanOrEqual(36);
      expect(data.different.length).toBe(45);
      const atThreshold = errorRates(data, CALIBRATION.thresholdDistance);
      expect(atThreshold.falseReject).toBeLessThanOrEqual(0.05);
      expect(atThreshold.falseAccept).toBeLessThanOrEqual(0.05);
      expect(equalErrorPoint(data).eer).toBeLessThanOrEqual(0.05);
    } finally {
      await analyzer.close();
    }
  });
});

describe('the face models’ processes', () => {
  it('analyse in a second process while the first is busy, give the same answers, and the extra one exits when idle', async () => {
    const one = createLocalFaceAnalyzer({ nice: 0 });
    const two = createLocalFaceAnalyzer({ nice: 0, processes: 2, extraIdleMs: 300 });
    try {
      const images = await Promise.all([0, 1, 2, 3].map((i) => realFace(i)));
      expect(two.running()).toBe(0);
      const pending = images.map((b) => two.analyze(b));
      expect(two.running()).toBe(2);
      const pooled = await Promise.all(pending);
      const single = [];
      for (const b of images) single.push(await one.analyze(b));
      // Every image analysed once, by whichever process was free: the same faces as one process finds.
      for (let i = 0; i < images.length; i++) {
        expect(pooled[i]!.faces).toHaveLength(single[i]!.faces.length);
        expect(pooled[i]!.faces[0]!.descriptor).toEqual(single[i]!.faces[0]!.descriptor);
      }
      await until(
        'the extra process to exit',
        async () => two.running(),
        (n) => n === 1,
        10_000,
      );
      // A busy first process starts a second one again.
      const more = await Promise.all([4, 5].map((i) => realFace(i)));
      const again = more.map((b) => two.analyze(b));
      expect(two.running()).toBe(2);
      expect((await Promise.all(again)).every((a) => a.faces.length === 1)).toBe(true);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
    expect(two.running()).toBe(0);
  });

  // A nice value is per thread on Linux: lowering the process's main thread alone leaves Node's own
  // threads (garbage collection, compilation) competing with rendering at normal priority.
  it.runIf(process.platform === 'linux')('run every one of their threads at the idle priority they were given', async () => {
    const analyzer = createLocalFaceAnalyzer({ nice: 17 });
    try {
      await analyzer.analyze(await realFace(0));
      const children = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && procStat(`/proc/${d}/stat`)?.[1] === String(process.pid));
      const models = children.filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('face-worker'));
      expect(models).toHaveLength(1);
      const threads = readdirSync(`/proc/${models[0]}/task`).map((tid) => procStat(`/proc/${models[0]}/task/${tid}/stat`)?.[16]);
      expect(threads.length).toBeGreaterThan(4);
      expect(new Set(threads)).toEqual(new Set(['17']));
    } finally {
      await analyzer.close();
    }
  });
});

/** The fields of a /proc stat file after the command name: [state, ppid, …]; index 16 is the nice value. */
function procStat(file: string): string[] | null {
  try {
    const text = readFileSync(file, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // it ended meanwhile
  }
}

describe('base image face check', () => {
  async function upload(token: string, bytes: Buffer) {
    const created = await executeOk(app.yoga, CreateInfluencerDoc, { input: mia }, { token });
    if (created.createInfluencer.__typename !== 'CreateInfluencerPayload') throw new Error('create failed');
    const id = created.createInfluencer.influencer.id;
    const r = await executeUpload(
      app.yoga,
      SetBaseImageDoc,
      { input: { influencerId: id, image: null as unknown as File } },
      { 'input.image': { bytes, name: 'face.png', type: 'image/png' } },
      token,
    );
    return { id, result: r.data!.setBaseImage };
  }

  it('rejects a photo with no face and one with two faces as InvalidInput, storing nothing', async () => {
    const { token, user } = await createUserWithToken(app.services.db, 'FaceCheck', 100);
    const userId = user.id;
    const noFace = await upload(token, await syntheticFace(512));
    expect(noFace.result).toMatchObject({ __typename: 'InvalidInput', message: expect.stringContaining('We found no face in this photo') });
    const two = await sharp({ create: { width: 1024, height: 512, channels: 3, background: '#777' } })
      .composite([
        { input: await realFace(0), left: 0, top: 0 },
        { input: await realFace(7), left: 512, top: 0 },
      ])
      .png()
      .toBuffer();
    const twoFaces = await upload(token, two);
    expect(twoFaces.result).toMatchObject({ __typename: 'InvalidInput', message: expect.stringContaining('We found 2 faces') });
    expect(await app.services.db.imageAsset.count({ where: { userId } })).toBe(0);
    const files = await app.services.db.influencer.findMany({ where: { userId }, select: { baseImageAssetId: true } });
    expect(files.every((f) => f.baseImageAssetId === null)).toBe(true);

    const ok = await upload(token, await realFace(4));
    expect(ok.result.__typename).toBe('SetBaseImagePayload');
    const base = await app.services.db.imageAsset.findFirstOrThrow({ where: { userId, kind: 'base' } });
    expect(base.identityStatus).toBe('reference');
    expect(base.faceDescriptor).toHaveLength(128);
    expect(base.faceBox).toMatchObject({ x: expect.any(Number), width: expect.any(Number) });
  });
});

describe('scoring packs', () => {
  it('scores every image after its ImageCompleted; 30 % off-identity renders are re-rendered once, free, and the pack ends with every visible image matching', async () => {
    const { token, user } = await createUserWithToken(app.services.db, 'Drift', 1000);
    const userId = user.id;
    const influencerId = await influencerWithFace(app, token);
    const before = await app.services.db.creditLedgerEntry.aggregate({ where: { userId }, _sum: { amount: true } });
    app.localGpu!.configure('image', { offIdentityRate: 0.3 });
    let run;
    try {
      run = await follow(token, { influencerId, scene: 'beach_day', environment: 'beach', count: 10 });
    } finally {
      app.localGpu!.configure('image', { offIdentityRate: 0 });
    }
    const { started, events } = run;
    const kinds = events.map((e) => e.__typename);
    expect(kinds.at(-1)).toBe('JobCompleted');
    const seqs = events.map((e) => e.sequence);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

    // Every completed render has its score event, after its completion.
    const completions = events.filter((e) => e.__typename === 'ImageCompleted');
    const scores = events.filter((e) => e.__typename === 'ImageScored');
    const rerenders = events.filter((e) => e.__typename === 'ImageRerendering');
    // The 3 injected renders drift for sure; a face-reference render can drift on its own (rarely).
    const scoreList = scores.map((e) => (e.__typename === 'ImageScored' ? e.identityScore : null));
    expect(rerenders.length, `scores: ${scoreList.join(' ')}`).toBeGreaterThanOrEqual(3);
    expect(completions).toHaveLength(10 + rerenders.length);
    expect(scores).toHaveLength(completions.length);
    for (const c of completions) {
      if (c.__typename !== 'ImageCompleted') continue;
      const at = events.indexOf(c);
      const scored = events.findIndex((e) => e.__typename === 'ImageScored' && e.asset.id === c.image.asset!.id);
      expect(scored).toBeGreaterThan(at);
    }
    for (const r of rerenders) {
      if (r.__typename !== 'ImageRerendering') continue;
      expect(r.reason).toBe("face didn't match");
      expect(r.driftedAsset.hiddenReason).toBe('IDENTITY_DRIFT');
      const scored = events.find((e) => e.__typename === 'ImageScored' && e.asset.id === r.driftedAsset.id);
      expect(scored && scored.__typename === 'ImageScored' && scored.asset.identityStatus).toBe('DRIFTED');
      expect(scored && scored.__typename === 'ImageScored' && scored.identityScore!).toBeLessThan(0.5);
    }

    const job = (await executeOk(app.yoga, PackIdentityDoc, { id: started.job.id }, { token })).generationJob!;
    expect(job.status).toBe('COMPLETED');
    // One free re-render per image: a re-render can drift again on its own (a face-reference
    // render does ~1 % of the time), and then it is kept, not re-rendered a second time.
    const keptDrifted = job.images.filter((i) => i.identityRerenders === 1 && i.asset!.identityStatus === 'DRIFTED');
    expect(keptDrifted.length).toBeLessThanOrEqual(1);
    for (const image of job.images) {
      if (keptDrifted.includes(image)) continue;
      expect(image.asset!.identityStatus).toBe('MATCHED');
      expect(image.asset!.identityScore!).toBeGreaterThanOrEqual(0.5);
    }
    const rerendered = job.images.filter((i) => i.identityRerenders === 1);
    expect(rerendered).toHaveLength(rerenders.length);
    for (const image of rerendered) {
      expect(image.driftedRenders).toHaveLength(1);
      expect(image.asset!.replacedRender).toMatchObject({
        id: image.driftedRenders[0]!.id,
        hiddenReason: 'IDENTITY_DRIFT',
        identityStatus: 'DRIFTED',
        replacedBy: { id: image.asset!.id },
      });
    }

    // Charged once per image, whatever was re-rendered.
    expect(job.creditsCharged).toBe(started.creditsReserved);
    const after = await app.services.db.creditLedgerEntry.aggregate({ where: { userId }, _sum: { amount: true } });
    expect((before._sum.amount ?? 0) - (after._sum.amount ?? 0)).toBe(started.creditsReserved);

    // The gallery shows the 10 images (and the base); hidden drifted renders only when asked for.
    const visible = (await executeOk(app.yoga, IdentityAssetsDoc, { filter: { influencerId, kind: 'GENERATED' } }, { token })).assets.nodes;
    expect(visible).toHaveLength(10);
    const hidden = (await executeOk(app.yoga, IdentityAssetsDoc, { filter: { influencerId, hidden: true } }, { token })).assets.nodes;
    expect(hidden.map((h) => h.hiddenReason)).toEqual(rerenders.map(() => 'IDENTITY_DRIFT'));
    const low = (await executeOk(app.yoga, IdentityAssetsDoc, { filter: { influencerId, maxIdentityScore: 0.5, hidden: true } }, { token })).assets.nodes;
    expect(low).toHaveLength(rerenders.length);
    const high = (await executeOk(app.yoga, IdentityAssetsDoc, { filter: { influencerId, minIdentityScore: 0.5 } }, { token })).assets.nodes;
    expect(high).toHaveLength(10 - keptDrifted.length);

    const m = (await executeOk(app.yoga, IdentityMetricsDoc, { influencerId }, { token })).metrics;
    if (!('identity' in m)) throw new Error('no metrics');
    const faceRef = m.identity.byMode.find((g) => g.mode === 'FACE_REF')!;
    expect(faceRef).toMatchObject({ scored: completions.length, rerendered: rerenders.length });
    expect(faceRef.deliveredConsistencyRate).toBeCloseTo((10 - keptDrifted.length) / 10, 5);
    expect(faceRef.consistencyRate).toBeCloseTo((10 - keptDrifted.length) / completions.length, 5);
  });

  it('reports FACE_REF and LORA consistency separately, with LoRA renders scoring higher', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Modes', 1000);
    const faceRefInfluencer = await influencerWithFace(app, token, { name: 'Ref' });
    const loraInfluencer = await influencerWithFace(app, token, { name: 'Lora' });
    const dbId = decodeId(loraInfluencer, 'Influencer');
    // The LoRA file carries the face it was trained on: the same person as the base image.
    const header = Buffer.from(JSON.stringify({ __metadata__: { content_studio_face_png: (await realFace(0)).toString('base64') } }));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    const loras = path.join(app.dataDir, 'local-gpu', 'models', 'loras');
    await mkdir(loras, { recursive: true });
    await writeFile(path.join(loras, `${dbId}.safetensors`), Buffer.concat([len, header]));
    await app.services.db.$transaction((tx) => setLoraStatus(tx, dbId, 'ready', { loraModelKey: `${dbId}.safetensors`, triggerWord: 'ohwx_lora' }));

    const ref = await follow(token, { influencerId: faceRefInfluencer, scene: 'beach_day', environment: 'beach', count: 8 });
    const lora = await follow(token, { influencerId: loraInfluencer, scene: 'beach_day', environment: 'beach', count: 8 });
    expect(ref.started.mode).toBe('FACE_REF');
    expect(lora.started.mode).toBe('LORA');

    const m = (await executeOk(app.yoga, IdentityMetricsDoc, {}, { token })).metrics;
    if (!('identity' in m)) throw new Error('no metrics');
    const byMode = Object.fromEntries(m.identity.byMode.map((g) => [g.mode, g]));
    expect(byMode.FACE_REF!.scored).toBeGreaterThanOrEqual(8);
    expect(byMode.LORA!.scored).toBeGreaterThanOrEqual(8);
    expect(byMode.LORA!.mean!).toBeGreaterThan(byMode.FACE_REF!.mean!);
    expect(byMode.LORA!.p10!).toBeGreaterThan(0.5);
    // The rates are what the rows say.
    const rows = await app.services.db.imageAsset.findMany({ where: { influencerId: decodeId(faceRefInfluencer, 'Influencer'), identityStatus: { in: ['matched', 'drifted'] } } });
    expect(byMode.FACE_REF!.consistencyRate).toBeCloseTo(rows.filter((r) => r.identityScore! >= 0.5).length / rows.length, 5);
    expect(m.identity.byInfluencer.map((g) => g.name).sort()).toEqual(['Lora', 'Ref']);
    expect(m.identity.threshold).toBe(0.5);

    const info = (await executeOk(app.yoga, CalibrationDoc, {}, { token })).identityCalibration;
    expect(info).toMatchObject({ enabled: true, rerenderDrifted: true, threshold: 0.5, thresholdDistance: CALIBRATION.thresholdDistance });
  });

  it('an image with no face is NO_FACE with a null score, never a number', async () => {
    const { token } = await createUserWithToken(app.services.db, 'NoFace', 100);
    const influencerId = await influencerWithFace(app, token);
    const dbId = decodeId(influencerId, 'Influencer');
    // HD mode with a LoRA that has no face in it: the local GPU draws a cartoon, which is not a person.
    const loras = path.join(app.dataDir, 'local-gpu', 'models', 'loras');
    await mkdir(loras, { recursive: true });
    const header = Buffer.from(JSON.stringify({ __metadata__: {} }));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    await writeFile(path.join(loras, `${dbId}.safetensors`), Buffer.concat([len, header]));
    await app.services.db.$transaction((tx) => setLoraStatus(tx, dbId, 'ready', { loraModelKey: `${dbId}.safetensors`, triggerWord: 'ohwx_x' }));
    const { events } = await follow(token, { influencerId, scene: 'beach_day', environment: 'beach', count: 2 });
    const scored = events.filter((e) => e.__typename === 'ImageScored');
    expect(scored).toHaveLength(2);
    for (const e of scored) {
      if (e.__typename !== 'ImageScored') continue;
      expect(e.identityScore).toBeNull();
      expect(e.asset.identityStatus).toBe('NO_FACE');
    }
    expect(events.some((e) => e.__typename === 'ImageRerendering')).toBe(false);
  });
});
