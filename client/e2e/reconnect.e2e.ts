import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesLoaded, launchBrowser, openPage, screenshot } from './harness/browser';
import { sampleFace } from './harness/face';
import { progressSeen, watchProgress } from './harness/progress';
import { StudioServer } from './harness/server';

let server: StudioServer;
let browser: Browser;

beforeAll(async () => {
  server = await StudioServer.create('restart');
  await server.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** An influencer with a face, made through the API the way a script would. */
async function influencerWithFace(name: string): Promise<string> {
  const created = await server.graphql<{ createInfluencer: { influencer: { id: string } } }>(
    `mutation($input: CreateInfluencerInput!) { createInfluencer(input: $input) { ... on CreateInfluencerPayload { influencer { id } } } }`,
    {
      input: { name, gender: 'MALE', age: 31, ethnicity: 'Nordic', hairColor: 'blond', hairStyle: 'short', eyeColor: 'blue', bodyType: 'athletic', defaultOutfit: 'denim_jacket' },
    },
  );
  const id = created.createInfluencer.influencer.id;
  const uploaded = await server.upload<{ setBaseImage: { __typename: string } }>(
    `mutation($input: SetBaseImageInput!) { setBaseImage(input: $input) { __typename } }`,
    { input: { influencerId: id, image: null } },
    'input.image',
    { bytes: await sampleFace(11), name: 'face.png', type: 'image/png' },
  );
  expect(uploaded.setBaseImage.__typename).toBe('SetBaseImagePayload');
  return id;
}

describe('the live pack across an API restart', () => {
  it('reconnects, resumes from the new snapshot and ends with every image and no stale progress', async () => {
    const influencerId = await influencerWithFace('Erik Sand');
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/influencers/${encodeURIComponent(influencerId)}/studio`);
    await page.getByRole('heading', { name: 'Erik Sand', level: 1 }).waitFor();

    // HQ × 10 with one GPU worker: long enough to restart the API in the middle of it.
    await page.locator('.segmented label', { hasText: 'HQ' }).click();
    await page.getByRole('radio', { name: '10', exact: true }).check();
    await page.getByRole('button', { name: 'Generate 10 images' }).click();
    await page.waitForURL(/\/studio\/packs\//);
    const jobId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await watchProgress(page);
    await page.locator('.pack-tile[data-status=COMPLETED]').first().waitFor({ timeout: 60_000 });

    const before = Number((await page.getByTestId('pack-progress').textContent())!.split(' ')[0]);
    expect(before).toBeGreaterThanOrEqual(1);
    expect(before).toBeLessThan(10); // the restart really happens during the pack

    // Stop the API (a deploy): the studio notices and keeps trying.
    await server.stop();
    await page.getByText('Connection to the studio server lost — reconnecting…').waitFor();
    const whileDown = Number((await page.getByTestId('pack-progress').textContent())!.split(' ')[0]);

    // Start it again on the same data and port: the subscription resumes from a fresh snapshot.
    await server.start();
    await page.getByText('Connection to the studio server lost — reconnecting…').waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByTestId('pack-status').filter({ hasText: 'Complete' }).waitFor({ timeout: 120_000 });

    expect((await page.getByTestId('pack-progress').textContent())?.trim()).toBe('10 of 10');
    expect(await page.locator('.pack-tile[data-status=COMPLETED]').count()).toBe(10);
    expect(await page.locator('.pack-tile:not([data-status=COMPLETED])').count()).toBe(0);
    await expect.poll(() => imagesLoaded(page, '.pack-grid'), { timeout: 30_000 }).toBe(10);

    // What the studio shows is what the API says, and progress never went backwards.
    const truth = await server.graphql<{ generationJob: { status: string; progress: { completed: number; total: number } } }>(
      `query($id: ID!) { generationJob(id: $id) { status progress { completed total } } }`,
      { id: jobId },
    );
    expect(truth.generationJob).toEqual({ status: 'COMPLETED', progress: { completed: 10, total: 10 } });
    const counts = (await progressSeen(page)).map((s) => Number(s.split(' ')[0]));
    expect(counts.at(-1)).toBe(10);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    expect(counts).toContain(whileDown);

    await page.locator('.studio__scroll').evaluate((el) => el.scrollTo({ top: 0 }));
    await screenshot(page, 'pack-after-restart.png');
    expect(errors).toEqual([]);
    await context.close();
  });
});
