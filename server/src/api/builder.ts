import SchemaBuilder from '@pothos/core';
import { GraphQLError } from 'graphql';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { InvalidInputError } from '../domain/errors.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { Context } from './context.js';

/** Builder setup only; types live in ./types. */
export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean };
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    Upload: { Input: File; Output: never };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ValidationPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({ authenticated: ctx.viewer !== null }),
    unauthorizedError: () => new UnauthenticatedError(),
  },
  // directResult: a mutation returns `CreateInfluencerPayload | InvalidInput | …`, no wrapper.
  errors: { defaultTypes: [], unsafelyHandleInputErrors: true, directResult: true },
  validation: {
    validationError: (result) =>
      new InvalidInputError(
        result.issues[0]?.message ?? 'Invalid input',
        result.issues.map((i) => ({
          path: (i.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)),
          message: i.message,
        })),
      ),
  },
  prisma: {
    client: (ctx) => ctx.app.db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
  },
});

/** Deliberate client-facing error for missing credentials (shown, not masked). */
export class UnauthenticatedError extends GraphQLError {
  constructor() {
    super('Authentication required: send Authorization: Bearer <API token or Supabase JWT>.', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}
