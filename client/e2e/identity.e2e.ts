import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesLoaded, launchBrowser, openPage, screenshot } from './harness/browser';
import { sampleFace } from './harness/face';
import { freePort, StudioServer } from './harness/server';

let server: StudioServer;
let browser: Browser;
let gpuPort: number;

beforeAll(async () => {
  gpuPort = await freePort();
  // A known local GPU port, so the test can turn on its off-identity injection.
  server = await StudioServer.create('identity', { LOCAL_GPU_PORT: String(gpuPort) });
  await server.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Of the images rendered from now on, every ⌊n × rate⌋-th first render shows someone else (a re-render never does). */
async function offIdentity(rate: number) {
  const response = await fetch(`http://127.0.0.1:${gpuPort}/_local/config/image`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer local-gpu-key' },
    body: JSON.stringify({ offIdentityRate: rate }),
  });
  expect(response.status).toBe(200);
}

async function influencerWithFace(name: string, face: number): Promise<string> {
  const created = await server.graphql<{ createInfluencer: { influencer: { id: string } } }>(
    `mutation($input: CreateInfluencerInput!) { createInfluencer(input: $input) { ... on CreateInfluencerPayload { influencer { id } } } }`,
    {
      input: { name, gender: 'FEMALE', age: 29, ethnicity: 'Latina', hairColor: 'black', hairStyle: 'bob', eyeColor: 'brown', bodyType: 'slim', defaultOutfit: 'white_tee_jeans' },
    },
  );
  const id = created.createInfluencer.influencer.id;
  const uploaded = await server.upload<{ setBaseImage: { __typename: string } }>(
    `mutation($input: SetBaseImageInput!) { setBaseImage(input: $input) { __typename } }`,
    { input: { influencerId: id, image: null } },
    'input.image',
    { bytes: await sampleFace(face), name: 'face.png', type: 'image/png' },
  );
  expect(uploaded.setBaseImage.__typename).toBe('SetBaseImagePayload');
  return id;
}

/** Records, in the page, whether any pack tile ever said it was re-rendering and what it said. */
async function watchRerenders(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __rerenders: string[] };
    w.__rerenders = [];
    const read = () => {
      for (const el of document.querySelectorAll('[data-testid=rerendering]')) {
        const t = el.textContent?.trim() ?? '';
        if (!w.__rerenders.includes(t)) w.__rerenders.push(t);
      }
    };
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
    read();
  });
}

const chipBands = (page: Page, selector: string) => page.$$eval(`${selector} .identity-chip`, (chips) => chips.map((c) => c.getAttribute('data-band')));

interface PackImage {
  index: number;
  identityRerenders: number;
  asset: { id: string; identityScore: number | null; identityStatus: string; replacedRender: { id: string; identityScore: number | null } | null } | null;
}

describe('face identity in the studio', () => {
  it('scores every tile of a pack, re-renders the drifted faces, and shows base face vs image face in the detail', async () => {
    const influencerId = await influencerWithFace('Lucía Ortega', 5);
    const { threshold } = (await server.graphql<{ identityCalibration: { threshold: number; enabled: boolean } }>(`{ identityCalibration { threshold enabled } }`))
      .identityCalibration;
    await offIdentity(0.4); // of 5 first renders, exactly 2 show someone else

    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/influencers/${encodeURIComponent(influencerId)}/studio`);
    await page.getByRole('heading', { name: 'Lucía Ortega', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Generate 5 images' }).click();
    await page.waitForURL(/\/studio\/packs\//);
    const packId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
    await watchRerenders(page);

    // The pack ends after its last score: every tile has a score chip then, none still "scoring…".
    await page.getByTestId('pack-status').filter({ hasText: 'Complete' }).waitFor({ timeout: 90_000 });
    expect(await page.locator('.pack-tile[data-status=COMPLETED]').count()).toBe(5);
    await expect.poll(() => chipBands(page, '.pack-grid')).toHaveLength(5);
    for (const band of await chipBands(page, '.pack-grid')) expect(['strong', 'match', 'drift']).toContain(band);
    expect(await page.locator('.pack-grid .identity-chip').first().textContent()).toMatch(/\d\.\d\d/);
    expect(await page.locator('.pack-grid .identity-chip').first().getAttribute('title')).toMatch(/real face model/);
    // The drifted images said so while they were rendered again.
    expect(await page.evaluate(() => (window as unknown as { __rerenders: string[] }).__rerenders)).toEqual(["re-rendering: face didn't match"]);
    await expect.poll(() => imagesLoaded(page, '.pack-grid')).toBe(5);
    await page.locator('.studio__scroll').evaluate((el) => el.scrollTo({ top: 0 }));
    await screenshot(page, 'pack-identity.png');

    // The API agrees: the off-identity renders were re-rendered once, each keeps its drifted render as lineage.
    const { generationJob } = await server.graphql<{ generationJob: { images: PackImage[] } }>(
      `query($id: ID!) { generationJob(id: $id) { images { index identityRerenders asset { id identityScore identityStatus replacedRender { id identityScore } } } } }`,
      { id: packId },
    );
    const rerendered = generationJob.images.filter((i) => i.identityRerenders > 0);
    expect(rerendered.length).toBeGreaterThanOrEqual(2);
    for (const image of generationJob.images) expect(image.asset!.identityScore).not.toBeNull();
    const shown = rerendered[0]!;
    const asset = shown.asset!;
    expect(asset.replacedRender).not.toBeNull();
    expect(asset.replacedRender!.identityScore!).toBeLessThan(threshold);

    // The detail of a re-rendered image: the base face beside this image's face, the score, the replaced render.
    await page.getByRole('link', { name: `Open Image ${shown.index + 1} in the gallery` }).click();
    await page.getByTestId('identity-panel').waitFor();
    const panel = page.getByTestId('identity-panel');
    await expect.poll(() => panel.locator('.face-crop img').count()).toBe(2);
    await expect.poll(() => imagesLoaded(page, '[data-testid=identity-panel]')).toBe(2);
    expect(await panel.getByRole('img', { name: "Lucía Ortega's base face" }).count()).toBe(1);
    expect(await panel.getByRole('img', { name: 'The face in this image' }).count()).toBe(1);
    expect(await panel.getByTestId('identity-score').textContent()).toBe(asset.identityScore!.toFixed(2));
    expect(await panel.locator('.identity-chip').textContent()).toContain(asset.identityScore!.toFixed(2));
    // Each crop is its face box, scaled up inside a square frame (CSS only): the image is wider than the frame.
    const frames = await panel
      .locator('.face-crop')
      .evaluateAll((figs) =>
        figs.map((f) => ({ frame: f.querySelector('.face-crop__frame')!.getBoundingClientRect().width, img: f.querySelector('img')!.getBoundingClientRect().width })),
      );
    for (const f of frames) expect(f.img).toBeGreaterThan(f.frame * 1.2);
    expect(await panel.textContent()).toMatch(/simulated/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'asset-identity.png');

    // The replaced render is kept (hidden from the gallery) and reachable from its re-render.
    await panel.getByRole('link', { name: "replaced a render whose face didn't match" }).click();
    await page.waitForURL(new RegExp(`/gallery/${encodeURIComponent(asset.replacedRender!.id)}$`));
    await page.getByTestId('identity-panel').getByRole('link', { name: 'rendered again' }).waitFor();
    expect(await page.getByTestId('identity-panel').locator('.identity-chip').getAttribute('data-band')).toBe('drift');
    await expect.poll(() => imagesLoaded(page, '[data-testid=identity-panel]')).toBe(2);
    await page.getByTestId('identity-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'asset-identity-drifted.png');

    // The gallery: chips on the generated tiles (the base image is the reference: no chip); drifted renders left out.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gallery' }).click();
    await page.getByRole('heading', { name: 'Gallery', level: 1 }).waitFor();
    await expect.poll(() => page.locator('.asset-tile').count()).toBe(6);
    await expect.poll(() => chipBands(page, '.virtual-grid')).toHaveLength(5);
    await expect.poll(() => imagesLoaded(page, '.virtual-grid')).toBe(6);
    await screenshot(page, 'gallery-identity.png');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('reports face consistency per mode on the Metrics page', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/metrics`);
    await page.getByTestId('identity-metrics').waitFor();
    expect(await page.getByTestId('consistency-FACE_REF').textContent()).toMatch(/^\d+%$/);
    expect(await page.getByTestId('consistency-LORA').textContent()).toBe('—');
    expect(errors).toEqual([]);
    await context.close();
  });
});
