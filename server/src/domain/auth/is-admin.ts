import type { Env } from '../../config/env.js';

/** Whether the user may use admin-only operations: their id is listed in ADMIN_USER_IDS. */
export function isAdmin(env: Pick<Env, 'ADMIN_USER_IDS'>, userId: string): boolean {
  return env.ADMIN_USER_IDS.includes(userId);
}
