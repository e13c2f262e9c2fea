import { createHash, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../db/client.js';
import type { User } from '../../generated/prisma/client.js';
import { InvalidInputError, NotFoundError } from '../errors.js';

const PREFIX = 'cs_';

/** SHA-256 of a token secret; the only form in which secrets are stored. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** True when a bearer credential has the shape of one of our API tokens (vs a JWT). */
export const isApiTokenSecret = (s: string) => s.startsWith(PREFIX);

export function newTokenSecret(): string {
  return PREFIX + randomBytes(24).toString('base64url');
}

/** Creates an API token; the secret is returned once and never stored. */
export async function createApiToken(db: Db | Tx, userId: string, name: string, secret = newTokenSecret()) {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) {
    throw new InvalidInputError('Token name must be 1–100 characters.', [{ path: ['name'], message: 'Must be 1–100 characters.' }]);
  }
  if (!isApiTokenSecret(secret) || secret.length < 20) throw new InvalidInputError('Malformed token secret.');
  const token = await db.apiToken.create({
    data: { userId, name: trimmed, prefix: secret.slice(0, PREFIX.length + 6), tokenHash: hashToken(secret) },
  });
  return { token, secret };
}

/** Revokes one of the user's tokens; another user's token is not found. */
export async function revokeApiToken(db: Db, userId: string, tokenId: string) {
  const token = await db.apiToken.findFirst({ where: { id: tokenId, userId } });
  if (!token) throw new NotFoundError('ApiToken', tokenId);
  if (token.revokedAt) return token;
  return db.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
}

/**
 * The user owning a live token, or null; records the last use (at most once a minute). One
 * statement: every authenticated request (and every WebSocket operation) starts here.
 */
export async function userForApiToken(db: Db, secret: string): Promise<User | null> {
  const [found] = await db.$queryRaw<(User & { tokenId: string; lastUsedAt: Date | null })[]>`
    SELECT u.id, u.email, u."displayName", u."isDemo", u."adultConfirmed", u."createdAt", t.id AS "tokenId", t."lastUsedAt"
    FROM "ApiToken" t JOIN "User" u ON u.id = t."userId"
    WHERE t."tokenHash" = ${hashToken(secret)} AND t."revokedAt" IS NULL`;
  if (!found) return null;
  const { tokenId, lastUsedAt, ...user } = found;
  if (!lastUsedAt || Date.now() - lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: new Date() } });
  }
  return user;
}
