import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { runPack } from '../helpers/packs.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';

const MetricsDoc = graphql(`
  query Metrics($influencerId: ID, $days: Int) {
    metrics(influencerId: $influencerId, days: $days) {
      __typename
      ... on Metrics {
        generations
        imagesRequested
        imagesCompleted
        imagesFailed
        successRate
        averageSecondsPerImage
        averageGpuSecondsPerImage
        outfitChangeRate
        studioOpens
        sceneDistribution {
          id
          count
          share
        }
        environmentDistribution {
          id
          count
        }
        weekly {
          weekStart
          studioOpens
          packs
          imagesCompleted
          imagesFailed
        }
      }
      ... on Error {
        code
      }
    }
  }
`);
const Track = graphql(`
  mutation MetricsTrack($input: TrackEventInput!) {
    trackEvent(input: $input) {
      __typename
    }
  }
`);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { LOCAL_GPU_STEP_MS: '1', RATE_LIMIT_GENERATIONS_PER_MIN: '100' } });
});
afterAll(() => app?.close());

describe('metrics', () => {
  it("reports the spec's key metrics from real packs, scoped to the viewer", async () => {
    const { token } = await createUserWithToken(app.services.db, 'Analyst', 100);
    const influencerId = await influencerWithFace(app, token);
    app.localGpu!.configure('image', { failures: [{ kind: 'permanent', times: 1 }] });
    await runPack(app, token, { influencerId, scene: 'beach_day', environment: 'beach', count: 5 });
    app.localGpu!.configure('image', { failures: [] });
    await runPack(app, token, { influencerId, scene: 'beach_day', environment: 'cafe', outfit: 'summer_dress', count: 1 });
    await runPack(app, token, { influencerId, scene: 'night_out', environment: 'cafe', count: 1 });
    await executeOk(app.yoga, Track, { input: { name: 'studio_opened', influencerId } }, { token });

    const r = await executeOk(app.yoga, MetricsDoc, { influencerId }, { token });
    if (r.metrics.__typename !== 'Metrics') throw new Error(JSON.stringify(r));
    const m = r.metrics;
    expect(m).toMatchObject({ generations: 3, imagesRequested: 7, imagesCompleted: 6, imagesFailed: 1, studioOpens: 1 });
    expect(m.successRate).toBeCloseTo(6 / 7);
    expect(m.outfitChangeRate).toBeCloseTo(1 / 3);
    expect(m.averageSecondsPerImage).toBeGreaterThan(0);
    expect(m.sceneDistribution[0]).toMatchObject({ id: 'beach_day', count: 2 });
    expect(m.sceneDistribution[0]!.share).toBeCloseTo(2 / 3);
    expect(m.environmentDistribution[0]).toMatchObject({ id: 'cafe', count: 2 });
    // Weekly buckets: every week of the 30-day window, Monday-aligned, this week holding it all.
    expect(m.weekly.length).toBeGreaterThanOrEqual(5);
    expect(m.weekly.every((w) => new Date(w.weekStart).getUTCDay() === 1)).toBe(true);
    expect(m.weekly.at(-1)).toMatchObject({ studioOpens: 1, packs: 3, imagesCompleted: 6, imagesFailed: 1 });
    expect(m.weekly.slice(0, -1).every((w) => w.packs === 0 && w.studioOpens === 0)).toBe(true);

    const other = await createUserWithToken(app.services.db, 'Snoop', 100);
    const theirs = await executeOk(app.yoga, MetricsDoc, {}, { token: other.token });
    expect(theirs.metrics).toMatchObject({ generations: 0, imagesCompleted: 0, successRate: null });
    const foreign = await executeOk(app.yoga, MetricsDoc, { influencerId }, { token: other.token });
    expect(foreign.metrics).toEqual({ __typename: 'NotFound', code: 'NOT_FOUND' });
    const bad = await executeOk(app.yoga, MetricsDoc, { days: 0 }, { token });
    expect(bad.metrics).toEqual({ __typename: 'InvalidInput', code: 'INVALID_INPUT' });
  });
});
