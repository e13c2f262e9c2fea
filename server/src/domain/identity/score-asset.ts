import type { Env } from '../../config/env.js';
import type { Db, Tx } from '../../db/client.js';
import type { ImageAsset } from '../../generated/prisma/client.js';
import { descriptorDistance, type FaceAnalyzer } from '../../providers/faces/index.js';
import type { Storage } from '../../providers/storage/index.js';
import { identityScoredInTx } from '../generation/identity-rerender.js';
import { lockSheetOfImage } from '../lora/locks.js';
import { sheetImageScoredInTx } from '../lora/sheet-scored.js';
import { scoreFromDistance } from './calibration.js';
import { prominentFaces, roundBox } from './faces.js';

export interface ScoreDeps {
  db: Db;
  env: Env;
  storage: Storage;
  faces: FaceAnalyzer;
}

/** What the instrument found for one asset. */
export type IdentityOutcome =
  | { status: 'matched' | 'drifted'; score: number; distance: number; box: ReturnType<typeof roundBox> }
  | { status: 'no_face' | 'no_reference' | 'failed'; box?: undefined; score?: undefined; distance?: undefined };

/**
 * Scores one asset's face against its influencer's base face and records the outcome (once:
 * an asset that is no longer pending is left alone, so a retried task changes nothing). A pack
 * image's outcome may re-render it (identityScoredInTx), a sheet image's may replace it (sheetImageScoredInTx). Storage or model errors throw, and the
 * task is retried; `recordFailure` ends it when the queue gives up.
 */
export async function scoreAsset(deps: ScoreDeps, assetId: string): Promise<IdentityOutcome | null> {
  const asset = await deps.db.imageAsset.findUnique({ where: { id: assetId }, include: { influencer: { include: { baseImage: true } } } });
  if (!asset || asset.identityStatus !== 'pending') return null;
  const reference = await referenceDescriptor(deps, asset.influencer.baseImage);
  let outcome: IdentityOutcome;
  if (!reference) {
    outcome = { status: 'no_reference' };
  } else {
    const analysis = await deps.faces.analyze(await deps.storage.get(asset.storageKey, { adult: asset.nsfw, bucket: asset.storageBucket }), 'background');
    const face = prominentFaces(analysis)[0];
    if (!face) {
      outcome = { status: 'no_face' };
    } else {
      const distance = descriptorDistance(reference, face.descriptor);
      const score = scoreFromDistance(distance);
      outcome = { status: score >= deps.env.IDENTITY_THRESHOLD ? 'matched' : 'drifted', score, distance: Number(distance.toFixed(4)), box: roundBox(face.box) };
    }
  }
  await deps.db.$transaction((tx) => recordInTx(tx, deps, asset, outcome));
  return outcome;
}

/** The queue gave up on an asset (unreadable file, broken models): it is `failed`, never pending forever. */
export async function recordFailure(deps: Omit<ScoreDeps, 'faces'> & { faces: FaceAnalyzer | null }, assetId: string): Promise<void> {
  const asset = await deps.db.imageAsset.findUnique({ where: { id: assetId } });
  if (!asset || asset.identityStatus !== 'pending') return;
  await deps.db.$transaction((tx) => recordInTx(tx, deps, asset, { status: 'failed' }));
}

async function recordInTx(tx: Tx, deps: Pick<ScoreDeps, 'env'> & { faces: FaceAnalyzer | null }, asset: ImageAsset, outcome: IdentityOutcome): Promise<void> {
  const itemId = asset.generationItemId;
  const sheetImageId = asset.characterSheetImageId;
  if (itemId) {
    // A pack image: its pack's lock first, like every transaction that touches items and packs.
    await tx.$queryRaw`SELECT id FROM "GenerationJob" WHERE id = (SELECT "jobId" FROM "GenerationItem" WHERE id = ${itemId}::uuid) FOR UPDATE`;
  } else if (sheetImageId) {
    await lockSheetOfImage(tx, sheetImageId);
  }
  const moved = await tx.imageAsset.updateMany({
    where: { id: asset.id, identityStatus: 'pending' },
    data: {
      identityStatus: outcome.status,
      identityScore: outcome.score ?? null,
      identityDistance: outcome.distance ?? null,
      identityModel: deps.faces?.model ?? null,
      identityScoredAt: new Date(),
      ...(outcome.box && { faceBox: outcome.box }),
    },
  });
  if (moved.count === 0) return;
  if (sheetImageId) return sheetImageScoredInTx(tx, deps.env, { sheetImageId, assetId: asset.id, status: outcome.status });
  if (!itemId) return;
  await identityScoredInTx(tx, deps.env, { itemId, assetId: asset.id, drifted: outcome.status === 'drifted' });
}

/** The base face's descriptor: stored at upload; computed (and stored) for base images from before. */
async function referenceDescriptor(deps: ScoreDeps, base: ImageAsset | null): Promise<number[] | null> {
  if (!base) return null;
  if (base.faceDescriptor.length > 0) return base.faceDescriptor;
  const face = prominentFaces(await deps.faces.analyze(await deps.storage.get(base.storageKey, { adult: base.nsfw, bucket: base.storageBucket }), 'background'))[0];
  if (!face) return null;
  await deps.db.imageAsset.update({ where: { id: base.id }, data: { faceDescriptor: face.descriptor, faceBox: roundBox(face.box), identityModel: deps.faces.model } });
  return face.descriptor;
}
