import { isAdmin } from '../../domain/auth/is-admin.js';
import { grantCreditsToUser, type CreditGrant } from '../../domain/credits/grant-to-user.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import type { User } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { tryDecode } from './ids.js';
import { Viewer } from './viewer.js';

const GrantCreditsInput = builder.inputType('GrantCreditsInput', {
  description: 'Credits to give a user (admins only: ADMIN_USER_IDS).',
  fields: (t) => ({
    user: t.string({ required: true, description: "The user's id (UUID or global id) or e-mail." }),
    amount: t.int({ required: true, description: 'Credits to add, greater than 0.' }),
    reason: t.string({ required: false, description: 'Why, kept in the credit ledger (at most 200 characters).' }),
  }),
});

const GrantCreditsPayload = builder.objectRef<CreditGrant & { viewer: User }>('GrantCreditsPayload').implement({
  description: 'The grant that was booked.',
  fields: (t) => ({
    userId: t.globalID({ description: 'Global id of the user who received the credits.', resolve: (p) => ({ type: 'Viewer', id: p.user.id }) }),
    granted: t.exposeInt('granted', { description: 'Credits added.' }),
    balance: t.exposeInt('balance', { description: "The user's balance after the grant." }),
    viewer: t.field({ type: Viewer, description: 'You (your balance changes too when you granted yourself).', resolve: (p) => p.viewer }),
  }),
});

builder.mutationField('grantCredits', (t) =>
  t.field({
    type: GrantCreditsPayload,
    description: 'Gives a user credits as a ledger entry of kind grant. Admins only; for anyone else the user is not found.',
    authScopes: { authenticated: true },
    errors: { types: [NotFoundError, InvalidInputError] },
    args: { input: t.arg({ type: GrantCreditsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      // Not an admin: answer exactly like an unknown user, so the mutation reveals nothing.
      if (!isAdmin(ctx.app.env, ctx.viewer!.id)) throw new NotFoundError('User', input.user);
      const user = tryDecode(input.user, 'Viewer') ?? input.user;
      const grant = await grantCreditsToUser(ctx.app.db, { user, amount: input.amount, reason: input.reason, grantedBy: `admin ${ctx.viewer!.id}` });
      return { ...grant, viewer: await ctx.app.db.user.findUniqueOrThrow({ where: { id: ctx.viewer!.id } }) };
    },
  }),
);
