import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { NotFoundError } from '../errors.js';
import { parseInput } from '../validation.js';
import { recordEvent } from './record-event.js';

/** Events the studio may send (the spec's UI events); server facts are recorded by the server. */
export const CLIENT_EVENTS = ['studio_opened', 'scene_selected', 'environment_selected', 'outfit_changed', 'hd_mode_unlocked_notification', 'image_edit_opened'] as const;

const schema = z.object({
  name: z.enum(CLIENT_EVENTS, { message: `Unknown event; one of ${CLIENT_EVENTS.join(', ')}` }),
  influencerId: z.string().uuid().nullish(),
  properties: z
    .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
    .refine((p) => Object.keys(p).length <= 30, 'At most 30 properties')
    .nullish(),
});

/** Records a client analytics event for the viewer (the influencer, if given, must be theirs). */
export async function trackEvent(db: Db, userId: string, input: unknown) {
  const e = parseInput(schema, input);
  if (e.influencerId) {
    const owned = await db.influencer.findFirst({ where: { id: e.influencerId, userId }, select: { id: true } });
    if (!owned) throw new NotFoundError('Influencer', e.influencerId);
  }
  await recordEvent(db, {
    userId,
    influencerId: e.influencerId,
    name: e.name,
    source: 'client',
    properties: { ...(e.properties ?? {}), ...(e.influencerId ? { influencer_id: e.influencerId } : {}) },
  });
  return true;
}
