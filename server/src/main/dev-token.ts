import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataDir, type Env } from '../config/env.js';
import { isApiTokenSecret, newTokenSecret } from '../domain/auth/api-tokens.js';

/**
 * The demo user's token: STUDIO_DEV_TOKEN when set, else one generated once and kept (0600) in
 * DATA_DIR so it survives restarts.
 */
export async function devTokenFor(env: Env): Promise<string> {
  if (env.STUDIO_DEV_TOKEN) {
    if (!isApiTokenSecret(env.STUDIO_DEV_TOKEN)) throw new Error('STUDIO_DEV_TOKEN must start with "cs_"');
    return env.STUDIO_DEV_TOKEN;
  }
  const file = path.join(dataDir(env), 'dev-token');
  const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (isApiTokenSecret(existing)) return existing;
  const secret = newTokenSecret();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}
