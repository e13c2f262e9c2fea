import type { Db } from '../../db/client.js';
import { creditBalance } from '../credits/ledger.js';
import { parseInput } from '../validation.js';
import { generationRequestSchema, generationSettings } from './request.js';

const quoteSchema = generationRequestSchema.pick({ aspectRatio: true, quality: true, count: true });

/** The exact price the studio shows before Generate, and whether the balance covers it. */
export async function creditQuote(db: Db, userId: string, input: unknown) {
  const r = parseInput(quoteSchema, input);
  const s = generationSettings(r, 'flux_dev');
  const balance = await creditBalance(db, userId);
  return { pricePerImage: s.pricePerImage, count: r.count, total: s.total, balance, affordable: balance >= s.total };
}
