import { createApiToken } from '../../src/domain/auth/api-tokens.js';
import { createUser } from '../../src/domain/auth/users.js';
import type { Db } from '../../src/db/client.js';

/** A user with starting credits and an API token: `{ user, token }`. */
export async function createUserWithToken(db: Db, name = 'Creator', credits = 100) {
  const user = await createUser(db, { displayName: name }, credits);
  const { secret } = await createApiToken(db, user.id, `${name} token`);
  return { user, token: secret };
}
