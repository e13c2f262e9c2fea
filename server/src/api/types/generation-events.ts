import { GraphQLError } from 'graphql';
import type { GenerationEventMessage } from '../../domain/events/topics.js';
import { topic } from '../../domain/events/topics.js';
import { builder } from '../builder.js';
import { topicStream } from '../event-stream.js';
import { tryDecode } from './ids.js';

const FINAL = new Set(['completed', 'partial', 'failed', 'cancelled']);
/** Without an event for this long, the subscriber re-reads the pack (covers a lost NOTIFY). */
const RECHECK_MS = 5_000;

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
    ({ snapshot: 'GenerationSnapshot', image_started: 'ImageStarted', image_completed: 'ImageCompleted', image_failed: 'ImageFailed', job_completed: 'JobCompleted', job_failed: 'JobFailed' })[e.kind],
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
    description: 'Progress of one of your packs: a GenerationSnapshot first, then ImageStarted / ImageCompleted / ImageFailed, then JobCompleted or JobFailed.',
    authScopes: { authenticated: true },
    args: { jobId: t.arg.id({ required: true, description: 'Global id of the pack.' }) },
    subscribe: (_root, { jobId }, ctx) => generationEvents(ctx, String(jobId)),
    resolve: (e) => e,
  }),
);

async function* generationEvents(ctx: { app: import('../../services/app-services.js').AppServices; viewer: { id: string } | null }, globalId: string) {
  const id = tryDecode(globalId, 'GenerationJob');
  const owned = id ? await ctx.app.db.generationJob.findFirst({ where: { id, userId: ctx.viewer!.id }, select: { id: true } }) : null;
  if (!id || !owned) throw new GraphQLError('Generation job not found.', { extensions: { code: 'NOT_FOUND' } });
  // Listen before reading the snapshot, so nothing that happens in between is missed.
  const stream = topicStream<GenerationEventMessage>(ctx.app.events, topic('generation', id));
  try {
    const snapshot = async () => {
      const job = await ctx.app.db.generationJob.findUniqueOrThrow({ where: { id }, select: { sequence: true, status: true } });
      return { message: { kind: 'snapshot', jobId: id, sequence: job.sequence } as GenerationEventMessage, final: FINAL.has(job.status) };
    };
    let { message, final } = await snapshot();
    let last = message.sequence;
    yield message;
    while (!final) {
      const next = await stream.next(RECHECK_MS);
      if (next && next.sequence <= last) continue;
      if (!next || (next.sequence > last + 1 && next.kind !== 'snapshot')) {
        // Silence or a gap: the bus may have dropped events; the database is the truth.
        ({ message, final } = await snapshot());
        if (message.sequence > last) {
          last = message.sequence;
          yield message;
        }
        continue;
      }
      last = next.sequence;
      yield next;
      final = next.kind === 'job_completed' || next.kind === 'job_failed';
    }
  } finally {
    stream.close();
  }
}
