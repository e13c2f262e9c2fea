import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesLoaded, launchBrowser, openPage, screenshot } from './harness/browser';
import { sampleFace } from './harness/face';
import { StudioServer } from './harness/server';

let server: StudioServer;
let browser: Browser;
let influencerId: string;
let packId: string;

const CreateDoc = `mutation($input: CreateInfluencerInput!) { createInfluencer(input: $input) { ... on CreateInfluencerPayload { influencer { id } } } }`;
const BaseDoc = `mutation($input: SetBaseImageInput!) { setBaseImage(input: $input) { __typename } }`;
const GenerateDoc = `mutation($input: GenerateImagesInput!) { generateImages(input: $input) { ... on GenerateImagesPayload { job { id } } ... on Error { message } } }`;
const JobDoc = `query($id: ID!) { generationJob(id: $id) { status images { asset { id url bytes } } } }`;

/** A finished pack through the API, as a script would make it. */
async function finishedPack(scene: string, environment: string) {
  const started = await server.graphql<{ generateImages: { job: { id: string } } }>(GenerateDoc, { input: { influencerId, scene, environment, count: 5 } });
  const id = started.generateImages.job.id;
  // A plain loop: this also runs in beforeAll, where expect.poll is not available.
  for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
    const { generationJob } = await server.graphql<{ generationJob: { status: string } }>(JobDoc, { id });
    if (generationJob.status === 'COMPLETED') return id;
    if (['FAILED', 'PARTIAL', 'CANCELLED'].includes(generationJob.status)) throw new Error(`pack ended ${generationJob.status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('pack did not finish');
}

beforeAll(async () => {
  server = await StudioServer.create('library');
  await server.start();
  browser = await launchBrowser();
  const created = await server.graphql<{ createInfluencer: { influencer: { id: string } } }>(CreateDoc, {
    input: {
      name: 'Zoë Laurent',
      gender: 'FEMALE',
      age: 27,
      ethnicity: 'Mediterranean',
      hairColor: 'auburn',
      hairStyle: 'long wavy',
      eyeColor: 'green',
      bodyType: 'athletic',
      defaultOutfit: 'white_tee_jeans',
    },
  });
  influencerId = created.createInfluencer.influencer.id;
  await server.upload(BaseDoc, { input: { influencerId, image: null } }, 'input.image', { bytes: await sampleFace(3), name: 'zoe.png', type: 'image/png' });
  packId = await finishedPack('beach_day', 'beach');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const tiles = (page: Page) => page.locator('.asset-tile');

/** Entry name → size of a ZIP file on disk. */
async function zipEntries(file: string): Promise<Map<string, number>> {
  const bytes = await readFile(file);
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, number>();
      zip.on('entry', (e: yauzl.Entry) => {
        out.set(e.fileName, e.uncompressedSize);
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    }),
  );
}

describe('the studio as a library', () => {
  it('downloads an image (bytes equal the original) and a pack as a ZIP; steps through the detail with the arrow keys', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/gallery`);
    await expect.poll(() => tiles(page).count()).toBe(6);
    expect(await page.locator('.asset-tile__kind', { hasText: 'Generated' }).count()).toBe(0); // no redundant badge
    const job = (await server.graphql<{ generationJob: { images: { asset: { id: string; url: string; bytes: number } }[] } }>(JobDoc, { id: packId })).generationJob;

    await tiles(page).first().click();
    await page.getByTestId('asset-metadata').waitFor();
    expect(await page.getByTestId('asset-position').textContent()).toBe('1 of 6');
    const firstId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^zoe-laurent-beach-day-\d\.png$/);
    const saved = await readFile((await download.path())!);
    const asset = job.images.find((i) => i.asset.id === firstId)!.asset;
    const original = Buffer.from(await (await fetch(new URL(asset.url, server.url))).arrayBuffer());
    expect(saved.equals(original)).toBe(true);
    await expect.poll(() => imagesLoaded(page, '.asset-detail__image')).toBe(1);
    await screenshot(page, 'asset-detail-download.png');

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('asset-position').textContent()).toBe('2 of 6');
    expect(decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!)).not.toBe(firstId);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('asset-position').textContent()).toBe('3 of 6');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('asset-position').textContent()).toBe('2 of 6');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Gallery', level: 1 }).waitFor();

    await page.goto(`${server.url}/influencers/${encodeURIComponent(influencerId)}/studio/packs/${encodeURIComponent(packId)}`);
    await page.getByTestId('pack-status').filter({ hasText: 'Complete' }).waitFor();
    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download pack' }).click()]);
    expect(zip.suggestedFilename()).toBe('zoe-laurent-beach-day-pack.zip');
    const entries = await zipEntries((await zip.path())!);
    expect([...entries.keys()]).toEqual([1, 2, 3, 4, 5].map((n) => `zoe-laurent-beach-day-${n}.png`));
    expect([...entries.values()]).toEqual(job.images.map((i) => i.asset.bytes));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('favourites and filters by them; multi-selects with shift-click, deletes and undoes', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/gallery`);
    await expect.poll(() => tiles(page).count()).toBe(6);
    await page.getByRole('button', { name: 'Favourite Image 2' }).click();
    await page.getByRole('button', { name: 'Remove favourite Image 2' }).waitFor();
    await page.getByRole('button', { name: '★ Favourites' }).click();
    await expect.poll(() => tiles(page).count()).toBe(1);
    await page.getByRole('button', { name: '★ Favourites' }).click();
    await expect.poll(() => tiles(page).count()).toBe(6);

    await page.getByLabel('Select Image 1', { exact: true }).click();
    await page.getByLabel('Select Image 3', { exact: true }).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('3 selected');
    await expect.poll(() => imagesLoaded(page, '.virtual-grid')).toBe(6);
    await screenshot(page, 'gallery-selection.png');
    await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => tiles(page).count()).toBe(3);
    const listed = await server.graphql<{ assets: { nodes: unknown[] } }>(`{ assets(first: 50) { nodes { id } } }`);
    expect(listed.assets.nodes).toHaveLength(3);
    await page.locator('.toast').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => tiles(page).count()).toBe(6);
    expect((await server.graphql<{ assets: { nodes: unknown[] } }>(`{ assets(first: 50) { nodes { id } } }`)).assets.nodes).toHaveLength(6);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('edits the character and replaces the base image by drag-and-drop', async () => {
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/influencers/${encodeURIComponent(influencerId)}`);
    await page.getByRole('button', { name: 'Edit character' }).click();
    await page.locator('.influencer-editor input[name=hairColor]').fill('platinum');
    await page.locator('.influencer-editor select[name=defaultOutfit]').selectOption('leather_jacket');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.toast', { hasText: 'Changes saved' }).waitFor();
    const after = await server.graphql<{ influencer: { hairColor: string; defaultOutfit: string; baseImage: { id: string } } }>(
      `query($id: ID!) { influencer(id: $id) { hairColor defaultOutfit baseImage { id } } }`,
      { id: influencerId },
    );
    expect(after.influencer).toMatchObject({ hairColor: 'platinum', defaultOutfit: 'leather_jacket' });

    await page.getByRole('button', { name: 'Edit character' }).click();
    const face = (await sampleFace(7, 640)).toString('base64');
    const transfer = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'new-face.png', { type: 'image/png' }));
      return dt;
    }, face);
    await page.getByTestId('base-image-drop').dispatchEvent('drop', { dataTransfer: transfer });
    await page.getByTestId('base-image-preview').waitFor();
    await page.getByRole('button', { name: 'Use this photo…' }).click();
    await page
      .getByRole('alertdialog', { name: 'Replace the base image?' })
      .getByText(/restarts it/)
      .waitFor();
    await screenshot(page, 'edit-influencer.png', { fullPage: true });
    await page.getByRole('button', { name: 'Replace base image' }).click();
    await page.locator('.toast', { hasText: 'Base image replaced' }).waitFor();
    const replaced = await server.graphql<{ influencer: { baseImage: { id: string; width: number } } }>(`query($id: ID!) { influencer(id: $id) { baseImage { id width } } }`, {
      id: influencerId,
    });
    expect(replaced.influencer.baseImage.id).not.toBe(after.influencer.baseImage.id);
    expect(replaced.influencer.baseImage.width).toBe(640);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the metrics page with charts drawn from real packs', async () => {
    await finishedPack('night_out', 'cafe');
    await server.graphql(`mutation($i: TrackEventInput!) { trackEvent(input: $i) { __typename } }`, { i: { name: 'studio_opened', influencerId } });
    const { context, page, errors } = await openPage(browser);
    await page.goto(`${server.url}/metrics`);
    await page.getByRole('heading', { name: 'Metrics', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('stat-success').textContent()).toBe('100%');
    expect(await page.getByTestId('stat-packs').textContent()).toMatch(/^2 · [1-9]/);
    // Charts are canvases drawn by chart.js: their data points come from the API's numbers.
    await expect.poll(() => page.getByTestId('chart-images').getAttribute('data-points')).toBe('1');
    expect(await page.getByTestId('chart-scenes').getAttribute('data-points')).toBe('2');
    expect(await page.getByTestId('chart-environments').getAttribute('data-points')).toBe('2');
    // GPU cost per day: today's packs ran on the (simulated) GPU, so today's bar is there.
    expect(await page.getByTestId('chart-gpu-cost').getAttribute('data-points')).toBe('1');
    expect(await page.getByTestId('stat-gpu').textContent()).toMatch(/^\$\d+\.\d\d · \d+ s$/);
    const painted = await page.getByTestId('chart-scenes').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(500);
    await screenshot(page, 'metrics.png', { fullPage: true });
    await page.getByLabel('Influencer', { exact: true }).selectOption({ label: 'Zoë Laurent' });
    await expect.poll(() => new URL(page.url()).searchParams.get('influencer')).toBe(influencerId);
    expect(errors).toEqual([]);
    await context.close();
  });
});
