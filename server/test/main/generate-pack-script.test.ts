import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

const run = promisify(execFile);
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { LOCAL_GPU_STEP_MS: '2' } });
});
afterAll(() => app?.close());

describe('scripts/generate-pack.ts (the README example)', () => {
  it('creates an influencer when needed, generates a pack with an API token and prints progress from the subscription', async () => {
    const script = path.resolve(import.meta.dirname, '../../scripts/generate-pack.ts');
    const tsx = path.resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
    const { stdout } = await run(tsx, [script, '--url', app.url, '--count', '3'], { env: { ...process.env, STUDIO_TOKEN: app.devToken! }, timeout: 60_000 });
    expect(stdout).toContain('created influencer "Script Demo"');
    expect(stdout).toMatch(/GenerationSnapshot/);
    expect(stdout).toMatch(/3 of 3 done/);
    expect(stdout).toContain('pack completed');
    expect(await app.services.db.imageAsset.count({ where: { kind: 'generated' } })).toBe(3);
  });
});
