import type { Db } from '../../db/client.js';
import { parseInput } from '../validation.js';
import { influencerFieldsSchema } from './appearance.js';

const createSchema = influencerFieldsSchema.partial({ style: true, nsfwEnabled: true }).transform((f) => ({
  ...f,
  style: f.style ?? 'realistic',
  nsfwEnabled: f.nsfwEnabled ?? false,
}));

/** Creates an influencer for `userId`; the base image comes separately (setBaseImage). */
export async function createInfluencer(db: Db, userId: string, input: unknown) {
  const data = parseInput(createSchema, input);
  return db.influencer.create({ data: { ...data, userId } });
}
