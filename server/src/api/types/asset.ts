import type { Prisma } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { AspectRatio } from './aspect-ratio.js';
import { AssetKind, Engine, FaceMode, Quality } from './enums.js';
import { NO_USER, ownerId, tryDecode } from './ids.js';

export const ImageAsset = builder.prismaNode('ImageAsset', {
  description: 'An image kept in the gallery, with its generation metadata and lineage.',
  id: { field: 'id', description: 'Global id of the asset.' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, userId: ownerId(ctx), deletedAt: null }),
  fields: (t) => ({
    kind: t.expose('kind', { type: AssetKind, description: 'Base image, generated, character sheet or edited.' }),
    url: t.string({
      description: 'URL of the full image (short-lived signed URL for adult assets and local storage).',
      resolve: (a, _args, ctx) => ctx.app.storage.url(a.storageKey, { adult: a.nsfw, ttlSeconds: ctx.app.env.SIGNED_URL_TTL_S }),
    }),
    thumbnailUrl: t.string({
      description: 'URL of the 300 px wide WebP thumbnail.',
      resolve: (a, _args, ctx) => ctx.app.storage.url(a.thumbnailKey, { adult: a.nsfw, ttlSeconds: ctx.app.env.SIGNED_URL_TTL_S }),
    }),
    width: t.exposeInt('width', { description: 'Width in pixels.' }),
    height: t.exposeInt('height', { description: 'Height in pixels.' }),
    mimeType: t.exposeString('mimeType', { description: 'image/png, image/jpeg or image/webp.' }),
    bytes: t.exposeInt('bytes', { description: 'Size of the full image in bytes.' }),
    nsfw: t.exposeBoolean('nsfw', { description: 'Adult content: stored privately, served only through signed URLs.' }),
    scene: t.exposeString('scene', { nullable: true, description: 'Scene preset id.' }),
    environment: t.exposeString('environment', { nullable: true, description: 'Environment preset id.' }),
    outfit: t.exposeString('outfit', { nullable: true, description: 'Outfit id worn in this image.' }),
    aspectRatio: t.field({ type: AspectRatio, nullable: true, description: 'Aspect ratio requested.', resolve: (a) => a.aspectRatio as '1:1' | '9:16' | '2:3' | null }),
    quality: t.expose('quality', { type: Quality, nullable: true, description: 'Quality mode.' }),
    prompt: t.exposeString('prompt', { nullable: true, description: 'Full prompt sent to the model.' }),
    seed: t.string({ nullable: true, description: 'Sampler seed, as a decimal string (≤ 2^53−1).', resolve: (a) => (a.seed === null ? null : a.seed.toString()) }),
    mode: t.expose('mode', { type: FaceMode, nullable: true, description: 'Face mode used: FACE_REF or LORA (HD).' }),
    engine: t.expose('engine', { type: Engine, nullable: true, description: 'Model used.' }),
    identityScore: t.exposeFloat('identityScore', { nullable: true, description: 'Face similarity to the base image, 0–1 (when scored).' }),
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

const AssetFilter = builder.inputType('AssetFilter', {
  description: 'Narrows the gallery; all given conditions apply.',
  fields: (t) => ({
    influencerId: t.id({ description: 'Only this influencer.' }),
    kind: t.field({ type: AssetKind, description: 'Only this kind.' }),
    scene: t.string({ description: 'Only this scene id.' }),
    environment: t.string({ description: 'Only this environment id.' }),
    liked: t.boolean({ description: 'Only favourites (true) or non-favourites (false).' }),
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
      const where: Prisma.ImageAssetWhereInput = { userId: ctx.viewer!.id, deletedAt: null };
      if (filter?.influencerId) where.influencerId = tryDecode(String(filter.influencerId), 'Influencer') ?? NO_USER;
      if (filter?.kind) where.kind = filter.kind;
      if (filter?.scene) where.scene = filter.scene;
      if (filter?.environment) where.environment = filter.environment;
      if (filter?.liked != null) where.liked = filter.liked;
      return ctx.app.db.imageAsset.findMany({ ...query, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    },
  }),
}));
