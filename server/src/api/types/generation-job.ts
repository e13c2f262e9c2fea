import { builder } from '../builder.js';
import { AspectRatio } from './aspect-ratio.js';
import { ImageAsset } from './asset.js';
import { ownerId, tryDecode } from './ids.js';
import { Engine, FaceMode, GenerationStatus, ImageStatus, Quality } from './enums.js';

export const GenerationImage = builder.prismaObject('GenerationItem', {
  name: 'GenerationImage',
  description: 'One image of a pack: its state, attempts and, once completed, its asset.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position in the pack, from 0.' }),
    status: t.expose('status', { type: ImageStatus, description: 'State of this image.' }),
    seed: t.string({ description: 'Sampler seed (decimal string).', resolve: (i) => i.seed.toString() }),
    attempts: t.int({
      description: 'GPU attempts in the current round (GPU_MAX_ATTEMPTS at most).',
      select: { gpuJob: { select: { attempts: true } } },
      resolve: (i) => i.gpuJob?.attempts ?? 0,
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why the last attempt failed, in words.' }),
    gpuExecutionMs: t.int({
      nullable: true,
      description: 'GPU execution time of every attempt of this image (failed ones are paid too); null before the GPU reported any.',
      select: { gpuJob: { select: { executionMs: true } } },
      resolve: (i) => (i.gpuJob?.executionMs ? i.gpuJob.executionMs : null),
    }),
    gpuCostUsd: t.float({
      description: 'Actual GPU cost of this image in US dollars (all its attempts).',
      select: { gpuJob: { select: { costUsdMicros: true } } },
      resolve: (i) => (i.gpuJob?.costUsdMicros ?? 0) / 1e6,
    }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'When it completed or failed.' }),
    identityRerenders: t.exposeInt('identityRetries', { description: "Times this image was rendered again because its face didn't match (at most 1; free)." }),
    rerenderReason: t.string({
      nullable: true,
      description: 'While a re-render runs: why ("face didn\'t match"); null otherwise.',
      resolve: (i) => (i.identityRetries > 0 && (i.status === 'queued' || i.status === 'submitted') ? "face didn't match" : null),
    }),
    driftedRenders: t.relation('driftedAssets', {
      description: 'Renders of this image replaced because their face drifted (hidden from lists, kept for lineage).',
      query: { where: { deletedAt: null }, orderBy: [{ createdAt: 'asc' }] },
    }),
    asset: t.field({
      type: ImageAsset,
      nullable: true,
      description: 'The stored image, once completed; null again once it is deleted.',
      select: (_args, _ctx, nestedSelection) => ({ asset: nestedSelection({ select: { deletedAt: true } }) }),
      // nestedSelection loads what the query asks for; its static type only knows deletedAt.
      resolve: (item) => (item.asset && !item.asset.deletedAt ? (item.asset as never) : null),
    }),
  }),
});

const Progress = builder.objectRef<{ completed: number; failed: number; cancelled: number; total: number }>('GenerationProgress').implement({
  description: 'Counts of a pack: "3 of 5".',
  fields: (t) => ({
    completed: t.exposeInt('completed', { description: 'Images completed.' }),
    failed: t.exposeInt('failed', { description: 'Images failed (refunded).' }),
    cancelled: t.exposeInt('cancelled', { description: 'Images cancelled (refunded).' }),
    total: t.exposeInt('total', { description: 'Images requested.' }),
    pending: t.int({ description: 'Images still queued or on the GPU.', resolve: (p) => p.total - p.completed - p.failed - p.cancelled }),
  }),
});

const Timings = builder.objectRef<{ createdAt: Date; startedAt: Date | null; completedAt: Date | null }>('GenerationTimings').implement({
  description: 'When a pack was requested, started and finished.',
  fields: (t) => ({
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'Requested.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true, description: 'First image sent to the GPU.' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'Last image settled.' }),
    durationMs: t.int({
      nullable: true,
      description: 'Wall time from request to the last image, once finished.',
      resolve: (j) => (j.completedAt ? j.completedAt.getTime() - j.createdAt.getTime() : null),
    }),
  }),
});

export const GenerationJob = builder.prismaNode('GenerationJob', {
  description: 'A pack of 1–10 images generated from one request.',
  id: { field: 'id', description: 'Global id of the pack.' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, userId: ownerId(ctx) }),
  fields: (t) => ({
    status: t.expose('status', { type: GenerationStatus, description: 'State of the pack.' }),
    mode: t.expose('mode', { type: FaceMode, description: 'FACE_REF or LORA (HD), chosen at request time.' }),
    engine: t.expose('engine', { type: Engine, description: 'Model used.' }),
    scene: t.exposeString('scene', { description: 'Scene preset id.' }),
    environment: t.exposeString('environment', { description: 'Environment preset id.' }),
    outfit: t.exposeString('outfit', { description: 'Outfit id worn.' }),
    outfitChanged: t.exposeBoolean('outfitChanged', { description: "The outfit differs from the influencer's default." }),
    aspectRatio: t.field({ type: AspectRatio, description: 'Aspect ratio.', resolve: (j) => j.aspectRatio as '1:1' | '9:16' | '2:3' }),
    quality: t.expose('quality', { type: Quality, description: 'Quality mode.' }),
    width: t.exposeInt('width', { description: 'Image width in pixels.' }),
    height: t.exposeInt('height', { description: 'Image height in pixels.' }),
    nsfw: t.exposeBoolean('nsfw', { description: 'Adult generation (uncensored model, private storage).' }),
    prompt: t.exposeString('prompt', { description: 'Prompt sent to the model.' }),
    sequence: t.exposeInt('sequence', { description: 'Monotonic version of this pack; events carry the same counter.' }),
    progress: t.field({
      type: Progress,
      description: 'Counts: completed, failed, cancelled, pending of total.',
      resolve: (j) => ({ completed: j.completedCount, failed: j.failedCount, cancelled: j.cancelledCount, total: j.imageCount }),
    }),
    pricePerImage: t.exposeInt('pricePerImage', { description: 'Credits per image.' }),
    creditsReserved: t.exposeInt('creditsReserved', { description: 'Credits reserved (price × count, plus retries).' }),
    creditsCharged: t.exposeInt('creditsCharged', { description: 'Credits charged: price × completed images.' }),
    creditsRefunded: t.exposeInt('creditsRefunded', { description: 'Credits refunded for failed or cancelled images.' }),
    gpuSeconds: t.float({ description: 'GPU execution time of every attempt of every image of the pack, in seconds.', resolve: (j) => j.gpuExecutionMs / 1000 }),
    gpuCostUsd: t.float({
      description: "Actual GPU cost of the pack in US dollars: execution time × the endpoint's price per second (failed attempts included).",
      resolve: (j) => j.gpuCostUsdMicros / 1e6,
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why images failed (first failure), in words.' }),
    timings: t.field({ type: Timings, description: 'Request, start and finish times.', resolve: (j) => j }),
    images: t.relation('items', { description: 'The images, in pack order.', query: { orderBy: { index: 'asc' } } }),
    influencer: t.relation('influencer', { description: 'The influencer of the pack.' }),
  }),
});

builder.queryField('generationJob', (t) =>
  t.prismaField({
    type: 'GenerationJob',
    nullable: true,
    description: 'One of your packs; null when it does not exist or is not yours.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, description: 'Global id.' }) },
    resolve: (query, _root, { id }, ctx) => {
      const dbId = tryDecode(String(id), 'GenerationJob');
      return dbId ? ctx.app.db.generationJob.findFirst({ ...query, where: { id: dbId, userId: ctx.viewer!.id } }) : null;
    },
  }),
);
