import { cleanup } from '@solidjs/testing-library';
import { afterEach } from 'vitest';

// jsdom has no layout: ResizeObserver is a no-op, sizes come from the tests' own stubs.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

afterEach(() => cleanup());
