import { confirmAdult } from '../../domain/auth/confirm-adult.js';
import type { User } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { Viewer } from './viewer.js';

const ConfirmAdultInput = builder.inputType('ConfirmAdultInput', {
  description: 'Your confirmation that you are 18 or older.',
  fields: (t) => ({ confirmed: t.boolean({ required: true, description: 'True to confirm, false to withdraw.' }) }),
});

const ConfirmAdultPayload = builder.objectRef<{ viewer: User }>('ConfirmAdultPayload').implement({
  description: 'You, with adultConfirmed updated.',
  fields: (t) => ({ viewer: t.field({ type: Viewer, description: 'The viewer.', resolve: (p) => p.viewer }) }),
});

builder.mutationField('confirmAdult', (t) =>
  t.field({
    type: ConfirmAdultPayload,
    description: 'Confirms (or withdraws) that you are an adult: NSFW packs need it as well as the influencer allowing NSFW.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: ConfirmAdultInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ viewer: await confirmAdult(ctx.app.db, ctx.viewer!.id, input.confirmed) }),
  }),
);
