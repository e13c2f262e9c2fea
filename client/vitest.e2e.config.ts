import { defineConfig } from 'vitest/config';

/** End-to-end tests: real server + built studio + headless Chromium, one file at a time. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
