import type { Db } from '../../db/client.js';
import { createApiToken, hashToken } from './api-tokens.js';
import { createUser } from './users.js';

/** Fixed id of the embedded-mode demo user. */
export const DEMO_USER_ID = '00000000-0000-4000-8000-000000000001';

/**
 * Ensures the demo user exists and that `secret` is one of its live API tokens (embedded mode:
 * the studio and scripts work out of the box).
 */
export async function ensureDemoUser(db: Db, secret: string, startingCredits: number) {
  let user = await db.user.findUnique({ where: { id: DEMO_USER_ID } });
  if (!user) {
    user = await createUser(db, { id: DEMO_USER_ID, displayName: 'Demo creator', isDemo: true }, startingCredits).catch(async (e) => {
      const again = await db.user.findUnique({ where: { id: DEMO_USER_ID } });
      if (!again) throw e;
      return again;
    });
  }
  const existing = await db.apiToken.findUnique({ where: { tokenHash: hashToken(secret) } });
  if (!existing) await createApiToken(db, user.id, 'Dev token (embedded mode)', secret);
  else if (existing.revokedAt || existing.userId !== user.id) throw new Error('The configured dev token is revoked or belongs to another user.');
  return user;
}
