import { createApiToken, revokeApiToken } from '../../domain/auth/api-tokens.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import type { ApiToken as ApiTokenRow } from '../../generated/prisma/client.js';
import { builder } from '../builder.js';
import { decodeId, ownerId } from './ids.js';
import { Viewer } from './viewer.js';

export const ApiToken = builder.prismaNode('ApiToken', {
  description: 'A token for scripts: `Authorization: Bearer <secret>`. The secret is shown only once.',
  id: { field: 'id', description: 'Global id of the token.' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, userId: ownerId(ctx) }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Label given at creation.' }),
    prefix: t.exposeString('prefix', { description: 'First characters of the secret, to tell tokens apart.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Last request made with it (minute precision).' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When it was revoked; revoked tokens stop working at once.' }),
  }),
});

builder.prismaObjectField(Viewer, 'apiTokens', (t) =>
  t.relation('apiTokens', {
    description: "The viewer's API tokens, newest first.",
    query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
  }),
);

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  description: 'A new API token.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Label, e.g. "nightly batch script".' }),
  }),
});

const CreateApiTokenPayload = builder.objectRef<{ secret: string; token: ApiTokenRow }>('CreateApiTokenPayload').implement({
  description: 'The created token and its secret.',
  fields: (t) => ({
    secret: t.exposeString('secret', { description: 'The secret: store it now, it is never shown again.' }),
    token: t.field({ type: ApiToken, description: 'The token record.', resolve: (p) => p.token }),
  }),
});

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: CreateApiTokenPayload,
    description: 'Creates an API token for scripts.',
    authScopes: { authenticated: true },
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: async (_root, { input }, ctx) => createApiToken(ctx.app.db, ctx.viewer!.id, input.name),
  }),
);

const RevokeApiTokenInput = builder.inputType('RevokeApiTokenInput', {
  description: 'The token to revoke.',
  fields: (t) => ({ id: t.id({ required: true, description: 'Global id of the token.' }) }),
});

const RevokeApiTokenPayload = builder.objectRef<{ token: ApiTokenRow }>('RevokeApiTokenPayload').implement({
  description: 'The revoked token.',
  fields: (t) => ({
    token: t.field({ type: ApiToken, description: 'The token, now with revokedAt set.', resolve: (p) => p.token }),
  }),
});

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: RevokeApiTokenPayload,
    description: 'Revokes an API token; requests with it fail from now on.',
    authScopes: { authenticated: true },
    errors: { types: [NotFoundError, InvalidInputError] },
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      token: await revokeApiToken(ctx.app.db, ctx.viewer!.id, decodeId(input.id, 'ApiToken')),
    }),
  }),
);
