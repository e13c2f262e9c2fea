import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { runPack } from '../helpers/packs.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';

const CostDoc = graphql(`
  query GpuCost($id: ID!) {
    generationJob(id: $id) {
      gpuSeconds
      gpuCostUsd
      images {
        index
        attempts
        gpuExecutionMs
        gpuCostUsd
        asset {
          gpuSeconds
          gpuCostUsd
        }
      }
    }
    metrics(days: 1) {
      __typename
      ... on Metrics {
        gpuSeconds
        gpuCostUsd
        daily {
          day
          gpuCostUsd
        }
      }
    }
  }
`);

const PRICE = 0.0004; // USD per second, configured for the SFW image endpoint
const STEP_MS = 15; // the local GPU's fixed latency per sampling step

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { LOCAL_GPU_STEP_MS: String(STEP_MS), GPU_PRICE_IMAGE_USD_PER_S: String(PRICE), GPU_RETRY_BACKOFF_MS: '20' } });
});
afterAll(() => app?.close());

describe('GPU cost', () => {
  it('is execution seconds × the configured price, per attempt (failed ones too), summed exactly on images, the pack, assets and metrics', async () => {
    const { user, token } = await createUserWithToken(app.services.db, 'CostWatcher', 100);
    const influencerId = await influencerWithFace(app, token);
    // One transient failure mid-sampling: that attempt ran (and is paid) before it failed.
    app.localGpu!.configure('image', { failures: [{ kind: 'transient', times: 1 }] });
    const { job } = await runPack(app, token, { influencerId, scene: 'beach_day', environment: 'beach', count: 3 });
    app.localGpu!.configure('image', { failures: [] });
    expect(job.status).toBe('COMPLETED');

    const attempts = await app.services.db.gpuJobAttempt.findMany({ where: { gpuJob: { userId: user.id } } });
    expect(attempts).toHaveLength(4);
    // Draft is 20 steps at a fixed 15 ms: every completed attempt ran at least that long.
    for (const a of attempts.filter((x) => x.runpodStatus === 'COMPLETED')) expect(a.executionMs!).toBeGreaterThanOrEqual(20 * STEP_MS);
    for (const a of attempts) expect(a.costUsdMicros).toBe(Math.round(a.executionMs! * PRICE * 1000));
    const totalMs = attempts.reduce((n, a) => n + a.executionMs!, 0);
    const totalMicros = attempts.reduce((n, a) => n + a.costUsdMicros!, 0);
    expect(totalMicros).toBeGreaterThan(0);

    const r = await executeOk(app.yoga, CostDoc, { id: job.id }, { token });
    const pack = r.generationJob!;
    expect(pack.gpuSeconds).toBe(totalMs / 1000);
    expect(Math.round(pack.gpuCostUsd * 1e6)).toBe(totalMicros);
    expect(pack.images.reduce((n, i) => n + i.attempts, 0)).toBe(4);
    expect(Math.round(pack.images.reduce((n, i) => n + i.gpuCostUsd * 1e6, 0))).toBe(totalMicros);
    for (const image of pack.images) {
      expect(image.asset!.gpuCostUsd).toBe(image.gpuCostUsd);
      expect(image.asset!.gpuSeconds! * 1000).toBe(image.gpuExecutionMs);
    }
    expect(r.metrics).toMatchObject({ __typename: 'Metrics', gpuSeconds: totalMs / 1000 });
    const metrics = r.metrics as { gpuCostUsd: number; daily: Array<{ day: string; gpuCostUsd: number }> };
    expect(Math.round(metrics.gpuCostUsd * 1e6)).toBe(totalMicros);
    // Per day: the whole cost falls on today (UTC), and the window's other day is a real zero.
    const today = new Date(new Date().toISOString().slice(0, 10)).toISOString();
    expect(metrics.daily.map((d) => [d.day, Math.round(d.gpuCostUsd * 1e6)])).toContainEqual([today, totalMicros]);
    expect(Math.round(metrics.daily.reduce((n, d) => n + d.gpuCostUsd * 1e6, 0))).toBe(totalMicros);
  });
});
