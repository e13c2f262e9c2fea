import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type App, type AppOptions } from '../../src/main/app.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp extends App {
  db: TestDatabase;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The real composition root on a fresh cloned database, an ephemeral port and a temp DATA_DIR.
 * No worker unless asked for.
 */
export async function startTestApp(options: AppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'studio-test-'));
  const app = await startApp({
    worker: false,
    ...options,
    env: {
      DATABASE_URL: db.url,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SEED_DEMO_USER: 'true',
      // The local GPU's face-reference renders drift toward another face; about 1 in 100 lands under
      // the threshold by itself. Tests of other features must not get a random re-render (extra
      // events, attempts and GPU cost): the identity tests turn it on.
      IDENTITY_RETRY: 'off',
      // Background GPU work of its own (sheet, training) only where a test asks for it.
      LORA_PIPELINE: 'off',
      ...options.env,
    },
  });
  return {
    ...app,
    db,
    dataDir,
    async close() {
      await app.stop();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
