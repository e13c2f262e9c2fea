import { afterEach, describe, expect, it } from 'vitest';
import { startApp } from '../../src/main/app.js';
import { AssetDoc } from '../api/generation-documents.js';
import { startFakeSupabaseStorage, type FakeSupabaseStorage } from '../fakes/supabase-storage.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { influencerWithFace } from '../helpers/studio.js';

let fake: FakeSupabaseStorage | undefined;
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  await fake?.close();
  app = fake = undefined;
});

const supabaseEnv = (f: FakeSupabaseStorage, over: Record<string, string> = {}) => ({
  SUPABASE_URL: f.url,
  SUPABASE_SERVICE_KEY: f.serviceKey,
  STORAGE_BUCKET: 'studio-a',
  STORAGE_ADULT_BUCKET: 'studio-a-adult',
  ...over,
});

describe('the app on Supabase Storage', () => {
  it('creates both buckets at start on a fresh project (assets public, adult private) and can upload at once', async () => {
    fake = await startFakeSupabaseStorage({ buckets: {} });
    app = await startTestApp({ env: supabaseEnv(fake) });
    expect(fake.bucket('studio-a')).toEqual({ public: true });
    expect(fake.bucket('studio-a-adult')).toEqual({ public: false });
    await influencerWithFace(app, app.devToken!);
    expect(fake.objects('studio-a')).toHaveLength(2);
  });

  it('refuses to start with a rejected service key, saying which variable to fix', async () => {
    fake = await startFakeSupabaseStorage();
    await expect(
      startTestApp({ env: supabaseEnv(fake, { SUPABASE_SERVICE_KEY: 'sb_secret_not_a_jws', STORAGE_BUCKET: 'assets', STORAGE_ADULT_BUCKET: 'assets-adult' }) }),
    ).rejects.toThrow(/Invalid Compact JWS.*SUPABASE_SERVICE_KEY/);
  });

  it('records the bucket with each asset: a new STORAGE_BUCKET does not re-point old assets', async () => {
    fake = await startFakeSupabaseStorage({ buckets: {} });
    app = await startTestApp({ env: supabaseEnv(fake) });
    await influencerWithFace(app, app.devToken!);
    const row = await app.services.db.imageAsset.findFirstOrThrow({ where: { kind: 'base' } });
    expect(row.storageBucket).toBe('studio-a');
    await app.stop();

    // The same database, re-configured: new assets go to studio-b, the old one stays where it is.
    const again = await startApp({
      worker: false,
      env: {
        DATABASE_URL: app.db.url,
        PORT: '0',
        DATA_DIR: app.dataDir,
        LOG_LEVEL: 'silent',
        SEED_DEMO_USER: 'true',
        ...supabaseEnv(fake, { STORAGE_BUCKET: 'studio-b', STORAGE_ADULT_BUCKET: 'studio-b-adult' }),
      },
    });
    try {
      const id = Buffer.from(`ImageAsset:${row.id}`).toString('base64');
      const { asset } = await executeOk(again.yoga, AssetDoc, { id }, { token: again.devToken! });
      expect(asset!.url).toBe(`${fake.url}/storage/v1/object/public/studio-a/${row.storageKey}`);
      const res = await fetch(asset!.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(again.services.storage.buckets).toEqual({ regular: 'studio-b', adult: 'studio-b-adult' });
    } finally {
      await again.stop();
    }
  });
});
