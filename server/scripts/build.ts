import { build } from 'esbuild';
import path from 'node:path';

// Bundles the composition roots into dist/ (our code, the local GPU package and the generated
// Prisma client; npm packages stay external). Production runs these: less memory and a faster
// start than transpiling on the fly.
const root = path.resolve(import.meta.dirname, '..');
await build({
  entryPoints: {
    ...Object.fromEntries(['start', 'api', 'worker', 'migrate'].map((e) => [e, path.join(root, `src/main/${e}.ts`)])),
    // The face models' worker thread: started by providers/faces next to the bundle that uses it.
    'face-worker': path.join(root, 'src/providers/faces/face-worker.ts'),
  },
  outdir: path.join(root, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // Workspace packages ship TypeScript sources: bundle them (the rest of node_modules stays external).
  plugins: [
    {
      name: 'workspace-sources',
      setup(b) {
        b.onResolve({ filter: /^@content-studio\/local-gpu(\/.*)?$/ }, (args) => {
          const sub = args.path.slice('@content-studio/local-gpu'.length);
          return { path: path.join(root, 'local-gpu/src', sub ? `${sub.slice(1)}/index.ts` : 'index.ts') };
        });
      },
    },
  ],
  sourcemap: true,
  logLevel: 'warning',
});
console.log('built server/dist');
