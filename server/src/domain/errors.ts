/** An expected failure the API reports as a typed result; unexpected ones are thrown and masked. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export interface InputIssue {
  path: string[];
  message: string;
}

/** The input is malformed or names an unknown preset/option. */
export class InvalidInputError extends DomainError {
  readonly code = 'INVALID_INPUT';
  constructor(
    message: string,
    readonly issues: InputIssue[] = [{ path: [], message }],
  ) {
    super(message);
  }
}

/** The id does not exist — or belongs to another user, which must look exactly the same. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} not found`);
  }
}

/** The user's credit balance cannot cover the price. */
export class InsufficientCreditsError extends DomainError {
  readonly code = 'INSUFFICIENT_CREDITS';
  constructor(
    readonly required: number,
    readonly available: number,
  ) {
    super(`This needs ${required} credits; you have ${available}.`);
  }
}

/** Too many requests in the current window. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; try again in ${retryAfterSeconds} s.`);
  }
}

/** NSFW was requested for an influencer (or user) that does not allow it. */
export class NsfwNotAllowedError extends DomainError {
  readonly code = 'NSFW_NOT_ALLOWED';
  constructor(message = 'NSFW is not enabled for this influencer.') {
    super(message);
  }
}

/** The action does not fit the current state (e.g. cancelling a finished job). */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}
