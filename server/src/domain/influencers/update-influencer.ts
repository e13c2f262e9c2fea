import type { Db } from '../../db/client.js';
import { NotFoundError } from '../errors.js';
import { parseInput, withoutNulls } from '../validation.js';
import { influencerFieldsSchema } from './appearance.js';

const updateSchema = influencerFieldsSchema.partial();

/** Updates the given fields of one of the user's influencers; absent fields stay as they are. */
export async function updateInfluencer(db: Db, userId: string, influencerId: string, input: unknown) {
  const patch = parseInput(updateSchema, withoutNulls(input));
  const { count } = await db.influencer.updateMany({ where: { id: influencerId, userId }, data: patch });
  if (count === 0) throw new NotFoundError('Influencer', influencerId);
  return db.influencer.findUniqueOrThrow({ where: { id: influencerId } });
}
