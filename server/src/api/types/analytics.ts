import { CLIENT_EVENTS, trackEvent } from '../../domain/analytics/track-event.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { withoutNulls } from '../../domain/validation.js';
import { builder } from '../builder.js';
import { decodeId } from './ids.js';

const TrackEventInput = builder.inputType('TrackEventInput', {
  description: 'A studio analytics event.',
  fields: (t) => ({
    name: t.string({ required: true, description: `Event name: ${CLIENT_EVENTS.join(', ')}.` }),
    influencerId: t.id({ description: 'Global id of the influencer concerned.' }),
    properties: t.field({ type: 'JSON', description: 'Flat properties (string, number, boolean or null values; ≤ 30).' }),
  }),
});

const TrackEventPayload = builder.objectRef<{ recorded: boolean }>('TrackEventPayload').implement({
  description: 'Acknowledgement.',
  fields: (t) => ({ recorded: t.exposeBoolean('recorded', { description: 'The event was stored.' }) }),
});

builder.mutationField('trackEvent', (t) =>
  t.field({
    type: TrackEventPayload,
    description: 'Records a studio analytics event (studio_opened, scene_selected, …).',
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: { input: t.arg({ type: TrackEventInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { influencerId, ...rest } = withoutNulls(input);
      return { recorded: await trackEvent(ctx.app.db, ctx.viewer!.id, { ...rest, influencerId: influencerId ? decodeId(String(influencerId), 'Influencer') : undefined }) };
    },
  }),
);
