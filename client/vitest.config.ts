import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

/** Component tests: jsdom + Solid's browser build. */
export default defineConfig({
  plugins: [solid()],
  resolve: { conditions: ['development', 'browser'] },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
