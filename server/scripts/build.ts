import { build } from 'esbuild';
import path from 'node:path';

// Bundles the composition roots into dist/ (our code + the generated Prisma client; packages stay
// external). Production runs these: less memory and a faster start than transpiling on the fly.
const root = path.resolve(import.meta.dirname, '..');
await build({
  entryPoints: ['start', 'api', 'worker', 'migrate'].map((e) => path.join(root, `src/main/${e}.ts`)),
  outdir: path.join(root, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log('built server/dist');
