import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/** Fault suite: slower cases (process kills, 200-image runs, restarts). `pnpm test:faults`. */
export default defineConfig({
  resolve: base.resolve,
  test: {
    ...base.test,
    include: ['test/faults/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 240_000,
    fileParallelism: false,
  },
});
