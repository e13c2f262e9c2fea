import type { Db, Tx } from '../../db/client.js';
import type { LedgerKind } from '../../generated/prisma/enums.js';

/** A user's balance: the sum of their ledger (never a mutable number alone). */
export async function creditBalance(db: Db | Tx, userId: string): Promise<number> {
  const { _sum } = await db.creditLedgerEntry.aggregate({ where: { userId }, _sum: { amount: true } });
  return _sum.amount ?? 0;
}

/**
 * Appends an entry at most once per `dedupeKey` (unique in the table); returns false when that
 * key was already booked, so retried tasks and racing requests never book twice.
 */
export async function bookEntry(
  tx: Db | Tx,
  entry: { userId: string; kind: LedgerKind; amount: number; dedupeKey: string; generationJobId?: string; editJobId?: string; note?: string },
): Promise<boolean> {
  const { count } = await tx.creditLedgerEntry.createMany({ data: [entry], skipDuplicates: true });
  return count === 1;
}

/** Grants credits (welcome credits, top-ups). */
export function grantCredits(tx: Db | Tx, userId: string, amount: number, dedupeKey: string, note: string) {
  return bookEntry(tx, { userId, kind: 'grant', amount, dedupeKey, note });
}

/**
 * Serialises credit decisions of one user inside a transaction (advisory lock on the user id),
 * so two concurrent reservations cannot both spend the same balance.
 */
export async function lockUserCredits(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${userId}, 42))`;
}
