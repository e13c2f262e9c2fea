import { creditBalance } from '../../domain/credits/ledger.js';
import { builder } from '../builder.js';
import { ownerId } from './ids.js';

export const Viewer = builder.prismaNode('User', {
  name: 'Viewer',
  description: 'The authenticated user.',
  id: { field: 'id', description: 'Global id of the user.' },
  nullable: true,
  // Only ever the viewer themself: any other user id is not found.
  findUnique: (id, ctx) => ({ id, AND: [{ id: ownerId(ctx) }] }),
  fields: (t) => ({
    displayName: t.exposeString('displayName', { description: 'Name shown in the studio.' }),
    email: t.exposeString('email', { nullable: true, description: 'E-mail from Supabase Auth, if any.' }),
    isDemo: t.exposeBoolean('isDemo', { description: 'The seeded demo user of embedded mode.' }),
    adultConfirmed: t.exposeBoolean('adultConfirmed', { description: 'Confirmed to be an adult (needed for NSFW).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the account was created.' }),
    credits: t.int({
      description: 'Credit balance: the sum of the credit ledger (reservations included).',
      resolve: (user, _args, ctx) => creditBalance(ctx.app.db, user.id),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.prismaField({
    type: 'User',
    nullable: true,
    description: 'The authenticated user, or null without credentials.',
    resolve: (query, _root, _args, ctx) => (ctx.viewer ? ctx.app.db.user.findUnique({ ...query, where: { id: ctx.viewer.id } }) : null),
  }),
);
