import { parseEnv } from '../src/config/env.js';
import { resolveDatabase } from '../src/db/resolve-database.js';
import { diffMigrationsToSchema, writeMigration } from '../src/db/migrations.js';

// Writes prisma/migrations/<timestamp>_<name>/migration.sql taking the migrations to schema.prisma
// (offline, through the WebAssembly schema engine and a scratch shadow database).
const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: pnpm db:diff <migration_name>');
  process.exit(2);
}
const db = await resolveDatabase(parseEnv(), () => {});
const sql = await diffMigrationsToSchema(db.url);
if (!sql.trim()) console.log('schema.prisma and the migrations agree: nothing to write');
else console.log(`wrote ${await writeMigration(name, sql)}`);
await db.stop();
