import type { Db } from '../../db/client.js';
import { recordEvent } from '../analytics/record-event.js';

/** Records (or withdraws) the viewer's confirmation of being an adult, needed for NSFW packs. */
export async function confirmAdult(db: Db, userId: string, confirmed: boolean) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { adultConfirmed: confirmed } });
    await recordEvent(tx, { userId, name: 'adult_confirmation_changed', source: 'server', properties: { confirmed } });
    return user;
  });
}
