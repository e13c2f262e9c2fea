import type { Env } from '../config/env.js';
import type { Database } from '../db/client.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { JwtVerifier } from '../providers/auth/jwt.js';

/** Long-lived services of one process, created by a composition root and handed down. */
export interface AppServices {
  env: Env;
  db: PrismaClient;
  database: Database;
  jwt: JwtVerifier | null;
  log: (msg: string) => void;
}
