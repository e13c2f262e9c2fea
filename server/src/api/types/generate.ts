import { cancelGeneration } from '../../domain/generation/cancel-generation.js';
import { generateImages } from '../../domain/generation/generate-images.js';
import { creditQuote } from '../../domain/generation/quote.js';
import { retryFailedImages } from '../../domain/generation/retry-failed-images.js';
import { withoutNulls } from '../../domain/validation.js';
import { ConflictError, InsufficientCreditsError, InvalidInputError, NotFoundError, NsfwNotAllowedError, RateLimitedError } from '../../domain/errors.js';
import type { GenerationJob as JobRow } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { AspectRatio } from './aspect-ratio.js';
import { Engine, FaceMode, Quality } from './enums.js';
import { GenerationJob } from './generation-job.js';
import { decodeId } from './ids.js';

const GenerateImagesInput = builder.inputType('GenerateImagesInput', {
  description: 'A pack to generate. Omitted options take the studio defaults.',
  fields: (t) => ({
    influencerId: t.id({ required: true, description: 'Global id of the influencer.' }),
    scene: t.string({ required: true, description: 'Scene id from presets.scenes (default in the studio: professional_portrait).' }),
    environment: t.string({ required: true, description: 'Environment id from presets.environments (default in the studio: studio).' }),
    outfit: t.string({ description: "Outfit id for this pack only; omitted keeps the influencer's default." }),
    aspectRatio: t.field({ type: AspectRatio, description: 'Default PORTRAIT_9_16.' }),
    quality: t.field({ type: Quality, description: 'Default DRAFT.' }),
    count: t.int({ description: 'Images in the pack, 1–10 (default 5).' }),
    nsfw: t.boolean({ description: 'Adult content; needs the influencer to allow it. Default false.' }),
    engine: t.field({ type: Engine, description: 'Model override; default from the deployment (DEFAULT_ENGINE).' }),
    idempotencyKey: t.string({ description: 'Same key → same pack and a single charge (retry-safe scripts). Max 200 characters.' }),
  }),
});

const GenerateImagesPayload = builder.objectRef<{ job: JobRow; created: boolean }>('GenerateImagesPayload').implement({
  description: 'The pack started (or the one an idempotency key already started).',
  fields: (t) => ({
    job: t.field({ type: GenerationJob, description: 'The pack; subscribe to generationProgress(jobId) for its images.', resolve: (p) => p.job }),
    creditsReserved: t.int({ description: 'Credits reserved for it (price × count).', resolve: (p) => p.job.creditsReserved }),
    mode: t.field({ type: FaceMode, description: 'Face mode it uses: FACE_REF, or LORA (HD) once the LoRA is ready.', resolve: (p) => p.job.mode }),
    created: t.exposeBoolean('created', { description: 'False when the idempotency key returned an existing pack (nothing charged again).' }),
  }),
});

const JobInput = (name: string, description: string) =>
  builder.inputType(name, { description, fields: (t) => ({ jobId: t.id({ required: true, description: 'Global id of the pack.' }) }) });

const JobPayload = (name: string, description: string) =>
  builder.objectRef<{ job: JobRow }>(name).implement({
    description,
    fields: (t) => ({ job: t.field({ type: GenerationJob, description: 'The pack after the change.', resolve: (p) => p.job }) }),
  });

const CreditQuoteInput = builder.inputType('CreditQuoteInput', {
  description: 'The options that set the price.',
  fields: (t) => ({
    aspectRatio: t.field({ type: AspectRatio, description: 'Default PORTRAIT_9_16.' }),
    quality: t.field({ type: Quality, description: 'Default DRAFT.' }),
    count: t.int({ description: 'Images, 1–10 (default 5).' }),
  }),
});

const CreditQuote = builder.objectRef<{ pricePerImage: number; count: number; total: number; balance: number; affordable: boolean }>('CreditQuote').implement({
  description: 'The exact price of a pack, shown before Generate.',
  fields: (t) => ({
    pricePerImage: t.exposeInt('pricePerImage', { description: 'Credits per image.' }),
    count: t.exposeInt('count', { description: 'Images.' }),
    total: t.exposeInt('total', { description: 'Credits generateImages will reserve.' }),
    balance: t.exposeInt('balance', { description: 'Your balance now.' }),
    affordable: t.exposeBoolean('affordable', { description: 'The balance covers the total.' }),
  }),
});

const generationErrors = [InvalidInputError, NotFoundError, InsufficientCreditsError, RateLimitedError, NsfwNotAllowedError];

builder.queryField('creditQuote', (t) =>
  t.field({
    type: CreditQuote,
    description: 'Price of a pack with these options, and whether your balance covers it.',
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: CreditQuoteInput, required: true, description: 'The options.' }) },
    resolve: (_root, { input }, ctx) => creditQuote(ctx.app.db, ctx.viewer!.id, input),
  }),
);

builder.mutationFields((t) => ({
  generateImages: t.field({
    type: GenerateImagesPayload,
    description: 'Starts a pack of 1–10 images; reserves price × count credits. Progress: subscribe to generationProgress.',
    authScopes: { authenticated: true },
    errors: { types: generationErrors },
    args: { input: t.arg({ type: GenerateImagesInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      generateImages({ db: ctx.app.db, env: ctx.app.env }, ctx.viewer!.id, { ...withoutNulls(input), influencerId: decodeId(String(input.influencerId), 'Influencer') }),
  }),
  cancelGeneration: t.field({
    type: JobPayload('CancelGenerationPayload', 'The pack with its unfinished images cancelled and refunded.'),
    description: 'Cancels the images of a pack that have not finished; they are refunded.',
    authScopes: { authenticated: true },
    errors: { types: [NotFoundError, ConflictError, InvalidInputError] },
    args: { input: t.arg({ type: JobInput('CancelGenerationInput', 'The pack to cancel.'), required: true }) },
    resolve: async (_root, { input }, ctx) => ({ job: await cancelGeneration(ctx.app.db, ctx.viewer!.id, decodeId(String(input.jobId), 'GenerationJob')) }),
  }),
  retryFailedImages: t.field({
    type: JobPayload('RetryFailedImagesPayload', 'The pack with its failed images queued again.'),
    description: 'Queues the failed images of a pack again (reserving their price again).',
    authScopes: { authenticated: true },
    errors: { types: [NotFoundError, ConflictError, InsufficientCreditsError, InvalidInputError] },
    args: { input: t.arg({ type: JobInput('RetryFailedImagesInput', 'The pack whose failed images to retry.'), required: true }) },
    resolve: async (_root, { input }, ctx) => ({ job: await retryFailedImages(ctx.app.db, ctx.app.env, ctx.viewer!.id, decodeId(String(input.jobId), 'GenerationJob')) }),
  }),
}));
