import { GraphQLError } from 'graphql';
import type { InfluencerEventMessage } from '../../domain/events/topics.js';
import { topic } from '../../domain/events/topics.js';
import type { AppServices } from '../../services/app-services.js';
import { builder } from '../builder.js';
import { topicStream } from '../event-stream.js';
import { tryDecode } from './ids.js';
import { LoraStatus } from './enums.js';

export const InfluencerEvent = builder.interfaceRef<InfluencerEventMessage>('InfluencerEvent').implement({
  description: 'Something that happened to an influencer (its LoRA / HD mode).',
  fields: (t) => ({
    loraStatus: t.field({ type: LoraStatus, description: 'LoRA status at the time of the event.', resolve: (e) => e.loraStatus as never }),
    influencer: t.prismaField({
      type: 'Influencer',
      description: 'The influencer, read when the event is delivered.',
      resolve: (query, e, _args, ctx) => ctx.app.db.influencer.findUniqueOrThrow({ ...query, where: { id: e.influencerId } }),
    }),
  }),
  resolveType: (e) => TYPE_OF_KIND[e.kind],
});

const TYPE_OF_KIND: Record<InfluencerEventMessage['kind'], string> = {
  lora_status_changed: 'LoraStatusChanged',
  hd_mode_unlocked: 'HdModeUnlocked',
  lora_training_progress: 'LoraTrainingProgress',
  character_sheet_progress: 'CharacterSheetProgress',
};

builder.objectRef<InfluencerEventMessage>('LoraStatusChanged').implement({
  description: 'The LoRA moved to another status (generating sheets, training, ready, failed).',
  interfaces: [InfluencerEvent],
});

builder.objectRef<InfluencerEventMessage>('HdModeUnlocked').implement({
  description: 'The LoRA is ready: new generations use HD (LoRA) mode automatically.',
  interfaces: [InfluencerEvent],
});

builder.objectRef<InfluencerEventMessage>('LoraTrainingProgress').implement({
  description: 'The LoRA training moved on: its stage, steps done and estimated completion.',
  interfaces: [InfluencerEvent],
  fields: (t) => ({
    stage: t.string({ description: 'downloading, preparing, training or saving.', resolve: (e) => e.stage ?? 'training' }),
    step: t.int({ description: 'Steps done.', resolve: (e) => e.step ?? 0 }),
    total: t.int({ description: 'Training steps.', resolve: (e) => e.total ?? 0 }),
    estimatedCompletionAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the training should finish, at the pace so far.',
      resolve: (e) => (e.estimatedCompletionAt ? new Date(e.estimatedCompletionAt) : null),
    }),
  }),
});

builder.objectRef<InfluencerEventMessage>('CharacterSheetProgress').implement({
  description:
    'A character-sheet shot was rendered and scored, replaced or failed — also after the sheet ended (a back view is scored last): re-read `lora.sheet` for its thumbnail and score. `loraStatus` is the status of that moment; `LoraStatusChanged` is what announces a change.',
  interfaces: [InfluencerEvent],
  fields: (t) => ({
    shotsDone: t.int({
      description: 'Shots rendered and scored so far (a back view counts once rendered: the sheet does not wait for its score).',
      resolve: (e) => e.shotsDone ?? 0,
    }),
    targetCount: t.int({ description: 'Shots in the sheet.', resolve: (e) => e.targetCount ?? 0 }),
  }),
});

builder.subscriptionField('influencerEvents', (t) =>
  t.field({
    type: InfluencerEvent,
    description:
      'LoRA progress of one of your influencers, or of all of them when `influencerId` is omitted: LoraStatusChanged, CharacterSheetProgress, LoraTrainingProgress, and HdModeUnlocked when HD mode becomes available.',
    authScopes: { authenticated: true },
    args: { influencerId: t.arg.id({ required: false, description: 'Global id of the influencer; omitted: every influencer of yours.' }) },
    subscribe: (_root, { influencerId }, ctx) => influencerEvents(ctx, influencerId == null ? null : String(influencerId)),
    resolve: (e) => e,
  }),
);

async function* influencerEvents(ctx: { app: AppServices; viewer: { id: string } | null }, globalId: string | null) {
  const viewerId = ctx.viewer!.id;
  let name = topic('viewerInfluencers', viewerId);
  if (globalId !== null) {
    const id = tryDecode(globalId, 'Influencer');
    const owned = id ? await ctx.app.db.influencer.findFirst({ where: { id, userId: viewerId }, select: { id: true } }) : null;
    if (!id || !owned) throw new GraphQLError('Influencer not found.', { extensions: { code: 'NOT_FOUND' } });
    name = topic('influencer', id);
  }
  const stream = topicStream<InfluencerEventMessage>(ctx.app.events, name);
  try {
    for (;;) {
      const next = await stream.next(30_000);
      if (next) yield next;
    }
  } finally {
    stream.close();
  }
}
