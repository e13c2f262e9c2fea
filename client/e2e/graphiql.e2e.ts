import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './harness/browser';
import { StudioServer } from './harness/server';

let server: StudioServer;
let browser: Browser;

beforeAll(async () => {
  server = await StudioServer.create('graphiql');
  await server.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const loopback = (url: string) => {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
};

describe('GraphiQL with the network off', () => {
  it('loads from the server alone and runs the tour’s Presets query from the editor', async () => {
    const { context, page, errors } = await openPage(browser);
    // Every request that would leave the machine is aborted (and remembered: there should be none).
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (loopback(url)) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    const served: string[] = [];
    page.on('response', (r) => served.push(new URL(r.url()).pathname));

    await page.goto(`${server.url}/graphql`);
    const editor = page.locator('.graphiql-query-editor');
    await editor.getByText('query Presets').waitFor({ timeout: 60_000 });

    // Cursor inside the Presets operation, then Ctrl+Enter runs the operation under the cursor.
    await editor.getByText('query Presets').click();
    await page.keyboard.press('Control+Enter');
    const response = page.locator('.graphiql-response');
    await response.getByText('"scenes"').waitFor({ timeout: 30_000 });
    await expect(response.textContent()).resolves.toContain('"data"');
    await screenshot(page, 'graphiql-offline.png');

    expect(blocked).toEqual([]);
    // The bundle, its CSS and Monaco's GraphQL worker came from this server.
    expect(served.filter((p) => p.startsWith('/graphiql-assets/'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/yoga-graphiql\.umd\.js$/), expect.stringMatching(/graphiql\.css$/), expect.stringMatching(/graphql\.worker\.\.bundle\.js$/)]),
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
