import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { loraOverview, type LoraOverview } from '../../domain/lora/lora-overview.js';
import { retrainLora } from '../../domain/lora/retrain-lora.js';
import type { Influencer as InfluencerRow } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { ImageAsset } from './asset.js';
import { Engine, LoraStatus } from './enums.js';
import { decodeId } from './ids.js';
import { Influencer } from './influencer.js';

type Sheet = NonNullable<LoraOverview['sheet']>;
type SheetImage = Sheet['images'][number];
type Training = NonNullable<LoraOverview['training']>;

const CharacterSheetShot = builder.objectRef<SheetImage>('CharacterSheetShot').implement({
  description: 'One shot of a character sheet (front headshot, back view...) and its current render.',
  fields: (t) => ({
    shot: t.exposeString('shot', { description: 'The shot: front_headshot, three_quarter_left, profile, back...' }),
    index: t.exposeInt('index', { description: 'Position in the sheet.' }),
    status: t.string({ description: 'queued, submitted, completed, failed or cancelled.', resolve: (i) => i.status }),
    replacements: t.exposeInt('replacements', { description: 'Re-renders with a new seed because the face drifted.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why the render failed.' }),
    asset: t.field({ type: ImageAsset, nullable: true, description: 'The current render (identity score on it).', resolve: (i) => i.asset }),
  }),
});

const CharacterSheet = builder.objectRef<Sheet>('CharacterSheet').implement({
  description: 'The images a character LoRA is trained on, made from the base image.',
  fields: (t) => ({
    status: t.string({ description: 'running, completed or failed.', resolve: (s) => s.status }),
    targetCount: t.exposeInt('targetCount', { description: 'Shots in the sheet.' }),
    images: t.field({ type: [CharacterSheetShot], description: 'The shots, in order.', resolve: (s) => s.images }),
    error: t.exposeString('error', { nullable: true, description: 'Why the sheet failed.' }),
  }),
});

const LoraTraining = builder.objectRef<Training>('LoraTraining').implement({
  description: 'One training of the character LoRA on the GPU.',
  fields: (t) => ({
    status: t.string({ description: 'pending, running, completed or failed.', resolve: (r) => r.status }),
    stage: t.exposeString('stage', { nullable: true, description: "The trainer's stage (downloading, preparing, training, saving)." }),
    steps: t.exposeInt('steps', { description: 'Training steps.' }),
    step: t.exposeInt('step', { description: 'Steps done.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true, description: 'When the GPU took it.' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'When it ended.' }),
    durationMs: t.exposeInt('durationMs', { nullable: true, description: 'From start to a usable LoRA.' }),
    gpuCostUsd: t.float({ description: 'GPU cost of every attempt, US dollars.', resolve: (r) => r.gpuCostUsdMicros / 1e6 }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed, in words.' }),
  }),
});

const LoraModel = builder.objectRef<LoraOverview['models'][number]>('LoraModel').implement({
  description: 'A trained character LoRA for one base model (a LoRA only acts on the model it was trained for).',
  fields: (t) => ({
    baseModel: t.field({ type: Engine, description: 'The engine whose packs load it.', resolve: (m) => m.baseModel }),
    modelKey: t.exposeString('modelKey', { description: 'The LoRA file on the image endpoint.' }),
    triggerWord: t.exposeString('triggerWord', { nullable: true, description: 'The token its prompts lead with.' }),
    readyAt: t.expose('readyAt', { type: 'DateTime', nullable: true, description: 'When its training completed.' }),
  }),
});

const InfluencerLora = builder.objectRef<LoraOverview>('InfluencerLora').implement({
  description: 'The character LoRA pipeline: sheet → training → HD mode.',
  fields: (t) => ({
    status: t.field({ type: LoraStatus, description: 'pending, generating sheets, training, ready or failed.', resolve: (o) => o.influencer.loraStatus }),
    stage: t.exposeString('stage', { description: 'What runs now: sheet, a trainer stage, ready, failed or pending.' }),
    progress: t.exposeFloat('progress', { description: 'Progress of the current stage, 0–1.' }),
    estimatedCompletionAt: t.expose('estimatedCompletionAt', { type: 'DateTime', nullable: true, description: 'When the training should finish.' }),
    triggerWord: t.string({ nullable: true, description: 'The token LoRA prompts lead with.', resolve: (o) => o.influencer.triggerWord }),
    error: t.string({ nullable: true, description: 'Why the pipeline failed.', resolve: (o) => o.influencer.loraError }),
    sheet: t.field({ type: CharacterSheet, nullable: true, description: 'The character sheet of the current base image.', resolve: (o) => o.sheet }),
    training: t.field({
      type: LoraTraining,
      nullable: true,
      description: 'The latest training of that sheet for the primary base model (Flux when it is trained).',
      resolve: (o) => o.training,
    }),
    models: t.field({ type: [LoraModel], description: 'The LoRAs the character has, one per base model (Flux, Z-Image).', resolve: (o) => o.models }),
  }),
});

/** The LoRA a render used: its model file and the trigger word its prompt led with. */
const LoraUsed = builder.objectRef<{ modelKey: string; triggerWord: string | null }>('LoraUsed').implement({
  description: 'The character LoRA a LORA-mode render used.',
  fields: (t) => ({
    modelKey: t.exposeString('modelKey', { description: 'The LoRA file on the image endpoint.' }),
    triggerWord: t.exposeString('triggerWord', { nullable: true, description: 'The token the prompt led with.' }),
  }),
});

builder.prismaObjectFields('GenerationJob', (t) => ({
  modeNote: t.exposeString('modeNote', {
    nullable: true,
    description:
      'Why the pack used face reference although the character has a LoRA for another base model (e.g. a Z-Image pack with a Flux LoRA only); null when nothing fell back.',
  }),
  loraUsed: t.field({
    type: LoraUsed,
    nullable: true,
    description: 'The LoRA this pack used (LORA mode), else null.',
    resolve: (j) => (j.mode === 'lora' && j.loraModelKey ? { modelKey: j.loraModelKey, triggerWord: j.triggerWord } : null),
  }),
}));

builder.prismaObjectFields(ImageAsset, (t) => ({
  loraUsed: t.field({
    type: LoraUsed,
    nullable: true,
    description: 'The LoRA this image was rendered with (LORA mode), else null.',
    select: { metadata: true, mode: true },
    resolve: (a) => {
      const meta = (a.metadata ?? {}) as { loraModelKey?: unknown; triggerWord?: unknown };
      if (a.mode !== 'lora' || typeof meta.loraModelKey !== 'string') return null;
      return { modelKey: meta.loraModelKey, triggerWord: typeof meta.triggerWord === 'string' ? meta.triggerWord : null };
    },
  }),
}));

builder.prismaObjectFields(Influencer, (t) => ({
  lora: t.field({
    type: InfluencerLora,
    description: 'The character LoRA pipeline (HD mode) of this influencer.',
    resolve: (i, _args, ctx) => loraOverview(ctx.app.db, i),
  }),
}));

const RetrainLoraInput = builder.inputType('RetrainLoraInput', {
  description: 'Which influencer to retrain.',
  fields: (t) => ({ influencerId: t.id({ required: true, description: 'Global id of the influencer.' }) }),
});

const RetrainLoraPayload = builder.objectRef<{ influencer: InfluencerRow }>('RetrainLoraPayload').implement({
  description: 'The influencer with its restarted pipeline.',
  fields: (t) => ({ influencer: t.field({ type: Influencer, description: 'The influencer.', resolve: (p) => p.influencer }) }),
});

builder.mutationField('retrainLora', (t) =>
  t.field({
    type: RetrainLoraPayload,
    description: 'Restarts the LoRA pipeline from what is missing (sheet or training); does nothing while it runs or once ready.',
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: { input: t.arg({ type: RetrainLoraInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ influencer: await retrainLora(ctx.app.db, ctx.app.env, ctx.viewer!.id, decodeId(String(input.influencerId), 'Influencer')) }),
  }),
);
