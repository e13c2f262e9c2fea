import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('HTTP surface', () => {
  it('serves GraphiQL with the tour document at /graphql for browsers', async () => {
    const res = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Content Studio API');
    expect(html).toContain('createInfluencer');
    // Nothing from a CDN: every script, stylesheet and worker is served by this server.
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(\/graphiql-assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(2);
    for (const asset of assets) {
      const served = await fetch(`${app.url}${asset}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('cache-control')).toContain('immutable');
      expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    }
    const worker = assets[0]!.replace(/[^/]+$/, 'monacoeditorwork/graphql.worker..bundle.js');
    expect((await fetch(`${app.url}${worker}`)).status).toBe(200);
    expect((await fetch(`${app.url}${worker.replace('graphql.worker', 'evil')}`)).status).toBe(404);
    expect((await fetch(`${app.url}/graphiql-assets/0.0.0/graphiql.css`)).status).toBe(404);
  });

  it('answers a database outage with a masked, retryable 503', async () => {
    const broken = await startTestApp();
    try {
      await broken.services.database.pool.end(); // every query now fails unexpectedly
      const res = await fetch(`${broken.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${broken.devToken}` },
        body: JSON.stringify({ query: '{ presets { scenes { id } } influencers(first: 1) { edges { node { id } } } }' }),
      });
      const text = await res.text();
      // A database outage is the service's fault (503, retryable), said in words, nothing internal.
      expect(res.status).toBe(503);
      expect(JSON.parse(text).errors[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE' } });
      expect(text).not.toMatch(/pool|stack|\.ts:|pg-/i);
    } finally {
      await broken.close().catch(() => {});
    }
  });
});
