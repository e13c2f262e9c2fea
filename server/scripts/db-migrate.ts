import { parseEnv } from '../src/config/env.js';
import { resolveDatabase } from '../src/db/resolve-database.js';

// Applies pending migrations to DATABASE_URL (or the embedded PostgreSQL) and exits.
const env = parseEnv();
const db = await resolveDatabase(env, (m) => console.log(m));
console.log(`database is up to date (${db.embedded ? 'embedded' : 'DATABASE_URL'})`);
await db.stop();
