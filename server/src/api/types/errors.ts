import { ConflictError, DomainError, InsufficientCreditsError, InvalidInputError, NotFoundError, NsfwNotAllowedError, RateLimitedError } from '../../domain/errors.js';
import { builder } from '../builder.js';

/** The interface every typed error result implements. */
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure of a mutation or query, returned as data rather than thrown.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, in words for a person.' }),
    code: t.exposeString('code', { description: 'Stable machine-readable code, e.g. NOT_FOUND.' }),
  }),
});

const InputIssue = builder.objectRef<{ path: string[]; message: string }>('InputIssue').implement({
  description: 'One problem with one input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the field within the input, e.g. ["input","count"].' }),
    message: t.exposeString('message', { description: 'What is wrong with it.' }),
  }),
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInput',
  description: 'The input is malformed or names an unknown preset or option.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    issues: t.field({ type: [InputIssue], description: 'Every problem found.', resolve: (e) => e.issues }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFound',
  description: 'Nothing with this id exists for you.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    entity: t.exposeString('entity', { description: 'Kind of thing looked for.' }),
    id: t.exposeString('id', { description: 'The id given.' }),
  }),
});

builder.objectType(InsufficientCreditsError, {
  name: 'InsufficientCredits',
  description: 'The balance cannot cover the price.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    required: t.exposeInt('required', { description: 'Credits the action costs.' }),
    available: t.exposeInt('available', { description: 'Credits available now.' }),
  }),
});

builder.objectType(RateLimitedError, {
  name: 'RateLimited',
  description: 'Too many requests; retry later.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', { description: 'Seconds until a retry can succeed.' }),
  }),
});

builder.objectType(NsfwNotAllowedError, {
  name: 'NsfwNotAllowed',
  description: 'NSFW content was requested where it is not enabled.',
  interfaces: [ErrorInterface],
});

builder.objectType(ConflictError, {
  name: 'Conflict',
  description: 'The action does not fit the current state.',
  interfaces: [ErrorInterface],
});

/** Error types most mutations can return. */
export const commonErrors = [InvalidInputError, NotFoundError] as const;
