// Builds the studio when client/dist is missing or older than any source it is built from, so
// `pnpm start` and the e2e tests always serve the current studio without rebuilding needlessly.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'index.html');
const inputs = ['src', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json', '../schema.graphql'];

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((max, name) => Math.max(max, newest(path.join(p, name))), s.mtimeMs);
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...inputs.map((i) => newest(path.join(root, i))));
if (builtAt >= sourcesAt) {
  console.log('[studio] client/dist is up to date');
} else {
  console.log(builtAt ? '[studio] client sources changed: building the studio' : '[studio] building the studio (client/dist missing)');
  const r = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
