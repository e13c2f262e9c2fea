import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { AspectRatio } from './aspect-ratio.js';
import { AssetKind, Engine, FaceMode, IdentityStatus, Quality } from './enums.js';
import { NO_USER, ownerId, tryDecode } from './ids.js';

export const ImageAsset = builder.prismaNode('ImageAsset', {
  description: 'An image kept in the gallery, with its generation metadata and lineage.',
  id: { field: 'id', description: 'Global id of the asset.' },
  nullable: true,
  // Select mode: a query loads only the columns its fields read (a gallery page reads ~15 of 41).
  select: { id: true },
  findUnique: (id, ctx) => ({ id, userId: ownerId(ctx), deletedAt: null }),
  fields: (t) => ({
    kind: t.expose('kind', { type: AssetKind, description: 'Base image, generated, character sheet or edited.' }),
    url: t.string({
      description: 'URL of the full image (short-lived signed URL for adult assets and local storage).',
      select: { storageKey: true, nsfw: true, storageBucket: true },
      resolve: (a, _args, ctx) => ctx.app.storage.url(a.storageKey, { adult: a.nsfw, bucket: a.storageBucket, ttlSeconds: ctx.app.env.SIGNED_URL_TTL_S }),
    }),
    thumbnailUrl: t.string({
      description: 'URL of the 300 px wide WebP thumbnail.',
      select: { thumbnailKey: true, nsfw: true, storageBucket: true },
      resolve: (a, _args, ctx) => ctx.app.storage.url(a.thumbnailKey, { adult: a.nsfw, bucket: a.storageBucket, ttlSeconds: ctx.app.env.SIGNED_URL_TTL_S }),
    }),
    width: t.exposeInt('width', { description: 'Width in pixels.' }),
    height: t.exposeInt('height', { description: 'Height in pixels.' }),
    mimeType: t.exposeString('mimeType', { description: 'image/png, image/jpeg or image/webp.' }),
    bytes: t.exposeInt('bytes', { description: 'Size of the full image in bytes.' }),
    nsfw: t.exposeBoolean('nsfw', { description: 'Adult content: stored privately, served only through signed URLs.' }),
    scene: t.exposeString('scene', { nullable: true, description: 'Scene preset id.' }),
    environment: t.exposeString('environment', { nullable: true, description: 'Environment preset id.' }),
    outfit: t.exposeString('outfit', { nullable: true, description: 'Outfit id worn in this image.' }),
    aspectRatio: t.field({
      type: AspectRatio,
      nullable: true,
      description: 'Aspect ratio requested.',
      select: { aspectRatio: true },
      resolve: (a) => a.aspectRatio as '1:1' | '9:16' | '2:3' | null,
    }),
    quality: t.expose('quality', { type: Quality, nullable: true, description: 'Quality mode.' }),
    prompt: t.exposeString('prompt', { nullable: true, description: 'Full prompt sent to the model.' }),
    seed: t.string({
      nullable: true,
      description: 'Sampler seed, as a decimal string (≤ 2^53−1).',
      select: { seed: true },
      resolve: (a) => (a.seed === null ? null : a.seed.toString()),
    }),
    mode: t.expose('mode', { type: FaceMode, nullable: true, description: 'Face mode used: FACE_REF or LORA (HD).' }),
    engine: t.expose('engine', { type: Engine, nullable: true, description: 'Model used.' }),
    identityScore: t.exposeFloat('identityScore', {
      nullable: true,
      description:
        "Calibrated face similarity to the influencer's base face, 0–1 (at and above `identityCalibration.threshold` the face matches). Null unless `identityStatus` is MATCHED or DRIFTED.",
    }),
    identityStatus: t.expose('identityStatus', {
      type: IdentityStatus,
      nullable: true,
      description: 'Why the score is what it is (NO_FACE for a back view); null when scoring was off.',
    }),
    identityDistance: t.exposeFloat('identityDistance', { nullable: true, description: 'The raw descriptor distance behind the score (lower = more alike).' }),
    faceBox: t.field({
      type: FaceBox,
      nullable: true,
      description: 'Where the scored face is (fractions of width and height): crop the image to show it.',
      select: { faceBox: true },
      resolve: (a) => (a.faceBox as FaceBoxShape | null) ?? null,
    }),
    hiddenReason: t.string({
      nullable: true,
      description: "IDENTITY_DRIFT: a pack render whose face didn't match, replaced by a re-render and kept for lineage (lists leave it out).",
      select: { hiddenReason: true },
      resolve: (a) => (a.hiddenReason ? a.hiddenReason.toUpperCase() : null),
    }),
    replacedRender: t.prismaField({
      type: 'ImageAsset',
      nullable: true,
      description: 'Lineage of a re-render: the drifted render this image replaced (hidden, not deleted).',
      select: { generationItemId: true },
      resolve: (query, a, _args, ctx) =>
        a.generationItemId ? ctx.app.db.imageAsset.findFirst({ ...query, where: { driftedItemId: a.generationItemId, deletedAt: null }, orderBy: { createdAt: 'desc' } }) : null,
    }),
    replacedBy: t.prismaField({
      type: 'ImageAsset',
      nullable: true,
      description: 'Lineage of a hidden drifted render: the re-render that replaced it in its pack.',
      select: { driftedItemId: true },
      resolve: (query, a, _args, ctx) => (a.driftedItemId ? ctx.app.db.imageAsset.findFirst({ ...query, where: { generationItemId: a.driftedItemId, deletedAt: null } }) : null),
    }),
    liked: t.exposeBoolean('liked', { description: 'Marked as a favourite.' }),
    gpuSeconds: t.float({
      nullable: true,
      description: 'GPU execution time spent producing this image (all attempts), in seconds; null for uploads.',
      select: { generationItem: { select: { gpuJob: { select: { executionMs: true } } } } },
      resolve: (a) => (a.generationItem?.gpuJob ? a.generationItem.gpuJob.executionMs / 1000 : null),
    }),
    gpuCostUsd: t.float({
      nullable: true,
      description: 'Actual GPU cost of this image in US dollars (all attempts); null for uploads.',
      select: { generationItem: { select: { gpuJob: { select: { costUsdMicros: true } } } } },
      resolve: (a) => (a.generationItem?.gpuJob ? a.generationItem.gpuJob.costUsdMicros / 1e6 : null),
    }),
    metadata: t.expose('metadata', { type: 'JSON', nullable: true, description: 'Further generation facts (steps, LoRA, job, index, attempts).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the asset was stored.' }),
    deletedAt: t.expose('deletedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was deleted. Only a lineage link (`source`) still reaches a deleted asset; every list and `asset(id)` hide it.',
    }),
    influencer: t.relation('influencer', { description: 'The influencer this image shows.' }),
    source: t.relation('source', {
      nullable: true,
      description: 'Lineage: the asset this one was derived from (e.g. the image an edit started from), even when that one was deleted (see `deletedAt`).',
    }),
    derived: t.relation('derived', {
      description: 'Lineage: assets derived from this one, newest first (deleted ones left out).',
      query: { where: { deletedAt: null }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
    }),
  }),
});

interface FaceBoxShape {
  x: number;
  y: number;
  width: number;
  height: number;
}

const FaceBox = builder.objectRef<FaceBoxShape>('FaceBox').implement({
  description: 'A face box in fractions (0–1) of the image width and height.',
  fields: (t) => ({
    x: t.exposeFloat('x', { description: 'Left edge.' }),
    y: t.exposeFloat('y', { description: 'Top edge.' }),
    width: t.exposeFloat('width', { description: 'Width.' }),
    height: t.exposeFloat('height', { description: 'Height.' }),
  }),
});

const AssetFilter = builder.inputType('AssetFilter', {
  description: 'Narrows the gallery; all given conditions apply.',
  fields: (t) => ({
    influencerId: t.id({ description: 'Only this influencer.' }),
    kind: t.field({ type: AssetKind, description: 'Only this kind.' }),
    scene: t.string({ description: 'Only this scene id.' }),
    environment: t.string({ description: 'Only this environment id.' }),
    liked: t.boolean({ description: 'Only favourites (true) or non-favourites (false).' }),
    minIdentityScore: t.float({ description: 'Only assets scored at least this (0–1); unscored ones are left out.', validate: z.number().min(0).max(1) }),
    maxIdentityScore: t.float({ description: 'Only assets scored at most this (0–1); unscored ones are left out.', validate: z.number().min(0).max(1) }),
    identityStatus: t.field({ type: IdentityStatus, description: 'Only assets in this identity state (e.g. NO_FACE).' }),
    hidden: t.boolean({ description: 'true: only hidden drifted renders (replaced by a re-render); default: only visible assets.' }),
  }),
});

builder.queryFields((t) => ({
  asset: t.prismaField({
    type: 'ImageAsset',
    nullable: true,
    description: 'One of your assets; null when it does not exist or is not yours.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, description: 'Global id.' }) },
    resolve: (query, _root, { id }, ctx) => {
      const dbId = tryDecode(String(id), 'ImageAsset');
      return dbId ? ctx.app.db.imageAsset.findFirst({ ...query, where: { id: dbId, userId: ctx.viewer!.id, deletedAt: null } }) : null;
    },
  }),
  assets: t.prismaConnection({
    type: 'ImageAsset',
    cursor: 'id',
    description: 'Your gallery, newest first, cursor-paginated.',
    authScopes: { authenticated: true },
    maxSize: 100,
    defaultSize: 50,
    args: { filter: t.arg({ type: AssetFilter, description: 'Optional filters.' }) },
    resolve: (query, _root, { filter }, ctx) => {
      const where: Prisma.ImageAssetWhereInput = { userId: ctx.viewer!.id, deletedAt: null, hiddenReason: filter?.hidden ? { not: null } : null };
      if (filter?.influencerId) where.influencerId = tryDecode(String(filter.influencerId), 'Influencer') ?? NO_USER;
      if (filter?.kind) where.kind = filter.kind;
      if (filter?.scene) where.scene = filter.scene;
      if (filter?.environment) where.environment = filter.environment;
      if (filter?.liked != null) where.liked = filter.liked;
      if (filter?.identityStatus) where.identityStatus = filter.identityStatus;
      if (filter?.minIdentityScore != null || filter?.maxIdentityScore != null) {
        where.identityScore = {
          ...(filter.minIdentityScore != null && { gte: filter.minIdentityScore }),
          ...(filter.maxIdentityScore != null && { lte: filter.maxIdentityScore }),
        };
      }
      return ctx.app.db.imageAsset.findMany({ ...query, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    },
  }),
}));
