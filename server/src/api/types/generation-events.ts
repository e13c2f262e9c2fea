import { GraphQLError } from 'graphql';
import type { GenerationEventMessage } from '../../domain/events/topics.js';
import { topic } from '../../domain/events/topics.js';
import { builder } from '../builder.js';
import type { AppServices } from '../../services/app-services.js';
import { sequencedStream } from '../sequenced-stream.js';
import { tryDecode } from './ids.js';

const FINAL = new Set(['completed', 'partial', 'failed', 'cancelled']);

export const GenerationEvent = builder.interfaceRef<GenerationEventMessage>('GenerationEvent').implement({
  description: 'Something that happened to a pack. Apply events in increasing `sequence`; ignore older ones.',
  fields: (t) => ({
    sequence: t.exposeInt('sequence', { description: 'Monotonic per pack: a client never applies a lower sequence over a higher one.' }),
    job: t.prismaField({
      type: 'GenerationJob',
      description: 'The pack, read when the event is delivered (its state is at least as new as the event).',
      resolve: (query, e, _args, ctx) => ctx.app.db.generationJob.findUniqueOrThrow({ ...query, where: { id: e.jobId } }),
    }),
  }),
  resolveType: (e) =>
    ({
      snapshot: 'GenerationSnapshot',
      image_started: 'ImageStarted',
      image_completed: 'ImageCompleted',
      image_failed: 'ImageFailed',
      image_scored: 'ImageScored',
      image_rerendering: 'ImageRerendering',
      job_completed: 'JobCompleted',
      job_failed: 'JobFailed',
    })[e.kind],
});

builder.objectRef<GenerationEventMessage>('GenerationSnapshot').implement({
  description: 'The whole pack as it is now: sent first, and again after a retry or a gap.',
  interfaces: [GenerationEvent],
});

for (const [name, description] of [
  ['ImageStarted', 'An image went to the GPU (it is rendering now).'],
  ['ImageCompleted', 'An image completed: its asset is stored and charged.'],
  ['ImageFailed', 'An image failed for good (or was cancelled) and was refunded.'],
] as const) {
  builder.objectRef<GenerationEventMessage>(name).implement({
    description,
    interfaces: [GenerationEvent],
    fields: (t) => ({
      image: t.prismaField({
        type: 'GenerationItem',
        description: 'The image (index, status, error, asset).',
        resolve: (query, e, _args, ctx) => ctx.app.db.generationItem.findUniqueOrThrow({ ...query, where: { id: e.itemId! } }),
      }),
    }),
  });
}

builder.objectRef<GenerationEventMessage>('ImageScored').implement({
  description: "An image's face was scored against the base face (after its ImageCompleted; before the pack's last event).",
  interfaces: [GenerationEvent],
  fields: (t) => ({
    image: t.prismaField({
      type: 'GenerationItem',
      description: 'The image.',
      resolve: (query, e, _args, ctx) => ctx.app.db.generationItem.findUniqueOrThrow({ ...query, where: { id: e.itemId! } }),
    }),
    asset: t.prismaField({
      type: 'ImageAsset',
      description: 'The render that was scored (identityScore, identityStatus, faceBox).',
      resolve: (query, e, _args, ctx) => ctx.app.db.imageAsset.findUniqueOrThrow({ ...query, where: { id: e.assetId! } }),
    }),
    identityScore: t.float({
      nullable: true,
      description: 'The score, 0–1; null with identityStatus NO_FACE / NO_REFERENCE / FAILED.',
      resolve: async (e, _args, ctx) => (await ctx.app.db.imageAsset.findUniqueOrThrow({ where: { id: e.assetId! }, select: { identityScore: true } })).identityScore,
    }),
  }),
});

builder.objectRef<GenerationEventMessage>('ImageRerendering').implement({
  description: "An image's face didn't match: it is being rendered again with a new seed, at no credit. Its drifted render is hidden and kept (lineage).",
  interfaces: [GenerationEvent],
  fields: (t) => ({
    image: t.prismaField({
      type: 'GenerationItem',
      description: 'The image (back to QUEUED; an ImageStarted and ImageCompleted follow).',
      resolve: (query, e, _args, ctx) => ctx.app.db.generationItem.findUniqueOrThrow({ ...query, where: { id: e.itemId! } }),
    }),
    driftedAsset: t.prismaField({
      type: 'ImageAsset',
      description: 'The render that drifted (now hidden).',
      resolve: (query, e, _args, ctx) => ctx.app.db.imageAsset.findUniqueOrThrow({ ...query, where: { id: e.assetId! } }),
    }),
    reason: t.string({ description: 'Why, for the creator: "face didn\'t match".', resolve: () => "face didn't match" }),
  }),
});

builder.objectRef<GenerationEventMessage>('JobCompleted').implement({
  description: 'The pack finished with at least one image (status COMPLETED or PARTIAL). Last event.',
  interfaces: [GenerationEvent],
});

builder.objectRef<GenerationEventMessage>('JobFailed').implement({
  description: 'The pack finished with no image (status FAILED or CANCELLED). Last event.',
  interfaces: [GenerationEvent],
});

builder.subscriptionType({ description: 'Live updates over graphql-ws (WebSocket) or GraphQL over SSE.' });

builder.subscriptionField('generationProgress', (t) =>
  t.field({
    type: GenerationEvent,
    description:
      'Progress of one of your packs: a GenerationSnapshot first, then ImageStarted / ImageCompleted / ImageScored (and ImageRerendering when a face drifted) / ImageFailed, then JobCompleted or JobFailed.',
    authScopes: { authenticated: true },
    args: { jobId: t.arg.id({ required: true, description: 'Global id of the pack.' }) },
    subscribe: (_root, { jobId }, ctx) => generationEvents(ctx, String(jobId)),
    resolve: (e) => e,
  }),
);

async function* generationEvents(ctx: { app: AppServices; viewer: { id: string } | null }, globalId: string) {
  const id = tryDecode(globalId, 'GenerationJob');
  const owned = id ? await ctx.app.db.generationJob.findFirst({ where: { id, userId: ctx.viewer!.id }, select: { id: true } }) : null;
  if (!id || !owned) throw new GraphQLError('Generation job not found.', { extensions: { code: 'NOT_FOUND' } });
  yield* sequencedStream<GenerationEventMessage>({
    events: ctx.app.events,
    topic: topic('generation', id),
    snapshot: async () => {
      const job = await ctx.app.db.generationJob.findUniqueOrThrow({ where: { id }, select: { sequence: true, status: true } });
      return { message: { kind: 'snapshot', jobId: id, sequence: job.sequence }, final: FINAL.has(job.status) };
    },
    isSnapshot: (m) => m.kind === 'snapshot',
    isFinal: (m) => m.kind === 'job_completed' || m.kind === 'job_failed',
  });
}
