import { GraphQLError } from 'graphql';
import { editImage } from '../../domain/edits/edit-image.js';
import { retryEdit } from '../../domain/edits/retry-edit.js';
import { ConflictError, InsufficientCreditsError, InvalidInputError, NotFoundError, RateLimitedError } from '../../domain/errors.js';
import type { EditEventMessage } from '../../domain/events/topics.js';
import { topic } from '../../domain/events/topics.js';
import { PRICES } from '../../domain/presets/options.js';
import type { EditJob as EditJobRow } from '../../generated/prisma/client.js';
import type { AppServices } from '../../services/app-services.js';
import { builder } from '../builder.js';
import { sequencedStream } from '../sequenced-stream.js';
import { ImageAsset } from './asset.js';
import { decodeId, ownerId, tryDecode } from './ids.js';

const FINAL = new Set(['completed', 'failed', 'cancelled']);

const EditStatus = builder.enumType('EditStatus', {
  description: 'State of an inpaint edit.',
  values: {
    QUEUED: { value: 'pending', description: 'Waiting for the GPU.' },
    RUNNING: { value: 'running', description: 'On the GPU.' },
    COMPLETED: { value: 'completed', description: 'Done: `result` is the new EDITED asset (charged).' },
    FAILED: { value: 'failed', description: 'Failed (refunded); `retryEdit` runs it again with the same prompt and mask.' },
    CANCELLED: { value: 'cancelled', description: 'Cancelled (refunded).' },
  } as const,
});

export const EditJob = builder.prismaNode('EditJob', {
  description: 'An inpaint edit: a mask and a prompt applied to one of your images, producing a new EDITED asset (the source is never changed).',
  id: { field: 'id', description: 'Global id of the edit.' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, userId: ownerId(ctx) }),
  fields: (t) => ({
    status: t.expose('status', { type: EditStatus, description: 'State of the edit.' }),
    prompt: t.exposeString('prompt', { description: 'What to paint inside the mask.' }),
    negativePrompt: t.exposeString('negativePrompt', {
      nullable: true,
      description: 'Stored as given. Flux Fill samples at cfg 1, where a negative prompt has no effect: it is not sent as if it did anything.',
    }),
    maskCoverage: t.exposeFloat('maskCoverage', { description: 'Share of the image the mask covers, 0–1.' }),
    maskUrl: t.string({
      description: 'The binarised mask (white = edit), as stored: what a retry sends again, and what an editor can reload.',
      select: { source: { select: { nsfw: true, storageBucket: true } } },
      resolve: (e, _args, ctx) => ctx.app.storage.url(e.maskKey, { adult: e.source.nsfw, bucket: e.source.storageBucket, ttlSeconds: ctx.app.env.SIGNED_URL_TTL_S }),
    }),
    source: t.relation('source', { description: 'The image that was edited (unchanged).' }),
    result: t.relation('result', { nullable: true, description: 'The new EDITED asset, once completed.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed, in words.' }),
    creditsReserved: t.exposeInt('creditsReserved', { description: 'Credits reserved for it (the inpaint price).' }),
    creditsCharged: t.exposeInt('creditsCharged', { description: 'Credits charged (the price once completed, else 0).' }),
    attempts: t.int({
      description: 'GPU attempts of the current round.',
      select: { gpuJob: { select: { attempts: true } } },
      resolve: (e) => e.gpuJob?.attempts ?? 0,
    }),
    gpuSeconds: t.float({ description: 'GPU execution time of every attempt, in seconds.', resolve: (e) => e.gpuExecutionMs / 1000 }),
    gpuCostUsd: t.float({ description: 'Actual GPU cost of every attempt, in US dollars.', resolve: (e) => e.gpuCostUsdMicros / 1e6 }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was requested.' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'When it completed or failed.' }),
  }),
});

builder.prismaObjectFields(ImageAsset, (t) => ({
  edits: t.relation('editSources', {
    description: 'Inpaint edits made from this image, newest first.',
    query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
  }),
  editJob: t.relation('editResult', { nullable: true, description: 'For an EDITED asset: the edit that produced it (prompt, mask).' }),
}));

const EditImageInput = builder.inputType('EditImageInput', {
  description: 'An inpaint edit (GraphQL multipart request for the mask).',
  fields: (t) => ({
    assetId: t.id({ required: true, description: 'Global id of the image to edit.' }),
    prompt: t.string({ required: true, description: 'What to paint inside the mask (1–2000 characters).' }),
    negativePrompt: t.string({ description: 'Kept with the edit; has no effect at cfg 1 (Flux Fill).' }),
    mask: t.field({
      type: 'Upload',
      required: true,
      description: 'PNG/JPEG/WebP the size of the image: white (or opaque) = edit, black (or transparent) = keep. Binarised at 50 %.',
    }),
    idempotencyKey: t.string({ description: 'Same key → the same edit, never charged twice.' }),
  }),
});

const EditImagePayload = builder.objectRef<{ edit: EditJobRow; created: boolean }>('EditImagePayload').implement({
  description: 'The edit that was started (or found by its idempotency key).',
  fields: (t) => ({
    edit: t.field({ type: EditJob, description: 'The edit: follow it with `editProgress`.', resolve: (p) => p.edit }),
    created: t.exposeBoolean('created', { description: 'False when the idempotency key returned an existing edit.' }),
    price: t.int({ description: 'Credits reserved.', resolve: () => PRICES.inpaint }),
  }),
});

builder.mutationField('editImage', (t) =>
  t.field({
    type: EditImagePayload,
    description:
      'Inpaints one of your images: only the masked area changes (outside the mask the result is the source, pixel for pixel). Reserves the inpaint price; refunded if it fails.',
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError, NotFoundError, InsufficientCreditsError, RateLimitedError] },
    args: { input: t.arg({ type: EditImageInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const file = input.mask as File;
      if (file.size > ctx.app.env.UPLOAD_MAX_BYTES)
        throw new InvalidInputError(`The mask is larger than ${ctx.app.env.UPLOAD_MAX_BYTES} bytes.`, [{ path: ['mask'], message: 'TOO_LARGE' }]);
      const assetId = tryDecode(String(input.assetId), 'ImageAsset');
      if (!assetId) throw new NotFoundError('ImageAsset', String(input.assetId));
      const mask = Buffer.from(await file.arrayBuffer());
      return editImage(
        { db: ctx.app.db, env: ctx.app.env, storage: ctx.app.storage },
        ctx.viewer!.id,
        { assetId, prompt: input.prompt, negativePrompt: input.negativePrompt ?? undefined, idempotencyKey: input.idempotencyKey ?? undefined },
        mask,
      );
    },
  }),
);

const RetryEditInput = builder.inputType('RetryEditInput', {
  description: 'A failed edit to run again.',
  fields: (t) => ({ editJobId: t.id({ required: true, description: 'Global id of the edit.' }) }),
});

const RetryEditPayload = builder.objectRef<{ edit: EditJobRow }>('RetryEditPayload').implement({
  description: 'The edit, queued again with its stored prompt and mask.',
  fields: (t) => ({ edit: t.field({ type: EditJob, description: 'The edit.', resolve: (p) => p.edit }) }),
});

builder.mutationField('retryEdit', (t) =>
  t.field({
    type: RetryEditPayload,
    description: 'Runs a failed edit again with the same prompt and mask (reserves the price again).',
    authScopes: { authenticated: true },
    errors: { types: [NotFoundError, ConflictError, InsufficientCreditsError] },
    args: { input: t.arg({ type: RetryEditInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ edit: await retryEdit(ctx.app.db, ctx.app.env, ctx.viewer!.id, decodeId(String(input.editJobId), 'EditJob')) }),
  }),
);

builder.queryField('editJob', (t) =>
  t.prismaField({
    type: 'EditJob',
    nullable: true,
    description: 'One of your edits; null when it does not exist or is not yours.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, description: 'Global id.' }) },
    resolve: (query, _root, { id }, ctx) => {
      const dbId = tryDecode(String(id), 'EditJob');
      return dbId ? ctx.app.db.editJob.findFirst({ ...query, where: { id: dbId, userId: ctx.viewer!.id } }) : null;
    },
  }),
);

const EditEvent = builder.objectRef<EditEventMessage>('EditEvent').implement({
  description: 'The edit changed state (or, first, the edit as it is). Apply in increasing `sequence`.',
  fields: (t) => ({
    sequence: t.exposeInt('sequence', { description: 'Monotonic per edit.' }),
    snapshot: t.boolean({ description: 'True for the first event (the state when subscribing).', resolve: (e) => e.kind === 'snapshot' }),
    status: t.field({ type: EditStatus, description: 'The status this event announces.', resolve: (e) => e.status as 'pending' }),
    edit: t.prismaField({
      type: 'EditJob',
      description: 'The edit, read when the event is delivered (result asset once COMPLETED, error once FAILED).',
      resolve: (query, e, _args, ctx) => ctx.app.db.editJob.findUniqueOrThrow({ ...query, where: { id: e.editJobId } }),
    }),
  }),
});

builder.subscriptionField('editProgress', (t) =>
  t.field({
    type: EditEvent,
    description: 'Progress of one of your edits: the state first, then QUEUED → RUNNING → COMPLETED or FAILED; ends with COMPLETED or FAILED.',
    authScopes: { authenticated: true },
    args: { editJobId: t.arg.id({ required: true, description: 'Global id of the edit.' }) },
    subscribe: (_root, { editJobId }, ctx) => editEvents(ctx, String(editJobId)),
    resolve: (e) => e,
  }),
);

async function* editEvents(ctx: { app: AppServices; viewer: { id: string } | null }, globalId: string) {
  const id = tryDecode(globalId, 'EditJob');
  const owned = id ? await ctx.app.db.editJob.findFirst({ where: { id, userId: ctx.viewer!.id }, select: { id: true } }) : null;
  if (!id || !owned) throw new GraphQLError('Edit not found.', { extensions: { code: 'NOT_FOUND' } });
  yield* sequencedStream<EditEventMessage>({
    events: ctx.app.events,
    topic: topic('edit', id),
    snapshot: async () => {
      const edit = await ctx.app.db.editJob.findUniqueOrThrow({ where: { id }, select: { sequence: true, status: true } });
      return { message: { kind: 'snapshot', editJobId: id, sequence: edit.sequence, status: edit.status }, final: FINAL.has(edit.status) };
    },
    isSnapshot: (m) => m.kind === 'snapshot',
    isFinal: (m) => FINAL.has(m.status),
  });
}
