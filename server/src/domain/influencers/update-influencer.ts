import type { Db } from '../../db/client.js';
import { NotFoundError } from '../errors.js';
import { parseInput } from '../validation.js';
import { influencerFieldsSchema } from './appearance.js';

const updateSchema = influencerFieldsSchema.partial();

/** Updates the given fields of one of the user's influencers; absent fields stay as they are. */
export async function updateInfluencer(db: Db, userId: string, influencerId: string, input: unknown) {
  const patch = parseInput(updateSchema, dropNulls(input));
  const { count } = await db.influencer.updateMany({ where: { id: influencerId, userId }, data: patch });
  if (count === 0) throw new NotFoundError('Influencer', influencerId);
  return db.influencer.findUniqueOrThrow({ where: { id: influencerId } });
}

/** GraphQL passes explicit nulls for omitted optional fields; they mean "unchanged". */
function dropNulls(input: unknown): unknown {
  if (!input || typeof input !== 'object') return input;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}
