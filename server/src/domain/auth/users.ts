import type { Db, Tx } from '../../db/client.js';
import { grantCredits } from '../credits/ledger.js';

/** Creates a user with the starting credit grant, in one transaction. */
export async function createUser(db: Db, data: { id?: string; email?: string | null; displayName: string; isDemo?: boolean }, startingCredits: number) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { ...data, email: data.email ?? null } });
    await grantStartingCredits(tx, user.id, startingCredits);
    return user;
  });
}

async function grantStartingCredits(tx: Tx, userId: string, amount: number) {
  if (amount > 0) await grantCredits(tx, userId, amount, `welcome:${userId}`, 'Starting credits');
}

/**
 * The user behind a verified Supabase JWT, created on first sight. Concurrent first requests
 * race on the primary key; the loser re-reads.
 */
export async function userForJwtSubject(db: Db, sub: string, email: string | undefined, startingCredits: number) {
  const existing = await db.user.findUnique({ where: { id: sub } });
  if (existing) return existing;
  try {
    return await createUser(db, { id: sub, email, displayName: email?.split('@')[0] ?? 'Creator' }, startingCredits);
  } catch (e) {
    const again = await db.user.findUnique({ where: { id: sub } });
    if (again) return again;
    throw e;
  }
}
