import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { User } from '../../generated/prisma/client.js';
import { recordEvent } from '../analytics/record-event.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { creditBalance, grantCredits, lockUserCredits } from './ledger.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The largest single grant: a typo of a few extra digits should not mint millions. */
export const MAX_GRANT = 1_000_000;

export interface CreditGrant {
  user: User;
  granted: number;
  balance: number;
}

/**
 * Gives a user credits (a self-hoster's CLI, an admin's mutation): one ledger entry of kind grant,
 * never a balance write. The user is named by id or e-mail (case-insensitive); `grantedBy` says who
 * gave them and is kept in the entry's note.
 */
export async function grantCreditsToUser(db: Db, input: { user: string; amount: number; reason?: string | null; grantedBy: string }): Promise<CreditGrant> {
  const { amount } = input;
  if (!Number.isInteger(amount) || amount <= 0)
    throw new InvalidInputError('The amount must be a whole number of credits greater than 0.', [{ path: ['amount'], message: 'must be > 0' }]);
  if (amount > MAX_GRANT) throw new InvalidInputError(`At most ${MAX_GRANT} credits per grant.`, [{ path: ['amount'], message: `must be ≤ ${MAX_GRANT}` }]);
  const reason = input.reason?.trim() || 'Credit grant';
  if (reason.length > 200) throw new InvalidInputError('The reason is limited to 200 characters.', [{ path: ['reason'], message: 'at most 200 characters' }]);
  const ref = input.user.trim();
  const matches = UUID.test(ref)
    ? await db.user.findMany({ where: { id: ref } })
    : ref.includes('@')
      ? await db.user.findMany({ where: { email: { equals: ref, mode: 'insensitive' } }, take: 2 })
      : [];
  if (matches.length === 0) throw new NotFoundError('User', ref);
  if (matches.length > 1) throw new InvalidInputError('Several users have this e-mail; give the user id instead.', [{ path: ['user'], message: 'ambiguous e-mail' }]);
  const user = matches[0]!;
  return db.$transaction(async (tx) => {
    await lockUserCredits(tx, user.id);
    await grantCredits(tx, user.id, amount, `grant:${randomUUID()}`, `${reason} (by ${input.grantedBy})`);
    await recordEvent(tx, { userId: user.id, name: 'credits_granted', source: 'server', properties: { amount, grantedBy: input.grantedBy } });
    return { user, granted: amount, balance: await creditBalance(tx, user.id) };
  });
}
