import { applyMigrations } from '../db/migrations.js';

// Applies pending migrations to MIGRATE_DATABASE_URL and prints the applied names as JSON. Run as
// a child process at start, so the schema engine's ~60 MB of wasm never stays in the server. The
// URL comes by environment, not argv, so its password never shows in the process list.
const url = process.env.MIGRATE_DATABASE_URL;
if (!url) {
  console.error('MIGRATE_DATABASE_URL is required');
  process.exit(2);
}
const settings = JSON.parse(process.env.MIGRATE_SETTINGS || '{}') as Record<string, string>;
applyMigrations(url, settings).then(
  (applied) => {
    process.stdout.write(`${JSON.stringify(applied)}\n`);
    process.exit(0);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
