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
  resolveType: (e) => (e.kind === 'hd_mode_unlocked' ? 'HdModeUnlocked' : 'LoraStatusChanged'),
});

builder.objectRef<InfluencerEventMessage>('LoraStatusChanged').implement({
  description: 'The LoRA moved to another status (generating sheets, training, ready, failed).',
  interfaces: [InfluencerEvent],
});

builder.objectRef<InfluencerEventMessage>('HdModeUnlocked').implement({
  description: 'The LoRA is ready: new generations use HD (LoRA) mode automatically.',
  interfaces: [InfluencerEvent],
});

builder.subscriptionField('influencerEvents', (t) =>
  t.field({
    type: InfluencerEvent,
    description: 'LoRA progress of one of your influencers: LoraStatusChanged, and HdModeUnlocked when HD mode becomes available.',
    authScopes: { authenticated: true },
    args: { influencerId: t.arg.id({ required: true, description: 'Global id of the influencer.' }) },
    subscribe: (_root, { influencerId }, ctx) => influencerEvents(ctx, String(influencerId)),
    resolve: (e) => e,
  }),
);

async function* influencerEvents(ctx: { app: AppServices; viewer: { id: string } | null }, globalId: string) {
  const id = tryDecode(globalId, 'Influencer');
  const owned = id ? await ctx.app.db.influencer.findFirst({ where: { id, userId: ctx.viewer!.id }, select: { id: true } }) : null;
  if (!id || !owned) throw new GraphQLError('Influencer not found.', { extensions: { code: 'NOT_FOUND' } });
  const stream = topicStream<InfluencerEventMessage>(ctx.app.events, topic('influencer', id));
  try {
    for (;;) {
      const next = await stream.next(30_000);
      if (next) yield next;
    }
  } finally {
    stream.close();
  }
}
