import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Applies migrations in a short-lived child process (bundled dist/migrate.js, or the TS source). */
export function migrateInChild(url: string, settings: Record<string, string> = {}): Promise<string[]> {
  const here = fileURLToPath(import.meta.url);
  const bundled = here.endsWith('.js');
  const entry = path.join(path.dirname(here), bundled ? 'migrate.js' : 'migrate.ts');
  const args = bundled ? [entry] : ['--import', 'tsx', entry];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, MIGRATE_DATABASE_URL: url, MIGRATE_SETTINGS: JSON.stringify(settings) }, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`migrations failed: ${stderr || error.message}`));
        try {
          resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[]);
        } catch {
          reject(new Error(`migrations printed no result: ${stdout}${stderr}`));
        }
      },
    );
  });
}
